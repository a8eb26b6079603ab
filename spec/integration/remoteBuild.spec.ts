import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUILT_LABEL } from '../../src/compose/buildPlan.js';
import type { LocalPod } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, containersOf, docker, readLog, requireDocker } from './support.js';

const exec = promisify(execFile);

/**
 * A build from a git context, as Compose builds `context:
 * https://host/repo.git#ref:dir`: the Docker daemon clones it. No internet
 * here: `git daemon` serves a bare repository on the loopback, which the
 * daemon (on the host's network) reaches.
 */

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

const git = (cwd: string, ...args: string[]) => exec('git', ['-c', 'user.email=spec@example.invalid', '-c', 'user.name=spec', ...args], { cwd });

const inputsOf = async (pod: LocalPod, type: string): Promise<Array<Record<string, unknown>>> =>
  (await readLog(pod)).records.flatMap((record) => (record.kind === 'input' && record.input.type === type ? [record.input as Record<string, unknown>] : []));

describe('images built from a git context', function () {
  this.timeout(120_000);
  const pods = new PodsUnderTest();
  let root = '';
  let url = '';
  let server: ChildProcess | undefined;
  /** The same repository over git's HTTP protocol (the dumb one: static files), as an https://….git URL is fetched. */
  let http: Server | undefined;
  let httpUrl = '';
  const sandboxes: string[] = [];

  before(async function () {
    await requireDocker.call(this);
    root = await mkdtemp(path.join(tmpdir(), 'compose-executor-git-'));
    const work = path.join(root, 'work');
    await mkdir(path.join(work, 'app'), { recursive: true });
    await git(work, 'init', '-q', '-b', 'main');
    await writeFile(path.join(work, 'app/Dockerfile'), `FROM ${TEST_IMAGE}\nARG GREETING=unset\nCOPY release.txt /release.txt\nRUN echo "$GREETING" > /greeting\n`);
    await writeFile(path.join(work, 'app/release.txt'), 'v1\n');
    await git(work, 'add', '-A');
    await git(work, 'commit', '-q', '-m', 'v1');
    await git(work, 'tag', 'v1');
    // The branch moves on past the tag: the ref in the URL is what is built.
    await writeFile(path.join(work, 'app/release.txt'), 'main\n');
    await git(work, 'commit', '-q', '-am', 'main');
    await git(root, 'clone', '-q', '--bare', work, path.join(root, 'repo.git'));
    await git(path.join(root, 'repo.git'), 'update-server-info');
    http = createHttpServer((request, response) => {
      const file = path.join(root, path.normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
      readFile(file).then(
        (body) => response.end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    httpUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/repo.git`;
    const port = await freePort();
    server = spawn('git', ['daemon', `--base-path=${root}`, '--export-all', '--reuseaddr', '--listen=127.0.0.1', `--port=${port}`, root], { stdio: 'ignore' });
    url = `git://127.0.0.1:${port}/repo.git`;
    for (let tries = 0; ; tries += 1) {
      try {
        await exec('git', ['ls-remote', url]);
        break;
      } catch (error) {
        if (tries > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  after(async () => {
    server?.kill();
    http?.close();
    await rm(root, { recursive: true, force: true });
  });

  afterEach(async () => {
    await pods.cleanUp();
    for (const sandbox of sandboxes.splice(0)) await rm(sandbox, { recursive: true, force: true });
  });

  const start = async (compose: string, policy = 'policy:\n  build: allow\n  remote_build_contexts: allow\n') => {
    const sandbox = await mkdtemp(path.join(tmpdir(), 'compose-executor-git-build-'));
    sandboxes.push(sandbox);
    await writeFile(path.join(sandbox, 'docker-compose.yml'), compose);
    await writeFile(path.join(sandbox, 'executor.yml'), policy);
    return pods.start({ sandbox, files: [], env: { COMPOSE_EXECUTOR_CONFIG: path.join(sandbox, 'executor.yml') } });
  };

  it('builds the ref and directory the URL names, with the build options, and runs the image', async () => {
    const pod = await start(`services:\n  web:\n    build:\n      context: ${url}#v1:app\n      args: [GREETING=hello]\n      labels: {team: shop}\n    command: ${JSON.stringify(LONG_RUNNING.command)}\n`);
    await pod.waitForState(['TASK_RUNNING'], 90_000);
    const [ready] = await inputsOf(pod, 'image.ready');
    const image = String(ready?.image);
    try {
      expect(ready).to.include({ built: true });
      expect(image).to.match(/^compose-executor\/web:[0-9a-f]{16}$/);
      const [web] = await containersOf(pod.taskId);
      const out = await exec('docker', ['exec', web!.Id, 'cat', '/release.txt', '/greeting']);
      expect(out.stdout).to.equal('v1\nhello\n');
      expect((await inputsOf(pod, 'image.build_progress')).map((p) => p.instruction)).to.include(`FROM ${TEST_IMAGE}`);
      const labels = (await docker.getImage(image).inspect()).Config.Labels;
      expect(labels).to.include({ team: 'shop', taskId: pod.taskId });
      expect(labels[BUILT_LABEL]).to.equal(image.split(':')[1]);
      pod.kill();
      await pod.finished(20_000);
    } finally {
      await pods.cleanUp();
      await docker.getImage(image).remove({ force: true }).catch(() => {});
    }
  });

  it('builds from an http(s) URL ending in .git, which the daemon clones as a git repository', async () => {
    const pod = await start(`services:\n  web:\n    build: "${httpUrl}#v1:app"\n    command: ${JSON.stringify(LONG_RUNNING.command)}\n`);
    await pod.waitForState(['TASK_RUNNING'], 90_000);
    const [ready] = await inputsOf(pod, 'image.ready');
    try {
      const [web] = await containersOf(pod.taskId);
      expect((await exec('docker', ['exec', web!.Id, 'cat', '/release.txt'])).stdout).to.equal('v1\n');
      pod.kill();
      await pod.finished(20_000);
    } finally {
      await pods.cleanUp();
      await docker.getImage(String(ready?.image)).remove({ force: true }).catch(() => {});
    }
  });

  it("fails the task with the builder's message when the ref is not in the repository", async () => {
    const pod = await start(`services:\n  web:\n    build: ${url}#no-such-ref:app\n`);
    const failed = await pod.waitForState(['TASK_FAILED'], 90_000);
    expect(failed.status.message).to.match(/^service web: build of compose-executor\/web:[0-9a-f]{16} failed: .*couldn't find remote ref no-such-ref/);
    expect(await containersOf(pod.taskId)).to.deep.equal([]);
  });

  it('refuses a git context unless the operator allows remote_build_contexts', async () => {
    const pod = await start(`services:\n  web:\n    build: ${url}#v1:app\n`, 'policy:\n  build: allow\n');
    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);
    expect(failed.status.message).to.include('(policy.remote_build_contexts)');
    expect(await inputsOf(pod, 'image.build_progress')).to.deep.equal([]);
  });
});
