import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ComposeSource } from '../../src/compose/load.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A fixture file as `loadCompose` takes it, named as a user would name it. */
export const fixture = (name: string): ComposeSource => ({ name, text: readFileSync(path.join(fixtures, name), 'utf8') });

export const fixturesDir = fixtures;
