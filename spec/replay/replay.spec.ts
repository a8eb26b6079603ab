import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parseEventLog } from '../../src/events/logReader.js';
import type { Command } from '../../src/events/commands.js';
import { replayLog, type Replay } from '../../src/replay/replayLog.js';
import { sameCommands, sameJson } from '../../src/replay/sameCommands.js';
import { verifyLog } from '../../src/replay/verifier.js';
import { stateReport } from '../../src/replay/stateReport.js';
import { coreOf } from '../../src/machines/decider.js';
import { executorMachine } from '../../src/machines/executor.js';
import { podMachine } from '../../src/machines/pod.js';
import { failedPodRun, type RecordedRun } from '../events/recordedRun.js';

describe('replaying an event log', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'replay-'));
    file = path.join(dir, 'events.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));


  function replayOf(run: RecordedRun): Replay {
    const replayed = replayLog(run.log);
    if (!replayed.ok) throw new Error(replayed.message);
    return replayed.replay;
  }

  it('gives, input by input, the commands the executor recorded', () => {
    const run = failedPodRun(file);
    const replay = replayOf(run);
    expect(replay.start.commands.map((command) => command.type)).to.deep.equal(['agent.subscribe']);
    for (const step of replay.steps) expect(step.commands, `seq ${step.seq}`).to.deep.equal(step.recorded);
    expect(verifyLog(run.log)).to.deep.equal({ ok: true, divergence: null });
  });

  it('shows the states each input moved the machines between', () => {
    const replay = replayOf(failedPodRun(file));
    const moves = replay.steps
      .map(({ input, before: { executor, pods }, after }) => ({ input, before: { executor, pods }, after: { executor: after.executor, pods: after.pods } }))
      .filter((step) => JSON.stringify(step.before) !== JSON.stringify(step.after))
      .map((step) => `${step.input.type}: ${JSON.stringify(step.before)} -> ${JSON.stringify(step.after)}`);
    expect(moves).to.include('pod.planned: {"executor":"subscribed.serving","pods":{"t1":"planning"}} -> {"executor":"subscribed.serving","pods":{"t1":"launching"}}');
    expect(moves).to.include('container.died: {"executor":"subscribed.serving","pods":{"t1":"running"}} -> {"executor":"subscribed.serving","pods":{"t1":"stopping"}}');
    const last = replay.steps[replay.steps.length - 1]!;
    expect(last.after).to.deep.equal({ executor: 'exiting', pods: { t1: 'ended' }, services: { t1: { db: 'gone', web: 'gone' } } });
    // The last acknowledgement is forgotten by the outbox, then the executor leaves.
    expect(last.commands.map((command) => command.type)).to.deep.equal(['status.forget', 'timer.cancel', 'executor.exit']);
  });

  it('ends in the state the running executor ended in', () => {
    const run = failedPodRun(file);
    const replay = replayOf(run);
    const final = replay.steps[replay.steps.length - 1]!.state;
    expect(final.executor.value).to.deep.equal(run.state.executor.value);
    expect(final.pods.t1?.context).to.deep.equal(run.state.pods.t1?.context);
  });

  it('reports services, pending timers and unacknowledged updates at a point of the log', () => {
    const run = failedPodRun(file);
    const replay = replayOf(run);
    const died = replay.steps.find((step) => step.input.type === 'container.died')!;
    const report = stateReport(replay, died.seq);
    expect(report.pods).to.have.length(1);
    expect(report.pods[0]).to.deep.include({ taskId: 't1', state: 'stopping', outcome: 'TASK_FAILED: service web exited with code 1' });
    expect(report.pods[0]!.services).to.deep.equal([
      { name: 'db', phase: 'stopping', containerId: 'c-db', restarts: 0 },
      // Nothing depends on web: its container goes while db still stops.
      { name: 'web', phase: 'removing', containerId: 'c-web', exitCode: 1, restarts: 0 },
    ]);
    expect(report.pendingTimers).to.deep.equal([{ name: 't1/kill-grace', ms: 3000, startedAt: died.at, startedBySeq: died.seq }]);
    expect(report.unacknowledgedUpdates.map((update) => update.state)).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING']);

    const end = stateReport(replay, Number.MAX_SAFE_INTEGER);
    expect(end.pendingTimers).to.deep.equal([]);
    expect(end.unacknowledgedUpdates).to.deep.equal([]);
    expect(end.executor).to.deep.equal({ state: 'exiting', exitReason: 'every task ended and the agent acknowledged it' });
  });

  it('names the first input whose commands a changed pod machine would not have given', () => {
    const run = failedPodRun(file);
    // A pod that never thinks all its services run: it would not report TASK_RUNNING.
    const changed = coreOf({ executor: executorMachine, pod: podMachine.provide({ guards: { everyServiceReady: () => false } }) });
    const verified = verifyLog(run.log, changed);
    expect(verified.ok).to.equal(true);
    const divergence = verified.ok ? verified.divergence : null;
    const lastStart = replayOf(run).steps.filter((step) => step.input.type === 'container.started').pop()!;
    expect(divergence).to.deep.include({ seq: lastStart.seq, input: { type: 'container.started', taskId: 't1', service: 'web' }, got: [] });
    expect(divergence?.expected.map((command) => (command.type === 'status.send' ? command.state : command.type))).to.deep.equal([
      'timer.cancel',
      'TASK_RUNNING',
    ]);
  });

  it('names an input whose recorded commands were altered', () => {
    const run = failedPodRun(file);
    const tampered = run.text.replace('"graceSeconds":3', '"graceSeconds":30');
    const parsed = parseEventLog(tampered);
    if (!parsed.ok) throw new Error(parsed.message);
    const verified = verifyLog(parsed.log);
    const divergence = verified.ok ? verified.divergence : null;
    expect(divergence?.input?.type).to.equal('container.died');
    expect(divergence?.expected).to.deep.include({ type: 'container.stop', taskId: 't1', service: 'db', containerId: 'c-db', graceSeconds: 30 });
  });

  it('accepts a log whose last command was torn mid-write', () => {
    const run = failedPodRun(file);
    const torn = run.text.slice(0, run.text.length - 20);
    writeFileSync(file, torn);
    const parsed = parseEventLog(torn);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.log.warnings).to.have.length(1);
    expect(verifyLog(parsed.log)).to.deep.equal({ ok: true, divergence: null });
  });

  it('refuses a header without the core settings, saying so', () => {
    const run = failedPodRun(file);
    const [, ...records] = run.text.split('\n');
    const header = JSON.stringify({ ...run.log.header, config: {} });
    const parsed = parseEventLog([header, ...records].join('\n'));
    if (!parsed.ok) throw new Error(parsed.message);
    const replayed = replayLog(parsed.log);
    expect(replayed.ok).to.equal(false);
    expect(!replayed.ok && replayed.message).to.match(/^header: config\.settings: .*checkpoint/);
  });
});

