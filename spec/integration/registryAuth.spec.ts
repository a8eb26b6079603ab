import { expect } from 'chai';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, composeFile, docker, executorLog, requireDocker } from './support.js';

/** The registry scripts/docker-env.sh starts with htpasswd auth, and the login it made there. */
const AUTH_REGISTRY = '127.0.0.1:5001';
const IMAGE = `${AUTH_REGISTRY}/${TEST_IMAGE}`;
const USER = 'compose-executor';
const PASSWORD = 'loopback-only-test-password';

describe('pulls from a registry that wants a login', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  let dockerConfig: string;
  before(requireDocker);
  beforeEach(async () => {
    await docker.getImage(IMAGE).remove().catch(() => {});
    // An empty client config of its own, so a login on this machine cannot leak into the spec.
    dockerConfig = await mkdtemp(path.join(tmpdir(), 'docker-config-'));
  });
  afterEach(() => pods.cleanUp());

  const start = (env: Record<string, string>) =>
    pods.start({ files: [{ name: 'docker-compose.yml', text: composeFile({ web: { ...LONG_RUNNING, image: IMAGE } }) }], env: { DOCKER_CONFIG: dockerConfig, ...env } });

  async function expectRunningWithoutLeakingThePassword(env: Record<string, string>) {
    const pod = await start(env);
    await pod.waitForState(['TASK_RUNNING']);
    pod.kill();
    await pod.finished(30_000);
    expect(pod.states().at(-1)).to.equal('TASK_KILLED');
    const events = await readFile(path.join(pod.sandbox, 'events.jsonl'), 'utf8');
    expect(events).to.contain('"image.ready"');
    for (const text of [events, await executorLog(pod)]) {
      expect(text).to.not.contain(PASSWORD);
      expect(text).to.not.contain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
    }
  }

  it('fails the task naming the registry and where a login could be given, when none is', async () => {
    const pod = await start({});
    const failed = await pod.waitForState(['TASK_FAILED'], 40_000);
    expect(failed.status.message).to.contain(`pull of ${IMAGE} refused by registry ${AUTH_REGISTRY}`);
    expect(failed.status.message).to.contain("no login for 127.0.0.1:5001 was found in the executor config's registry_auth");
    expect(failed.status.message).to.contain(path.join(dockerConfig, 'config.json'));
  });

  it("pulls with the login in the executor config's registry_auth", async () => {
    const config = path.join(dockerConfig, 'executor.yml');
    await writeFile(config, `registry_auth:\n  "${AUTH_REGISTRY}":\n    username: ${USER}\n    password: ${PASSWORD}\n`);
    await expectRunningWithoutLeakingThePassword({ COMPOSE_EXECUTOR_CONFIG: config });
  });

  it("pulls with the login in Docker's config.json", async () => {
    const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    await writeFile(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [AUTH_REGISTRY]: { auth } } }));
    await expectRunningWithoutLeakingThePassword({});
  });

  it('says whose login the registry refused', async () => {
    const config = path.join(dockerConfig, 'executor.yml');
    await writeFile(config, `registry_auth:\n  "${AUTH_REGISTRY}":\n    username: ${USER}\n    password: not-the-password\n`);
    const pod = await start({ COMPOSE_EXECUTOR_CONFIG: config });
    const failed = await pod.waitForState(['TASK_FAILED'], 40_000);
    expect(failed.status.message).to.contain(`the login for ${AUTH_REGISTRY} from the executor config's registry_auth was refused`);
    expect(await readFile(path.join(pod.sandbox, 'events.jsonl'), 'utf8')).to.not.contain('not-the-password');
  });
});
