import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBuiltImages, removeBuiltImages } from '../../src/adapters/builtImages.js';
import { buildOptions, contextTar } from '../../src/adapters/imageBuilder.js';
import { ownerAlive } from '../../src/adapters/leftovers.js';
import { BUILT_LABEL, type BuildPlan } from '../../src/compose/buildPlan.js';
import { TEST_IMAGE, docker, requireDocker } from './support.js';

describe('images the executor built, for gc', function () {
  this.timeout(60_000);
  const taskId = `gc-images-${process.pid}`;
  const tag = `compose-executor/gc-spec:${process.pid}`;
  let context: string;
  before(requireDocker);
  beforeEach(async () => {
    context = await mkdtemp(path.join(tmpdir(), 'built-images-'));
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${TEST_IMAGE}\n`);
    const build: BuildPlan = { context, dockerfile: 'Dockerfile', tags: [tag], labels: { [BUILT_LABEL]: 'spec', taskId }, policy: 'missing' };
    // Built by an executor that is gone: a boot that is not this one.
    const stream = await docker.buildImage(await contextTar(build), buildOptions(build, { 'compose-executor.pid': '1', 'compose-executor.boot-id': 'an-earlier-boot' }));
    await new Promise((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve(undefined))));
  });
  afterEach(async () => {
    await docker.getImage(tag).remove({ force: true }).catch(() => {});
    await rm(context, { recursive: true, force: true });
  });

  const orphaned = async (labels: Record<string, string>) => !(await ownerAlive(labels));

  it('finds an image whose builder is gone and removes it, layers and all', async () => {
    const found = await findBuiltImages(docker, orphaned, taskId);
    expect(found.map((image) => image.tags)).to.deep.equal([[tag]]);
    expect(await removeBuiltImages(docker, found)).to.deep.include({ failures: [] });
    expect(await docker.getImage(tag).inspect().then(() => 'present', () => 'gone')).to.equal('gone');
  });

  it('leaves an image a container uses, even a stopped one', async () => {
    const container = await docker.createContainer({ Image: tag, Cmd: ['true'] });
    try {
      expect(await findBuiltImages(docker, orphaned, taskId)).to.deep.equal([]);
    } finally {
      await container.remove({ force: true });
    }
    expect(await findBuiltImages(docker, orphaned, taskId)).to.have.length(1);
  });
});
