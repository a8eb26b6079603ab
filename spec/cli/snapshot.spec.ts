import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundle, bundleSnapshot } from '../../scripts/bundle.js';

const run = promisify(execFile);

describe('the startup snapshot and its launcher', function () {
  this.timeout(120_000);
  let directory: string;
  let launcher: string;

  before(async () => {
    // Outside the repository, so nothing can come from node_modules.
    directory = await mkdtemp(path.join(tmpdir(), 'compose-executor-snapshot-'));
    await bundle(path.join(directory, 'compose-executor.mjs'));
    await bundleSnapshot(path.join(directory, 'compose-executor'));
    launcher = path.join(directory, 'compose-executor.sh');
  });

  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('starts node from the snapshot, with the arguments as the CLI gets them (--version is not node\'s)', async () => {
    expect(await readFile(launcher, 'utf8')).to.contain(`= "${process.version}"`);
    const { stdout } = await run(launcher, ['--version'], { cwd: directory });
    expect(stdout).to.match(/^compose-executor \d+\.\d+\.\d+\n$/);
  });

  it('validates a compose file as the bundle does', async () => {
    await writeFile(path.join(directory, 'pod.yml'), 'services:\n  web:\n    image: busybox\n  bad:\n    ports: ["x"]\n');
    const failed = await run(launcher, ['validate', '-f', 'pod.yml'], { cwd: directory }).then(() => undefined, (error: { code: number; stdout: string; stderr: string }) => error);
    const bundled = await run(process.execPath, [path.join(directory, 'compose-executor.mjs'), 'validate', '-f', 'pod.yml'], { cwd: directory }).then(() => undefined, (error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed?.code).to.equal(bundled?.code).and.to.not.equal(undefined);
    expect(failed?.stdout + failed!.stderr).to.equal(bundled?.stdout + bundled!.stderr);
  });

  it('draws as the bundle does, though the snapshot leaves Graphviz out (the launcher runs diagram and replay from the .mjs)', async () => {
    const out = path.join(directory, 'drawn');
    const { stdout } = await run(launcher, ['diagram', '--format', 'svg', '--out', out], { cwd: directory });
    expect(stdout).to.match(/wrote .*\.svg/);
    const svg = await readFile(path.join(out, stdout.match(/wrote \S+\/(\S+\.svg)/)![1]!), 'utf8');
    expect(svg).to.contain('<svg');
  });

  it("runs as the executor and names what is missing from the agent's environment", async () => {
    const failed = await run(launcher, [], { cwd: directory, env: { PATH: process.env['PATH'] ?? '' } }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).to.equal(1);
    expect(failed?.stderr).to.contain('MESOS_AGENT_ENDPOINT: missing');
  });

  it('runs the bundle instead when the node on the PATH is another version than built the snapshot', async () => {
    const fake = path.join(directory, 'bin');
    await run('mkdir', ['-p', fake]);
    // A `node` that says it is another version, then runs the real one: the launcher must not hand it the blob.
    await writeFile(path.join(fake, 'node'), `#!/bin/sh\n[ "$1" = --version ] && { echo v0.0.0; exit 0; }\ncase " $* " in *" --snapshot-blob "*) echo used-the-blob >&2; exit 3;; esac\nexec ${process.execPath} "$@"\n`, { mode: 0o755 });
    const { stdout } = await run(launcher, ['--version'], { cwd: directory, env: { PATH: `${fake}:${process.env['PATH'] ?? ''}` } });
    expect(stdout).to.match(/^compose-executor \d+\.\d+\.\d+\n$/);
  });
});
