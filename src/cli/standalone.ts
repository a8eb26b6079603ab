import { main } from './main.js';

// The entry point of the single-file bundle, which has no bin script around it.
void main(process.argv.slice(2));
