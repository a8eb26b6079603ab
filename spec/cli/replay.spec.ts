import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { replay } from '../../src/cli/replayCommand.js';
import { obligingAdapters, recordRun, type RecordedRun } from '../events/recordedRun.js';
import { launch, plan, service, subscribed } from '../machines/scenario.js';

describe('compose-executor replay', () => {
  let dir: string;
  let file: string;
  let run: RecordedRun;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'replay-cli-'));
    file = path.join(dir, 'events.jsonl');
    run = recordRun(
      file,
      [subscribed(), launch(), { type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: 1 }],
      obligingAdapters(plan([service('db'), service('web', { dependsOn: ['db'] })])),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await replay(args, { out: (text) => (out += text), err: (text) => (err += text) });
    return { code, out, err };
  }

  const inputSeqs = (type: string) => run.log.records.filter((record) => record.kind === 'input' && record.input.type === type).map((record) => record.seq);
  const seqOf = (type: string) => inputSeqs(type)[0]!;

  it('prints a timeline: each input with its source, the states it moved and the commands it gave', async () => {
    const { code, out } = await cli(file);
    expect(code).to.equal(0);
    expect(out).to.contain('agent.subscribe');
    const died = seqOf('container.died');
    expect(out).to.match(new RegExp(`\\n\\s+${died}  10:00:00\\.\\d+\\s+docker\\s+container\\.died taskId=t1 service=web containerId=c-web exitCode=1\\n`));
    expect(out).to.contain('pod t1: running -> stopping');
    expect(out).to.contain('=> container.stop taskId=t1 service=db containerId=c-db graceSeconds=3');
    expect(out).to.match(/\s+adapter\s+pod\.planned/);
    expect(out).to.match(/\s+mesos\s+mesos\.launch/);
  });

  it('shows only the inputs between --from and --to', async () => {
    const from = seqOf('pod.planned');
    const to = seqOf('network.created');
    const { out } = await cli(file, '--from', String(from), '--to', String(to));
    const inputs = out.split('\n').filter((line) => /^\s+\d+\s+\d\d:/.test(line));
    expect(inputs.map((line) => line.trim().split(/\s+/)[3])).to.deep.equal(['pod.planned', 'network.created']);
  });

  it('prints one JSON object an input with --json', async () => {
    const { out } = await cli(file, '--json');
    const steps = out.trim().split('\n').map((line) => JSON.parse(line) as { seq: number; source: string; after: { pods: Record<string, string> } });
    expect(steps.map((step) => step.seq)).to.deep.equal(run.log.records.filter((record) => record.kind === 'input').map((record) => record.seq));
    expect(steps[steps.length - 1]).to.deep.include({ source: 'adapter', after: { executor: 'subscribed.draining', pods: { t1: 'ended' }, services: { t1: { db: 'gone', web: 'gone' } } } });
  });

  it('shows the whole state at a record with --at', async () => {
    const { code, out } = await cli(file, '--at', String(seqOf('container.died') + 1));
    expect(code).to.equal(0);
    expect(out).to.contain('executor: subscribed.serving');
    expect(out).to.contain('pod t1: stopping (TASK_FAILED: service web exited with code 1)');
    expect(out).to.contain('  db: stopping, container c-db');
    // Nothing depends on web: its container is removed while db still stops.
    expect(out).to.contain('  web: removing, container c-web, exit 1');
    expect(out).to.match(/pending timers:\n  t1\/kill-grace: 3000 ms, started by seq \d+/);
    expect(out).to.match(/unacknowledged updates:\n  u1: t1 TASK_STARTING\n  u2: t1 TASK_RUNNING/);
  });

  it('verifies a log whose commands replay exactly', async () => {
    const { code, out } = await cli(file, '--verify');
    expect(code).to.equal(0);
    expect(out).to.match(/replay to the recorded commands/);
  });

  it('exits 1 naming the input whose recorded commands differ', async () => {
    writeFileSync(file, run.text.replace('"type":"status.send","payload":{"taskId":"t1","state":"TASK_RUNNING"', '"type":"status.send","payload":{"taskId":"t1","state":"TASK_FINISHED"'));
    const { code, out } = await cli(file, '--verify');
    expect(code).to.equal(1);
    expect(out).to.match(new RegExp(`^replay diverges from the log at seq ${inputSeqs('container.started').pop()} \\(container\\.started taskId=t1 service=web\\)`));
    expect(out).to.match(/recorded:\n  timer\.cancel name=t1\/launch\n  status\.send taskId=t1 state=TASK_FINISHED .*\nreplayed:\n/);
    expect(out).to.match(/replayed:\n  timer\.cancel name=t1\/launch\n  status\.send taskId=t1 state=TASK_RUNNING /);
  });

  it('says which line of an unreadable log is wrong', async () => {
    writeFileSync(file, run.text.replace('"kind":"input"', '"kind":"inptu"'));
    const { code, err } = await cli(file);
    expect(code).to.equal(1);
    expect(err).to.match(/events\.jsonl: line 3: kind: expected "input" \| "command", got "inptu"/);
  });

  it('reads the log as it goes: --at never reaches a bad line past its record, and the timeline shows what came before one', async () => {
    const died = seqOf('container.died');
    const lines = run.text.trimEnd().split('\n');
    // A broken line just after the first record numbered past the one --at asks for.
    const after = lines.findIndex((line, index) => index > 0 && (JSON.parse(line) as { seq: number }).seq > died + 1) + 1;
    lines.splice(after, 0, '{"seq": oops');
    writeFileSync(file, lines.join('\n') + '\n');

    const at = await cli(file, '--at', String(died + 1));
    expect(at.code).to.equal(0);
    expect(at.out).to.contain('pod t1: stopping (TASK_FAILED: service web exited with code 1)');

    const timeline = await cli(file);
    expect(timeline.code).to.equal(1);
    expect(timeline.err).to.contain(`events.jsonl: line ${after + 1}: not JSON`);
    expect(timeline.out).to.match(new RegExp(`\\n\\s+${died}  \\S+\\s+docker\\s+container\\.died taskId=t1 service=web`));
  });

  it('stops the timeline at --to and starts it at --from', async () => {
    const died = seqOf('container.died');
    const { code, out } = await cli(file, '--from', String(seqOf('pod.planned')), '--to', String(died));
    expect(code).to.equal(0);
    const seqs = [...out.matchAll(/^\s+(\d+)  \d\d:/gm)].map((match) => Number(match[1]));
    expect(seqs[0]).to.equal(seqOf('pod.planned'));
    expect(seqs[seqs.length - 1]).to.equal(died);
  });

  it('follows a log as it grows', async () => {
    const controller = new AbortController();
    let out = '';
    const following = replay([file, '--follow'], { out: (text) => (out += text), err: () => {}, signal: controller.signal, followIntervalMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const next = Math.max(...run.log.records.map((record) => record.seq)) + 1;
    appendFileSync(file, JSON.stringify({ seq: next, at: '2024-05-01T10:00:09.000Z', kind: 'input', type: 'mesos.heartbeat', payload: {} }) + '\n');
    await new Promise((resolve) => setTimeout(resolve, 60));
    controller.abort();
    expect(await following).to.equal(0);
    expect(out).to.match(new RegExp(`\\n\\s+${next}  10:00:09\\.000\\s+mesos\\s+mesos\\.heartbeat\\n`));
  });

  it('follows a record written in two pieces as one, without calling it torn', async () => {
    const controller = new AbortController();
    let out = '';
    let err = '';
    const following = replay([file, '--follow'], { out: (text) => (out += text), err: (text) => (err += text), signal: controller.signal, followIntervalMs: 10 });
    const next = Math.max(...run.log.records.map((record) => record.seq)) + 1;
    const line = JSON.stringify({ seq: next, at: '2024-05-01T10:00:09.000Z', kind: 'input', type: 'mesos.heartbeat', payload: {} }) + '\n';
    await new Promise((resolve) => setTimeout(resolve, 30));
    appendFileSync(file, line.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(out).not.to.contain('mesos.heartbeat');
    appendFileSync(file, line.slice(20));
    await new Promise((resolve) => setTimeout(resolve, 40));
    controller.abort();
    expect(await following).to.equal(0);
    expect(out).to.match(new RegExp(`\\n\\s+${next}  10:00:09\\.000\\s+mesos\\s+mesos\\.heartbeat\\n`));
    expect(err).to.equal('');
  });

  it('explains its usage when no log is named', async () => {
    const { code, err } = await cli();
    expect(code).to.equal(2);
    expect(err).to.contain('replay needs a LOG file');
  });
});
