import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Every temporary file of a test run, the executors' sandboxes included,
 * goes under one directory made for the run and removed after it, so a run
 * leaves nothing behind in the system's temp directory whatever a spec
 * forgets. `KEEP_TEST_TMP=1` keeps it, to read after a failure.
 */
let root: string | undefined;
let previous: string | undefined;

export function mochaGlobalSetup(): void {
  previous = process.env.TMPDIR;
  root = mkdtempSync(path.join(tmpdir(), 'compose-executor-spec-'));
  // os.tmpdir() reads TMPDIR at each call; the executors the specs spawn inherit it.
  process.env.TMPDIR = root;
}

export function mochaGlobalTeardown(): void {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  if (root === undefined) return;
  if (process.env.KEEP_TEST_TMP === '1') process.stderr.write(`test files kept in ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
}
