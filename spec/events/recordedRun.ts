import { readFileSync } from 'node:fs';
import { Subject } from 'rxjs';
import type { PodPlan } from '../../src/compose/podPlan.js';
import type { Command } from '../../src/events/commands.js';
import { EventLogWriter } from '../../src/events/eventLog.js';
import { parseEventLog, type ParsedLog } from '../../src/events/logReader.js';
import { ExecutorLoop } from '../../src/runtime/executorLoop.js';
import type { Input } from '../../src/events/inputs.js';
import { LOG_FORMAT, LOG_FORMAT_VERSION, type LogVersion } from '../../src/events/logRecord.js';
import { startCore, type CoreState } from '../../src/machines/decider.js';
import type { CoreSettings } from '../../src/events/settings.js';
import type { TimedInput } from '../../src/streams/mergedInputs.js';
import { TEST_SETTINGS } from '../support/coreSettings.js';
import { launch, plan, service, subscribed } from '../machines/scenario.js';

export const settings: CoreSettings = TEST_SETTINGS;

/** Answers a command the way an adapter would, with the inputs it feeds back. */
export type Adapters = (command: Command) => Input[];

export interface RecordedRun {
  text: string;
  log: ParsedLog;
  /** The core as the runtime left it. */
  state: CoreState;
}

/**
 * Runs the real executor loop over `inputs`, writing the event log to
 * `file` exactly as the executor does; `adapters` answer commands as they
 * are issued. Time advances 10 ms an input from a fixed start. `version`:
 * the log version to record as, its core deciding as that version did.
 */
export function recordRun(file: string, inputs: Input[], adapters: Adapters = () => [], version: LogVersion = LOG_FORMAT_VERSION): RecordedRun {
  let tick = 0;
  const clock = () => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + 10 * tick++);
  const writer = new EventLogWriter(file, {
    format: LOG_FORMAT,
    version,
    executorVersion: 'spec',
    startedAt: clock().toISOString(),
    config: { settings },
  });
  const channel = new Subject<TimedInput>();
  const feed = (input: Input) => channel.next({ at: clock().toISOString(), input });
  const core = startCore(version === LOG_FORMAT_VERSION ? settings : { ...settings, logVersion: version });
  const loop = new ExecutorLoop(core, writer, (command) => adapters(command).forEach(feed), () => {}, clock);
  loop.run(channel);
  inputs.forEach(feed);
  loop.stop();
  writer.close();
  const text = readFileSync(file, 'utf8');
  const parsed = parseEventLog(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return { text, log: parsed.log, state: loop.current };
}

/** Adapters that always succeed: the plan is `plan`, containers get ids `c-<service>`, updates uuids `u1`, `u2`, ... */
export function obligingAdapters(plan: PodPlan): Adapters {
  let updates = 0;
  return (command) => {
    switch (command.type) {
      case 'pod.plan':
        return [{ type: 'pod.planned', taskId: command.taskId, plan }];
      case 'image.pull':
        return [{ type: 'image.ready', taskId: command.taskId, image: command.image, pulled: false }];
      case 'network.create':
        return [{ type: 'network.created', taskId: command.taskId, name: command.name, networkId: 'n1' }];
      case 'container.create':
        return [{ type: 'container.created', taskId: command.taskId, service: command.service.name, containerId: `c-${command.service.name}` }];
      case 'container.start':
        return [{ type: 'container.started', taskId: command.taskId, service: command.service }];
      case 'container.stop':
        return [{ type: 'container.stopped', taskId: command.taskId, service: command.service }];
      case 'container.remove':
        return [{ type: 'container.removed', taskId: command.taskId, service: command.service }];
      case 'network.remove':
        return [{ type: 'network.removed', taskId: command.taskId, name: command.name }];
      case 'status.send':
        return [{ type: 'update.queued', taskId: command.taskId, uuid: `u${++updates}`, state: command.state }];
      default:
        return [];
    }
  };
}

/** A pod of db and web that starts, loses web (exit 1), is cleaned up and reported failed, with the agent acknowledging all three updates. */
export function failedPodRun(file: string, version: LogVersion = LOG_FORMAT_VERSION): RecordedRun {
  return recordRun(
    file,
    [
      subscribed(),
      launch(),
      { type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode: 1 },
      { type: 'mesos.acknowledged', taskId: 't1', uuid: 'u1' },
      { type: 'mesos.acknowledged', taskId: 't1', uuid: 'u2' },
      { type: 'mesos.acknowledged', taskId: 't1', uuid: 'u3' },
    ],
    obligingAdapters(plan([service('db'), service('web', { dependsOn: ['db'] })])),
    version,
  );
}

