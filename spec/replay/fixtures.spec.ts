import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../../src/events/commands.js';
import { verifyLogFile } from '../../src/replay/verifier.js';
import { replayStream } from '../../src/replay/replayStream.js';

/**
 * Logs recorded by the executor of an earlier day (scripts/record-fixture-logs.ts)
 * must replay to the commands they recorded for ever. A change that alters
 * a decision old logs hold must be gated on the header's log version
 * instead of breaking them.
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const logOf = (name: string) => path.join(FIXTURES, name, 'events.jsonl');

/** Each fixture's task states in the order the replayed core sent them, duplicates included. */
const EXPECTED_STATES: Record<string, string[]> = {
  killed: ['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED'],
  failed: ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED'],
  'health-flap': ['TASK_STARTING', 'TASK_RUNNING', 'TASK_RUNNING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED'],
  'restart-policy': ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED'],
  'agent-reconnect': ['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED'],
};

async function replayedStates(file: string): Promise<string[]> {
  const states: string[] = [];
  const take = (commands: Command[]) => {
    for (const command of commands) if (command.type === 'status.send') states.push(command.state);
  };
  for await (const item of replayStream(file)) {
    if (item.kind === 'start') take(item.commands);
    else if (item.kind === 'step') take(item.step.commands);
  }
  return states;
}

describe('recorded event logs of earlier executors', () => {
  const names = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it('are all kept: one for each recorded pod story', () => {
    expect(names).to.deep.equal(Object.keys(EXPECTED_STATES).sort());
  });

  for (const name of names) {
    describe(name, () => {
      it('replays to exactly the commands it recorded', async () => {
        const verified = await verifyLogFile(logOf(name));
        expect(verified).to.deep.include({ ok: true, divergence: null, warnings: [] });
        expect(verified.ok && verified.inputs).to.be.greaterThan(5);
      });

      it('sends the task states the pod went through', async () => {
        expect(await replayedStates(logOf(name))).to.deep.equal(EXPECTED_STATES[name]);
      });
    });
  }

  it('fail to verify once one recorded command is changed', async () => {
    const lines = (await readFile(logOf('failed'), 'utf8')).split('\n');
    const at = lines.map((line) => line.includes('"type":"status.send"')).lastIndexOf(true);
    lines[at] = lines[at]!.replace('TASK_FAILED', 'TASK_FINISHED');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'fixture-')), 'changed.jsonl');
    await writeFile(file, lines.join('\n'));
    const verified = await verifyLogFile(file);
    expect(verified.ok && verified.divergence?.expected.some((c) => c.type === 'status.send' && c.state === 'TASK_FINISHED')).to.equal(true);
  });
});
