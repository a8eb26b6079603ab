import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundle } from '../../scripts/bundle.js';

const run = promisify(execFile);

describe('the single-file bundle', function () {
  this.timeout(60_000);
  let directory: string;
  let file: string;

  before(async () => {
    // Outside the repository, so nothing can come from node_modules.
    directory = await mkdtemp(path.join(tmpdir(), 'compose-executor-bundle-'));
    file = path.join(directory, 'compose-executor.mjs');
    await bundle(file);
  });

  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('prints the usage with --help, every dependency inside the one file', async () => {
    const { stdout } = await run(process.execPath, [file, '--help'], { cwd: directory });
    expect(stdout).to.match(/^usage:\n {2}compose-executor {2,}run as a Mesos executor/);
  });

  it("runs as the executor and names what is missing from the agent's environment", async () => {
    const failed = await run(process.execPath, [file], { cwd: directory, env: { PATH: process.env['PATH'] ?? '' } }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).to.equal(1);
    expect(failed?.stderr).to.contain('MESOS_AGENT_ENDPOINT: missing');
  });
});
