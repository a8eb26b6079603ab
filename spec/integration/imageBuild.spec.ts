import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUILT_LABEL } from '../../src/compose/buildPlan.js';
import type { LocalPod } from '../../src/agent/localPod.js';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, containersOf, docker, readLog, requireDocker } from './support.js';

const exec = promisify(execFile);

/** Pushed to the loopback registry by scripts/docker-env.sh. */
const REGISTRY_IMAGE = `127.0.0.1:5000/${TEST_IMAGE}`;

async function inContainer(taskId: string, service: string, script: string): Promise<string> {
  const container = (await containersOf(taskId)).find((c) => c.Labels['com.docker.compose.service'] === service);
  if (!container) throw new Error(`no container of ${service}`);
  return (await exec('docker', ['exec', container.Id, 'sh', '-c', script])).stdout;
}

/** A sandbox holding a build context and the compose file, with builds allowed. */
async function sandboxWith(files: Record<string, string>): Promise<{ sandbox: string; config: string }> {
  const sandbox = await mkdtemp(path.join(tmpdir(), 'compose-executor-build-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(sandbox, name)), { recursive: true });
    await writeFile(path.join(sandbox, name), text);
  }
  const config = path.join(sandbox, 'executor.yml');
  await writeFile(config, 'policy:\n  build: allow\n');
  return { sandbox, config };
}

/** The logged inputs of one type, without their type. */
const inputsOf = async (pod: LocalPod, type: string): Promise<Array<Record<string, unknown>>> =>
  (await readLog(pod)).records.flatMap((record) => {
    if (record.kind !== 'input' || record.input.type !== type) return [];
    const { type: _type, ...rest } = record.input;
    return [rest as Record<string, unknown>];
  });

describe('images built from a context in the sandbox', function () {
  this.timeout(120_000);
  const pods = new PodsUnderTest();
  const sandboxes: string[] = [];
  const images = new Set<string>();
  before(requireDocker);
  afterEach(async () => {
    await pods.cleanUp();
    for (const sandbox of sandboxes.splice(0)) await rm(sandbox, { recursive: true, force: true });
    // Only what these specs built: by our label, and the names they gave.
    for (const image of await docker.listImages({ filters: JSON.stringify({ label: [BUILT_LABEL] }) })) {
      if ((image.RepoTags ?? []).some((tag) => images.has(tag))) await docker.getImage(image.Id).remove({ force: true }).catch(() => {});
    }
    images.clear();
  });

  const start = async (files: Record<string, string>, compose: string) => {
    const { sandbox, config } = await sandboxWith({ ...files, 'docker-compose.yml': compose });
    sandboxes.push(sandbox);
    return pods.start({ sandbox, files: [], env: { COMPOSE_EXECUTOR_CONFIG: config } });
  };

  const context = {
    'app/Dockerfile': `FROM ${TEST_IMAGE}\nARG GREETING=unset\nCOPY . /app\nRUN echo "$GREETING" > /greeting\n`,
    'app/.dockerignore': 'secret.txt\n*.log\n!keep.log\n',
    'app/index.txt': 'served\n',
    'app/secret.txt': 'not for the image\n',
    'app/debug.log': 'noise\n',
    'app/keep.log': 'kept\n',
  };
  const compose = `services:\n  web:\n    build:\n      context: ./app\n      args: [GREETING=hello]\n      labels: {team: shop}\n    command: ${JSON.stringify(LONG_RUNNING.command)}\n`;

  it('builds the image from the context, leaving out what .dockerignore names, and runs it', async () => {
    const pod = await start(context, compose);
    await pod.waitForState(['TASK_RUNNING'], 90_000);
    expect(await inContainer(pod.taskId, 'web', 'ls -a /app; cat /greeting')).to.equal('.\n..\n.dockerignore\nDockerfile\nindex.txt\nkeep.log\nhello\n');
    const [ready] = await inputsOf(pod, 'image.ready');
    expect(ready).to.include({ built: true });
    const image = String(ready!.image);
    images.add(image);
    expect(image).to.match(/^compose-executor\/web:[0-9a-f]{16}$/);
    // The classic builder applies labels as LABEL steps of its own, after the Dockerfile's.
    const steps = await inputsOf(pod, 'image.build_progress');
    expect(steps.map((p) => p.instruction).filter((instruction) => !String(instruction).startsWith('LABEL '))).to.deep.equal([
      `FROM ${TEST_IMAGE}`,
      'ARG GREETING=unset',
      'COPY . /app',
      'RUN echo "$GREETING" > /greeting',
    ]);
    expect(steps.map((p) => p.step)).to.deep.equal(steps.map((_, i) => i + 1));
    const labels = (await docker.getImage(image).inspect()).Config.Labels;
    expect(labels).to.include({ team: 'shop', taskId: pod.taskId });
    expect(labels[BUILT_LABEL]).to.equal(image.split(':')[1]);
    pod.kill();
    await pod.finished(20_000);
  });

  it('reuses the image a task of the same context built, without building again', async () => {
    const first = await start(context, compose);
    await first.waitForState(['TASK_RUNNING'], 90_000);
    const second = await start(context, compose);
    await second.waitForState(['TASK_RUNNING'], 30_000);
    const [built] = await inputsOf(first, 'image.ready');
    const [reused] = await inputsOf(second, 'image.ready');
    images.add(String(built!.image));
    expect(reused).to.deep.include({ image: built!.image, pulled: false });
    expect(reused).not.to.have.property('built');
    expect(await inputsOf(second, 'image.build_progress')).to.deep.equal([]);
    first.kill();
    second.kill();
    await first.finished(20_000);
    await second.finished(20_000);
  });

  it('fails the task naming the step and the builder\'s message when a RUN fails', async () => {
    // No step before the failing one commits a layer, so the failed build leaves no image behind.
    const pod = await start({ 'Dockerfile': `FROM ${TEST_IMAGE}\nRUN exit 3\n` }, `services:\n  web:\n    build: .\n`);
    const failed = await pod.waitForState(['TASK_FAILED'], 90_000);
    expect(failed.status.message).to.match(/^service web: build of compose-executor\/web:[0-9a-f]{16} failed: at step 2\/\d+ \(RUN exit 3\): The command '\/bin\/sh -c exit 3' returned a non-zero code: 3/);
    expect(await containersOf(pod.taskId)).to.deep.equal([]);
  });

  it('fails the task when the build context is not in the sandbox', async () => {
    const pod = await start({}, `services:\n  web:\n    build: ./nowhere\n`);
    const failed = await pod.waitForState(['TASK_FAILED'], 30_000);
    expect(failed.status.message).to.match(/^service web: build of compose-executor\/web:[0-9a-f]{16} failed: the build context \/.*\/nowhere is not a directory on the agent/);
  });

  it('pulls an image named beside build first, and builds nothing when the pull finds it', async () => {
    // A build would fail: only a pull can make this pod run.
    const pod = await start({ 'Dockerfile': `FROM ${TEST_IMAGE}\nRUN exit 1\n` }, `services:\n  web:\n    image: ${REGISTRY_IMAGE}\n    pull_policy: always\n    build: .\n    command: ${JSON.stringify(LONG_RUNNING.command)}\n`);
    await pod.waitForState(['TASK_RUNNING'], 60_000);
    expect(await inputsOf(pod, 'image.ready')).to.deep.equal([{ taskId: pod.taskId, image: REGISTRY_IMAGE, pulled: true }]);
    expect(await inputsOf(pod, 'image.build_progress')).to.deep.equal([]);
    pod.kill();
    await pod.finished(20_000);
  });

  it('builds an image named beside build when no registry has it, and tags it with that name', async () => {
    const name = `127.0.0.1:5000/compose-executor/never-pushed-${process.pid}:1`;
    images.add(name);
    // The builder's options reach its RUN steps: here extra_hosts.
    const dockerfile = `FROM ${TEST_IMAGE}\nRUN grep -q alpha /etc/hosts && grep -q beta /etc/hosts && touch /built-here\n`;
    const pod = await start({}, `services:\n  web:\n    image: ${name}\n    build:\n      context: .\n      dockerfile_inline: ${JSON.stringify(dockerfile)}\n      extra_hosts: [alpha:10.0.0.1, beta=10.0.0.2]\n      shm_size: 32m\n      ulimits: {nofile: 4096}\n    command: ${JSON.stringify(LONG_RUNNING.command)}\n`);
    await pod.waitForState(['TASK_RUNNING'], 90_000);
    expect(await inputsOf(pod, 'image.ready')).to.deep.equal([{ taskId: pod.taskId, image: name, pulled: false, built: true }]);
    expect(await inContainer(pod.taskId, 'web', 'ls /built-here')).to.equal('/built-here\n');
    const [web] = await containersOf(pod.taskId);
    expect(web!.Image).to.equal(name);
    pod.kill();
    await pod.finished(20_000);
  });
});