describe('comparing commands as written', () => {
  it('counts a field left undefined as absent, whatever the key order', () => {
    expect(sameJson({ type: 'x', a: 1, b: undefined, c: { d: [1, 2] } }, { c: { d: [1, 2] }, a: 1, type: 'x' })).to.equal(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).to.equal(true);
  });

  it('tells apart a changed, missing or extra field, and arrays of other lengths or order', () => {
    expect(sameJson({ a: 1, b: 2 }, { a: 1 })).to.equal(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).to.equal(false);
    expect(sameJson({ a: { b: '1' } }, { a: { b: 1 } })).to.equal(false);
    expect(sameJson([1, 2], [2, 1])).to.equal(false);
    expect(sameJson([1, 2], [1, 2, 3])).to.equal(false);
    expect(sameJson({ a: [] }, { a: {} })).to.equal(false);
  });

  it('takes the replayed commands of a cut log when the recorded ones are their prefix, and only then', () => {
    const one = { type: 'timer.cancel', name: 'a' } as unknown as Command;
    const two = { type: 'timer.cancel', name: 'b' } as unknown as Command;
    expect(sameCommands([one], [one, two], true)).to.equal(true);
    expect(sameCommands([one], [one, two], false)).to.equal(false);
    expect(sameCommands([two], [one, two], true)).to.equal(false);
    expect(sameCommands([], [], false)).to.equal(true);
  });
});
