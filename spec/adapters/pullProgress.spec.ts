import { expect } from 'chai';
import { PullProgress, type PullSummary } from '../../src/adapters/pullProgress.js';

describe('pull progress summaries', () => {
  const layer = (id: string, status: string, current?: number, total?: number) => ({
    id,
    status,
    ...(current !== undefined ? { progressDetail: { current, total } } : {}),
  });

  it('reports layers done and bytes, a quarter at a time within a second, and once when the last layer is done', () => {
    let now = 0;
    const progress = new PullProgress(() => now);
    const reported: PullSummary[] = [];
    const add = (line: object) => {
      const summary = progress.add(line);
      if (summary) reported.push(summary);
    };
    add({ id: 'test', status: 'Pulling from compose-executor/busybox' });
    add(layer('a', 'Pulling fs layer'));
    add(layer('b', 'Pulling fs layer'));
    for (let current = 0; current <= 1000; current += 10) add(layer('a', 'Downloading', current, 1000));
    add(layer('a', 'Pull complete'));
    now = 2000;
    add(layer('b', 'Already exists'));
    add({ status: 'Digest: sha256:abc' });

    expect(reported.length).to.be.within(4, 8);
    expect(reported[0]).to.deep.equal({ layersDone: 0, layers: 1, bytesDone: 0, bytesTotal: 0 });
    expect(reported.at(-1)).to.deep.equal({ layersDone: 2, layers: 2, bytesDone: 1000, bytesTotal: 1000 });
    const quarters = reported.filter((summary) => summary.layersDone === 0 && summary.bytesTotal > 0).map((summary) => summary.bytesDone);
    expect(quarters).to.deep.equal([250, 500, 750, 1000]);
  });

  it('says nothing for a line that changes nothing', () => {
    const progress = new PullProgress(() => 0);
    expect(progress.add(layer('a', 'Pulling fs layer'))).to.not.equal(undefined);
    expect(progress.add(layer('a', 'Waiting'))).to.equal(undefined);
  });
});
