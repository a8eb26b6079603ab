import { expect } from 'chai';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOG_VERSION, logVersionOf } from '../../src/events/logVersion.js';
import { standardCore, type Core, type CoreSettings } from '../../src/machines/decider.js';
import { replayStream } from '../../src/replay/replayStream.js';
import { verifyLogFile } from '../../src/replay/verifier.js';

const killed = fileURLToPath(new URL('../fixtures/logs/killed/events.jsonl', import.meta.url));

/** A core that remembers the settings it was started on, as a machine reading its input would. */
function watchedCore(): { core: Core; started: CoreSettings[] } {
  const started: CoreSettings[] = [];
  return { started, core: { start: (settings) => (started.push(settings), standardCore.start(settings)), decide: standardCore.decide } };
}

async function withLogVersion(version: number): Promise<string> {
  const [header, ...rest] = (await readFile(killed, 'utf8')).split('\n');
  const json = JSON.parse(header!) as { config: { settings: Record<string, unknown> } };
  json.config.settings['logVersion'] = version;
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'log-version-')), 'events.jsonl');
  await writeFile(file, [JSON.stringify(json), ...rest].join('\n'));
  return file;
}

describe('the log version', () => {
  it('is 1 for a log written before the header carried it', async () => {
    const { core, started } = watchedCore();
    for await (const item of replayStream(killed, core)) if (item.kind === 'start') expect(logVersionOf(item.settings)).to.equal(1);
    expect(started.map(logVersionOf)).to.deep.equal([1]);
  });

  it("reaches the machines' settings from the log's header on replay, so a changed decision can be gated on it", async () => {
    const { core, started } = watchedCore();
    const verified = await verifyLogFile(await withLogVersion(LOG_VERSION + 1), core);
    expect(verified).to.deep.include({ ok: true, divergence: null });
    expect(started.map(logVersionOf)).to.deep.equal([LOG_VERSION + 1]);
  });

  it('refuses a header whose log version is not a number, naming the field', async () => {
    const file = await withLogVersion(1);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"logVersion":1', '"logVersion":"2"'));
    const verified = await verifyLogFile(file);
    expect(!verified.ok && verified.message).to.match(/^header: config\.settings: .*logVersion/);
  });
});
