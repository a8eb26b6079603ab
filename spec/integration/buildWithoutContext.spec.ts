import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUILT_LABEL } from '../../src/compose/buildPlan.js';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, containersOf, docker, readLog, requireDocker } from './support.js';

const exec = promisify(execFile);

async function inContainer(taskId: string, service: string, script: string): Promise<string> {
  const container = (await containersOf(taskId)).find((c) => c.Labels['com.docker.compose.service'] === service);
  if (!container) throw new Error(`no container of ${service}`);
  return (await exec('docker', ['exec', container.Id, 'sh', '-c', script])).stdout;
}

/**
 * The long form of `build` without `context`: compose-spec's build.md says
 * the context is then `.`, the directory of the compose file, which on an
 * agent is the task's sandbox.
 */
describe('a build without a context, from the sandbox', function () {
  this.timeout(120_000);
  const pods = new PodsUnderTest();
  const sandboxes: string[] = [];
  before(requireDocker);
  afterEach(async () => {
    await pods.cleanUp();
    for (const sandbox of sandboxes.splice(0)) await rm(sandbox, { recursive: true, force: true });
    for (const image of await docker.listImages({ filters: JSON.stringify({ label: [BUILT_LABEL] }) })) {
      if ((image.RepoTags ?? []).some((tag) => tag.startsWith('compose-executor/nocontext'))) await docker.getImage(image.Id).remove({ force: true }).catch(() => {});
    }
  });

  const start = async (files: Record<string, string>) => {
    const sandbox = await mkdtemp(path.join(tmpdir(), 'compose-executor-nocontext-'));
    sandboxes.push(sandbox);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(sandbox, name), text);
    const config = path.join(sandbox, 'executor.yml');
    await writeFile(config, 'policy:\n  build: allow\n');
    return pods.start({ sandbox, files: [], env: { COMPOSE_EXECUTOR_CONFIG: config } });
  };
  const command = `    command: ${JSON.stringify(LONG_RUNNING.command)}\n`;

  it('builds with a dockerfile named in the sandbox, copying from the sandbox, and runs it', async () => {
    const pod = await start({
      'web.Dockerfile': `FROM ${TEST_IMAGE}\nCOPY index.txt /app/index.txt\n`,
      'index.txt': 'from the sandbox\n',
      'docker-compose.yml': `services:\n  nocontext:\n    build:\n      dockerfile: web.Dockerfile\n${command}`,
    });
    await pod.waitForState(['TASK_RUNNING'], 90_000);
    expect(await inContainer(pod.taskId, 'nocontext', 'cat /app/index.txt')).to.equal('from the sandbox\n');
    pod.kill();
    await pod.finished(20_000);
  });

  it("leaves the executor's own sandbox files out, so a second task of the same files reuses the image", async () => {
    const files = {
      'index.txt': 'same files\n',
      'docker-compose.yml': `services:\n  nocontext:\n    build:\n      dockerfile_inline: |\n        FROM ${TEST_IMAGE}\n        COPY . /ctx\n${command}`,
    };
    const first = await start(files);
    await first.waitForState(['TASK_RUNNING'], 90_000);
    // The sandbox's own files (events.jsonl, executor.log, stdout, stderr, logs) differ per task and never reach the image.
    expect((await inContainer(first.taskId, 'nocontext', 'ls -a /ctx')).split('\n').filter(Boolean)).to.deep.equal(['.', '..', '.compose-executor.Dockerfile', 'docker-compose.yml', 'executor.yml', 'index.txt']);
    const second = await start(files);
    await second.waitForState(['TASK_RUNNING'], 60_000);
    const ready = async (pod: typeof first) => (await readLog(pod)).records.flatMap((r) => (r.kind === 'input' && r.input.type === 'image.ready' ? [r.input] : []));
    const [built] = await ready(first);
    const [reused] = await ready(second);
    expect(built).to.deep.include({ built: true });
    expect(reused).to.deep.include({ image: built!.image, pulled: false });
    expect(reused).not.to.have.property('built');
    first.kill();
    second.kill();
    await first.finished(20_000);
    await second.finished(20_000);
  });

  it('builds an inline Dockerfile with no context, and runs it', async () => {
    const pod = await start({
      'index.txt': 'beside the file\n',
      'docker-compose.yml': `services:\n  nocontext:\n    build:\n      dockerfile_inline: |\n        FROM ${TEST_IMAGE}\n        COPY index.txt /index.txt\n        RUN echo inline > /made\n${command}`,
    });
    await pod.waitForState(['TASK_RUNNING'], 90_000);
    expect(await inContainer(pod.taskId, 'nocontext', 'cat /made /index.txt')).to.equal('inline\nbeside the file\n');
    pod.kill();
    await pod.finished(20_000);
  });
});
