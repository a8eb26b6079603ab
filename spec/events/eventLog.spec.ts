import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { EventLogWriter } from '../../src/events/eventLog.js';
import { decodeWith } from '../../src/events/codec.js';
import { Command } from '../../src/events/commands.js';
import { Input } from '../../src/events/inputs.js';
import { parseEventLog, readLog } from '../../src/events/logReader.js';
import { decodeRecord, LOG_FORMAT, LOG_FORMAT_VERSION, type LogHeader } from '../../src/events/logRecord.js';

const header: LogHeader = { format: LOG_FORMAT, version: LOG_FORMAT_VERSION, executorVersion: 'test', startedAt: '2024-05-01T10:00:00.000Z', config: {} };

describe('the event log', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'event-log-'));
    file = path.join(dir, 'events.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeTwoRecords(): string {
    const writer = new EventLogWriter(file, header);
    writer.append({ seq: 1, at: '2024-05-01T10:00:00.100Z', kind: 'input', input: { type: 'mesos.heartbeat' } });
    writer.append({ seq: 2, at: '2024-05-01T10:00:00.100Z', kind: 'command', command: { type: 'timer.cancel', name: 'x' } });
    writer.close();
    return readFileSync(file, 'utf8');
  }

  it('reads back what the writer wrote', () => {
    const parsed = parseEventLog(writeTwoRecords());
    expect(parsed.ok && parsed.log.records.map((record) => record.seq)).to.deep.equal([1, 2]);
    expect(parsed.ok && parsed.log.warnings).to.deep.equal([]);
  });

  it('keeps every whole record and warns when the last line was torn mid-write', () => {
    const text = writeTwoRecords();
    const torn = text + '{"seq":3,"at":"2024-05-01T10:00:0';
    const parsed = parseEventLog(torn);
    expect(parsed.ok).to.equal(true);
    if (!parsed.ok) return;
    expect(parsed.log.records).to.have.length(2);
    expect(parsed.log.warnings).to.deep.equal(['line 4: incomplete last record (the writer stopped mid-line), ignored']);
  });

  it('refuses a log with an unreadable line in the middle, naming the line', () => {
    const lines = writeTwoRecords().split('\n');
    lines.splice(2, 0, '{"seq":');
    expect(parseEventLog(lines.join('\n'))).to.deep.equal({ ok: false, message: 'line 3: not JSON' });
  });

  it('names the field of a record that does not decode', () => {
    const text = writeTwoRecords().replace('"name":"x"', '"name":7');
    const parsed = parseEventLog(text);
    expect(parsed.ok).to.equal(false);
    expect(!parsed.ok && parsed.message).to.match(/^line 3: timer\.cancel: .*name/);
  });

  it('names what is wrong with a record whose frame is not a record', () => {
    expect(decodeRecord({ seq: 1, at: 'x', kind: 'output', type: 't', payload: {} })).to.deep.include({ ok: false });
    expect(decodeRecord([1, 2])).to.deep.include({ ok: false });
    const text = writeTwoRecords().replace('"payload":{"name":"x"}', '"payload":"x"');
    const parsed = parseEventLog(text);
    expect(!parsed.ok && parsed.message).to.match(/^line 3: .*payload/);
  });

  it('gives every record of the recorded fixture logs as the full io-ts decode gives it', async () => {
    const fixtures = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
    let records = 0;
    for (const name of readdirSync(fixtures)) {
      for (const line of readFileSync(path.join(fixtures, name, 'events.jsonl'), 'utf8').split('\n').slice(1)) {
        if (line === '') continue;
        const json = JSON.parse(line) as { kind: string; type: string; payload: object };
        const body = { ...json.payload, type: json.type };
        const full = json.kind === 'input' ? decodeWith(Input, body) : decodeWith(Command, body);
        const fast = decodeRecord(json);
        expect(fast.ok && full.ok, `${name} ${line.slice(0, 80)}`).to.equal(true);
        if (fast.ok && full.ok) expect(fast.value.kind === 'input' ? fast.value.input : fast.value.command).to.deep.equal(full.value);
        records++;
      }
      let streamed = 0;
      for await (const item of readLog(path.join(fixtures, name, 'events.jsonl'))) if (item.kind === 'record') streamed++;
      expect(streamed).to.be.greaterThan(0);
    }
    expect(records).to.be.greaterThan(100);
  });
});
