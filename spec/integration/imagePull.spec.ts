import { expect } from 'chai';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, composeFile, containersOf, docker, requireDocker } from './support.js';

/** Pushed to the loopback registry by scripts/docker-env.sh. */
const REGISTRY_IMAGE = `127.0.0.1:5000/${TEST_IMAGE}`;

describe('images pulled for a pod', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  beforeEach(() => docker.getImage(REGISTRY_IMAGE).remove().catch(() => {}));
  afterEach(() => pods.cleanUp());

  it('pulls a missing image from the registry before creating the containers', async () => {
    const pod = await pods.start({
      files: [{ name: 'docker-compose.yml', text: composeFile({ web: { ...LONG_RUNNING, image: REGISTRY_IMAGE } }) }],
    });
    await pod.waitForState(['TASK_RUNNING']);
    expect((await docker.getImage(REGISTRY_IMAGE).inspect()).RepoTags).to.include(REGISTRY_IMAGE);
    const [web] = await containersOf(pod.taskId);
    expect(web!.Image).to.equal(REGISTRY_IMAGE);
    pod.kill();
    await pod.finished(20_000);
  });
});
