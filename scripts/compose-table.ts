import { readFileSync, writeFileSync } from 'node:fs';
import { COMPOSE_TABLE_END, COMPOSE_TABLE_START, withComposeTable } from '../src/compose/keyTable.js';

/** Rewrites the README's compose table from src/compose/keyTable.ts: `npx tsx scripts/compose-table.ts`. */
const readme = new URL('../README.md', import.meta.url);
const text = readFileSync(readme, 'utf8');
if (!text.includes(COMPOSE_TABLE_START) || !text.includes(COMPOSE_TABLE_END)) {
  process.stderr.write(`README.md has no ${COMPOSE_TABLE_START} / ${COMPOSE_TABLE_END} markers\n`);
  process.exit(1);
}
writeFileSync(readme, withComposeTable(text));
