import { readFileSync } from 'node:fs';
import { Subject } from 'rxjs';
import { EventLogWriter } from '../../src/events/eventLog.js';
import type { Input } from '../../src/events/inputs.js';
import { LOG_FORMAT, LOG_FORMAT_VERSION } from '../../src/events/logRecord.js';
import { startCore, type CoreState } from '../../src/machines/decider.js';
import { carry, type CommandCarriers } from '../../src/runtime/commandCarriers.js';
import { ExecutorLoop } from '../../src/runtime/executorLoop.js';
import type { Reaction } from '../../src/runtime/reaction.js';
import type { TimedInput } from '../../src/streams/mergedInputs.js';
import { TEST_SETTINGS } from '../support/coreSettings.js';
import type { Adapters } from '../events/recordedRun.js';

/** The executor's loop over `inputs`, logging to `file`, with adapters answering as given and `reaction` after each input. */
export function runLoop(file: string, inputs: Input[], adapters: Adapters, reaction: Reaction): CoreState {
  const writer = new EventLogWriter(file, { format: LOG_FORMAT, version: LOG_FORMAT_VERSION, executorVersion: 'spec', startedAt: new Date(0).toISOString(), config: { settings: TEST_SETTINGS } });
  const channel = new Subject<TimedInput>();
  const feed = (input: Input) => channel.next({ at: new Date(0).toISOString(), input });
  const loop = new ExecutorLoop(startCore(TEST_SETTINGS), writer, (command) => adapters(command).forEach(feed), reaction);
  loop.run(channel);
  inputs.forEach(feed);
  loop.stop();
  writer.close();
  return loop.current;
}

/** Lines of a pino log file, parsed. */
export function logLines(file: string): Array<{ level: number; msg: string }> {
  return readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { level: number; msg: string });
}

export type { CommandCarriers };
export { carry };
