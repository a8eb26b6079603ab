import { expect } from 'chai';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/adapters/logger.js';
import { ImagePuller } from '../../src/adapters/imagePuller.js';
import { TEST_IMAGE, docker, requireDocker } from './support.js';

/** Pushed to the loopback registry by scripts/docker-env.sh. */
const REGISTRY_IMAGE = `127.0.0.1:5000/${TEST_IMAGE}`;

describe('periodic pull policies (daily, weekly, every_<duration>) on the real engine', function () {
  this.timeout(60_000);
  before(requireDocker);

  it('pulls only once the host\'s image was tagged longer ago than the period, judged by LastTagTime as Compose does', async () => {
    const puller = new ImagePuller(docker, createLogger(path.join(os.tmpdir(), `pull-policy-spec-${process.pid}.log`)), { attempts: 2, firstBackoffMs: 100 });
    // Tagging stamps LastTagTime now.
    await docker.pull(REGISTRY_IMAGE).then((stream) => new Promise((resolve) => docker.modem.followProgress(stream, resolve)));
    await docker.getImage(TEST_IMAGE).tag({ repo: '127.0.0.1:5000/compose-executor/busybox', tag: 'test' });
    const tagged = Date.parse(((await docker.getImage(REGISTRY_IMAGE).inspect()) as unknown as { Metadata: { LastTagTime: string } }).Metadata.LastTagTime);
    expect(Date.now() - tagged).to.be.below(30_000);

    const within = await puller.ensure({ type: 'image.pull', taskId: 't', image: REGISTRY_IMAGE, policy: 'refresh', refreshAfterMs: 12 * 3_600_000 });
    expect(within).to.deep.include({ type: 'image.ready', pulled: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stale = await puller.ensure({ type: 'image.pull', taskId: 't', image: REGISTRY_IMAGE, policy: 'refresh', refreshAfterMs: 10 });
    expect(stale).to.deep.include({ type: 'image.ready', pulled: true });
    const missing = await puller.ensure({ type: 'image.pull', taskId: 't', image: '127.0.0.1:5000/compose-executor/no-such-image:1', policy: 'refresh', refreshAfterMs: 12 * 3_600_000 });
    expect(missing.type).to.equal('image.pull_failed');
  });
});
