import { readFileSync, writeFileSync } from 'node:fs';
import { lifecycleDiagrams } from '../src/diagrams/lifecycleDiagrams.js';
import { README_DIAGRAMS, withReadmeDiagrams } from '../src/diagrams/readmeDiagrams.js';

/** Rewrites the README's lifecycle diagrams from the machines: `npx tsx scripts/readme-diagrams.ts`. */
const readme = new URL('../README.md', import.meta.url);
const updated = withReadmeDiagrams(readFileSync(readme, 'utf8'), await lifecycleDiagrams(['mermaid']), README_DIAGRAMS);
if (updated === null) {
  process.stderr.write('README.md lacks a <!-- diagram:NAME:start --> / <!-- diagram:NAME:end --> pair\n');
  process.exit(1);
}
writeFileSync(readme, updated);
