import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parseEventLog, type ParsedLog } from '../../src/events/logReader.js';
import { LOG_FORMAT_VERSION } from '../../src/events/logRecord.js';
import { verifyLog } from '../../src/replay/verifier.js';
import { failedPodRun } from '../events/recordedRun.js';

/** The log as an executor writing `version` would have: the header says so, and the commands of later versions are absent. */
function asWrittenBy(text: string, version: number, without: string[]): ParsedLog {
  const [header, ...records] = text.trimEnd().split('\n');
  const kept = records.map((line) => JSON.parse(line) as { type: string; seq: number }).filter((record) => !without.includes(record.type));
  const lines = [JSON.stringify({ ...JSON.parse(header!), version }), ...kept.map((record, index) => JSON.stringify({ ...record, seq: index + 1 }))];
  const parsed = parseEventLog(`${lines.join('\n')}\n`);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.log;
}

describe('event logs of older versions', () => {
  // Version 2 added status.forget and plugin.after_kill; a log of version 1 must replay without them.
  // Version 3 removes each container as soon as it stopped; a log of version 2 removes them all once the pod is quiet.
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'log-versions-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records status.forget after each acknowledgement of an update the outbox still holds', () => {
    const run = failedPodRun(path.join(dir, 'events.jsonl'));
    expect(run.log.header.version).to.equal(LOG_FORMAT_VERSION);
    const acknowledged = run.log.records.flatMap((record) => (record.kind === 'input' && record.input.type === 'mesos.acknowledged' ? [record.input.uuid] : []));
    const forgotten = run.log.records.flatMap((record) => (record.kind === 'command' && record.command.type === 'status.forget' ? [record.command.uuid] : []));
    expect(acknowledged).to.not.be.empty;
    expect(forgotten).to.deep.equal(acknowledged);
    expect(verifyLog(run.log)).to.deep.equal({ ok: true, divergence: null });
  });

  it('records plugin.after_kill once, with the state the pod ended in, when its machine ends', () => {
    const run = failedPodRun(path.join(dir, 'events.jsonl'));
    const afterKills = run.log.records.flatMap((record) => (record.kind === 'command' && record.command.type === 'plugin.after_kill' ? [record.command] : []));
    expect(afterKills).to.deep.equal([{ type: 'plugin.after_kill', taskId: 't1', state: 'TASK_FAILED' }]);
    expect(run.state.pods.t1?.status).to.equal('done');
  });

  it('replays a version 1 log, written before status.forget and plugin.after_kill, to the commands it recorded', () => {
    const run = failedPodRun(path.join(dir, 'events.jsonl'), 2);
    expect(verifyLog(asWrittenBy(run.text, 1, ['status.forget', 'plugin.after_kill']))).to.deep.equal({ ok: true, divergence: null });
  });

  it('finds a version 2 log that lacks status.forget divergent at the first acknowledgement', () => {
    const run = failedPodRun(path.join(dir, 'events.jsonl'), 2);
    const verified = verifyLog(asWrittenBy(run.text, 2, ['status.forget']));
    expect(verified.ok && verified.divergence?.input?.type).to.equal('mesos.acknowledged');
  });

  it('removes a stopped container while the pod still stops the others', () => {
    const run = failedPodRun(path.join(dir, 'events.jsonl'));
    expect(commandsAfterDeath(run.log)).to.deep.equal(['container.stop db', 'container.remove web', 'container.remove db', 'network.remove']);
    expect(verifyLog(run.log)).to.deep.equal({ ok: true, divergence: null });
  });

  it('replays a version 2 log, which removed the containers only once all had stopped, to the commands it recorded', () => {
    const run = failedPodRun(path.join(dir, 'events.jsonl'), 2);
    expect(commandsAfterDeath(run.log)).to.deep.equal(['container.stop db', 'container.remove db', 'container.remove web', 'network.remove']);
    expect(verifyLog(run.log)).to.deep.equal({ ok: true, divergence: null });
  });

  it('finds a version 3 log told as version 2 divergent where it removed the stopped container early', () => {
    const run = failedPodRun(path.join(dir, 'events.jsonl'));
    const verified = verifyLog(asWrittenBy(run.text, 2, []));
    expect(verified.ok && verified.divergence?.input?.type).to.equal('container.died');
  });
});

/** The container and network commands from web's death on, in the order the core gave them. */
function commandsAfterDeath(log: ParsedLog): string[] {
  const died = log.records.findIndex((record) => record.kind === 'input' && record.input.type === 'container.died');
  return log.records.slice(died).flatMap((record) => {
    if (record.kind !== 'command' || !/^(container|network)\./.test(record.command.type)) return [];
    const command = record.command as { type: string; service?: string };
    return [command.service ? `${command.type} ${command.service}` : command.type];
  });
}
