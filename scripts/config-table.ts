import { readFileSync, writeFileSync } from 'node:fs';
import { withConfigTable } from '../src/config/configTable.js';

/** Rewrites the README's configuration table from the config codec: `npx tsx scripts/config-table.ts`. */
const readme = new URL('../README.md', import.meta.url);
const updated = withConfigTable(readFileSync(readme, 'utf8'));
if (updated === null) {
  process.stderr.write('README.md has no <!-- config-table:start --> / <!-- config-table:end --> markers\n');
  process.exit(1);
}
writeFileSync(readme, updated);
