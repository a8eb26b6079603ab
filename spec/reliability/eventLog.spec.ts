import { expect } from 'chai';
import fc from 'fast-check';
import { parseEventLog } from '../../src/events/logReader.js';
import { encodeRecord, LOG_FORMAT, LOG_FORMAT_VERSION, type LogRecord } from '../../src/events/logRecord.js';
import { inputFromAgentEvent } from '../../src/mesos/events.js';
import { validAgentEvents } from './agentEventSamples.js';
import { SUITE_TIMEOUT_MS, nestedJson, runs, withinBudget } from './fuzzRuns.js';
import { mutationsOf } from './jsonMutations.js';

const header = JSON.stringify({ format: LOG_FORMAT, version: LOG_FORMAT_VERSION, executorVersion: 'test', startedAt: '2024-05-01T10:00:00.000Z', config: { launchTimeoutMs: 300000 } });
const records: LogRecord[] = [
  ...validAgentEvents.map((event, i): LogRecord => ({ seq: i + 1, at: '2024-05-01T10:00:00.100Z', kind: 'input', input: inputFromAgentEvent(event) })),
  { seq: 20, at: '2024-05-01T10:00:01.000Z', kind: 'command', command: { type: 'timer.cancel', name: 'launch' } },
];
const validLines = [header, ...records.map(encodeRecord)];
const validLog = validLines.join('\n') + '\n';

/** A log as a crash, a full disk or a careless edit leaves it. */
const damagedLogs: fc.Arbitrary<string> = fc.oneof(
  fc.nat().map((at) => validLog.slice(0, at % validLog.length)),
  fc.tuple(fc.nat(), fc.string({ maxLength: 40 })).map(([at, text]) => validLog.slice(0, at % validLog.length) + text + validLog.slice(at % validLog.length)),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => {
    const lines = [...validLines];
    [lines[a % lines.length], lines[b % lines.length]] = [lines[b % lines.length]!, lines[a % lines.length]!];
    return lines.join('\n') + '\n';
  }),
  fc.tuple(fc.nat(), fc.nat()).chain(([line]) =>
    mutationsOf(JSON.parse(validLines[line % validLines.length]!)).map((json) => validLines.map((text, i) => (i === line % validLines.length ? (JSON.stringify(json) ?? '') : text)).join('\n') + '\n'),
  ),
  fc.string({ maxLength: 400 }),
);

describe('the event log reader, fuzzed', function () {
  this.timeout(SUITE_TIMEOUT_MS);
  it('reads any damaged log into records or an error naming the line, never throwing', () => {
    fc.assert(
      fc.property(damagedLogs, (text) => {
        const parsed = withinBudget('an event log', () => parseEventLog(text));
        if (!parsed.ok) expect(parsed.message).to.match(/^line \d+: /);
      }),
      runs(400),
    );
  });

  it('reads every record before a crash cut the last line, and warns of the torn line', () => {
    fc.assert(
      fc.property(fc.integer({ min: header.length + 1, max: validLog.length - 1 }), (at) => {
        const parsed = parseEventLog(validLog.slice(0, at));
        if (!parsed.ok) return expect.fail(parsed.message);
        const pieces = validLog.slice(0, at).split('\n');
        // A cut that only took the line feed leaves the last record whole, and it is read.
        const whole = pieces.length - 2 + (validLines.includes(pieces[pieces.length - 1]!) ? 1 : 0);
        expect(parsed.log.records).to.have.length(whole);
        expect(parsed.log.warnings.length).to.be.at.most(1);
      }),
      runs(200),
    );
  });

  // Found by fuzzing: codec.ts's preview() JSON.stringified the failed value and overflowed.
  it('refuses a record nested too deeply with an error, not a stack overflow', () => {
    const deep = `{"seq":1,"at":"x","kind":"input","type":"mesos.error","payload":{"message":${nestedJson(100_000)}}}`;
    const parsed = parseEventLog(`${header}\n${deep}\n`);
    expect(parsed.ok).to.equal(false);
  });
});
