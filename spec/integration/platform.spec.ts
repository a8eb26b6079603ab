import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '../../src/adapters/logger.js';
import { ImagePuller } from '../../src/adapters/imagePuller.js';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, composeFile, containersOf, docker, requireDocker } from './support.js';

const run = promisify(execFile);

/** Pushed to the loopback registry by scripts/docker-env.sh; single-platform, as the engine's own. */
const REGISTRY_IMAGE = `127.0.0.1:5000/${TEST_IMAGE}`;
const NATIVE = `linux/${os.arch() === 'x64' ? 'amd64' : os.arch()}`;
const FOREIGN = NATIVE === 'linux/arm64' ? 'linux/amd64' : 'linux/arm64';

/** What Docker Compose v2 says when it creates the file's containers; the project is removed after. */
async function composeCreate(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'platform-oracle-'));
  const project = `platform${process.pid}`;
  try {
    await writeFile(path.join(dir, 'docker-compose.yml'), text);
    const result = await run('docker', ['compose', '-p', project, 'create'], { cwd: dir }).then(
      ({ stdout, stderr }) => stdout + stderr,
      (error: { stdout?: string; stderr?: string }) => `failed: ${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    await run('docker', ['compose', '-p', project, 'down', '--volumes'], { cwd: dir }).catch(() => {});
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a service\'s platform, as Compose passes it to pull and create', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  const logger = createLogger(path.join(os.tmpdir(), `platform-spec-${process.pid}.log`));
  before(requireDocker);
  after(() => pods.cleanUp());

  it('runs a service whose platform is the engine\'s own, and creates it with that platform', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: composeFile({ web: { ...LONG_RUNNING, image: TEST_IMAGE, platform: NATIVE } }) }] });
    await pod.waitForState(['TASK_RUNNING']);
    expect(await containersOf(pod.taskId)).to.have.length(1);
  });

  it('fails the task with Docker\'s own words when the host holds the image for another platform and pull_policy is never, as Compose does', async () => {
    const text = composeFile({ web: { ...LONG_RUNNING, image: TEST_IMAGE, platform: FOREIGN, pull_policy: 'never' } });
    const oracle = await composeCreate(text);
    expect(oracle).to.contain('does not match the specified platform');
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text }] });
    const failed = await pod.waitForState(['TASK_FAILED'], 60_000);
    expect(String(failed.status?.message)).to.contain(`does not match the specified platform: wanted ${FOREIGN}`);
  });

  it('counts an image of another platform as missing, so `missing` pulls the service\'s platform, as Compose does', async () => {
    const puller = new ImagePuller(docker, logger, { attempts: 1, firstBackoffMs: 0 });
    await docker.pull(REGISTRY_IMAGE).then((stream) => new Promise((resolve) => docker.modem.followProgress(stream, resolve)));
    expect(await puller.present(REGISTRY_IMAGE, NATIVE)).to.equal(true);
    expect(await puller.present(REGISTRY_IMAGE, FOREIGN)).to.equal(false);
    const native = await puller.ensure({ type: 'image.pull', taskId: 't', image: REGISTRY_IMAGE, policy: 'missing', platform: NATIVE });
    expect(native).to.deep.include({ type: 'image.ready', pulled: false });
    const foreign = await puller.ensure({ type: 'image.pull', taskId: 't', image: REGISTRY_IMAGE, policy: 'missing', platform: FOREIGN });
    // The loopback registry holds one platform; the engine asked for the other one, as `docker compose pull` would.
    expect(foreign.type === 'image.ready' && foreign.pulled).to.equal(true);
  });
});
