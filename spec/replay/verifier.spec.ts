import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parseEventLog } from '../../src/events/logReader.js';
import { verifyLogFile } from '../../src/replay/verifier.js';
import { verifyLog } from '../../src/replay/verifier.js';
import { launch, plan, service, subscribed } from '../machines/scenario.js';
import { obligingAdapters, recordRun } from '../events/recordedRun.js';

describe('verifying an event log as a stream', () => {
  let dir: string;
  let file: string;
  let text: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stream-verify-'));
    file = path.join(dir, 'events.jsonl');
    text = recordRun(
      file,
      [subscribed(), launch(), { type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: 1 }, { type: 'mesos.acknowledged', taskId: 't1', uuid: 'u1' }],
      obligingAdapters(plan([service('db'), service('web', { dependsOn: ['db'] })])),
    ).text;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The in-memory verifier's answer for the same text, to compare with. */
  const inMemory = (logText: string) => {
    const parsed = parseEventLog(logText);
    if (!parsed.ok) throw new Error(parsed.message);
    const verified = verifyLog(parsed.log);
    if (!verified.ok) throw new Error(verified.message);
    return verified.divergence;
  };

  const cases: Array<[string, (log: string) => string]> = [
    ['a whole log', (log) => log],
    ['a log torn in the middle of its last line', (log) => log.slice(0, log.length - 20)],
    ['a log whose recorded commands were altered', (log) => log.replace('"graceSeconds":3', '"graceSeconds":30')],
  ];
  for (const [name, change] of cases) {
    it(`gives the same answer as the in-memory verifier for ${name}`, async () => {
      const changed = change(text);
      writeFileSync(file, changed);
      const streamed = await verifyLogFile(file);
      expect(streamed.ok).to.equal(true);
      expect(streamed.ok && streamed.divergence).to.deep.equal(inMemory(changed));
    });
  }

  it('finds the divergence of an altered log', async () => {
    writeFileSync(file, text.replace('"graceSeconds":3', '"graceSeconds":30'));
    const streamed = await verifyLogFile(file);
    expect(streamed.ok && streamed.divergence?.expected.some((command) => command.type === 'container.stop')).to.equal(true);
  });

  it('refuses a file that is not an event log, naming the line', async () => {
    writeFileSync(file, 'not json\n');
    const streamed = await verifyLogFile(file);
    expect(streamed.ok).to.equal(false);
    expect(!streamed.ok && streamed.message).to.match(/line 1/);
  });
});

describe('a log that stops after its header', () => {
  it('verifies, both in memory and as a stream: the executor died before its first commands', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'header-only-'));
    const file = path.join(dir, 'events.jsonl');
    try {
      const whole = recordRun(file, [subscribed()]).text;
      const headerOnly = whole.split('\n')[0] + '\n';
      writeFileSync(file, headerOnly);
      const parsed = parseEventLog(headerOnly);
      expect(parsed.ok && verifyLog(parsed.log)).to.deep.equal({ ok: true, divergence: null });
      const streamed = await verifyLogFile(file);
      expect(streamed.ok && streamed.divergence).to.equal(null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
