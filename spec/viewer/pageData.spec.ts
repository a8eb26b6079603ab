import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stateReport } from '../../src/replay/stateReport.js';
import { replayLog } from '../../src/replay/replayLog.js';
import { KEY_EVERY, pageData } from '../../src/viewer/pageData.js';
import { StepViews } from '../../src/viewer/page/stepViews.js';
import { stepView } from '../../src/viewer/stepView.js';
import { recordDivergentPod, recordPod } from './recordedPods.js';

describe("the replay page's data", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'page-data-'));
  });

  it('gives back at every step the state the whole replay reaches there, though most steps are stored as patches', async () => {
    const { file, run } = recordPod(dir, 'flapping');
    const data = await pageData(file);
    const replayed = replayLog(run.log);
    if (!replayed.ok) throw new Error(replayed.message);
    const views = new StepViews(data);
    const size = (value: unknown) => JSON.stringify(value).length;
    const patched = data.frames.slice(1).reduce<number>((sum, frame) => sum + size(frame), 0);
    const whole = data.records.slice(1).reduce<number>((sum, _, index) => sum + size(views.at(index + 1)), 0);
    expect(data.records.length).to.be.lessThan(KEY_EVERY);
    expect(patched).to.be.lessThan(whole / 4);
    // Forward, then backward: the page moves both ways.
    const order = [...data.records.keys(), ...[...data.records.keys()].reverse()];
    for (const index of order) {
      const { seq } = data.records[index]!;
      const state = seq === 0 ? replayed.replay.start.state : replayed.replay.steps.find((step) => step.seq === seq)!.state;
      const view = structuredClone(views.at(index));
      for (const pod of Object.values(view.pods)) delete pod.lastUpdate;
      expect(view, `seq ${seq}`).to.deep.equal(JSON.parse(JSON.stringify(stepView(state, stateReport(replayed.replay, seq)))));
    }
  });

  it('dates each state of the path by the first record it was active at', async () => {
    const { file, run } = recordPod(dir, 'failed');
    const data = await pageData(file);
    const died = run.log.records.find((record) => record.kind === 'input' && record.input.type === 'container.died')!.seq;
    expect(data.records[data.firstActive['pod t1']!['stopping']!]!.seq).to.equal(died);
    expect(data.firstActive['pod t1']!['ended']).to.equal(data.records.length - 1);
    expect(Object.keys(data.firstTaken['pod t1']!)).to.include('running->stopping');
  });

  it('finds the divergence replay --verify finds, and none in a log that verifies', async () => {
    const { file, seq } = recordDivergentPod(dir);
    const data = await pageData(file);
    expect(data.divergence).to.deep.include({ seq });
    expect(data.records[data.divergence!.index]!.seq).to.equal(seq);
    expect((await pageData(recordPod(dir, 'killed').file)).divergence).to.equal(null);
  });
});
