import type { DockerCommand } from '../adapters/dockerEngine.js';
import type { FrameworkChecks } from '../adapters/frameworkCheckRunner.js';
import type { Logger } from '../adapters/logger.js';
import type { PodPlugins } from '../adapters/podPlugins.js';
import { sendFrameworkMessage } from '../adapters/schedulerMessages.js';
import type { StatusOutbox } from '../adapters/statusUpdates.js';
import type { Timers } from '../adapters/timers.js';
import type { Command, CommandOf, CommandType } from '../events/commands.js';
import type { AgentConnection } from '../mesos/agentConnection.js';
import { subscribeCall } from '../mesos/calls.js';

/**
 * Which adapter carries out each command: one entry a command type, so a
 * new command does not typecheck until something carries it (the ECS
 * agent's state-to-function table, for commands).
 */
export type CommandCarriers = { readonly [T in CommandType]: (command: CommandOf<T>) => void };

export interface Adapters {
  connection: AgentConnection;
  /** Opens (or re-opens) the agent's event stream with this SUBSCRIBE call. */
  subscribe: (call: object) => void;
  outbox: StatusOutbox;
  plugins: PodPlugins;
  planPod: (command: CommandOf<'pod.plan'>) => void;
  docker: (command: DockerCommand) => void;
  frameworkChecks: FrameworkChecks;
  timers: Timers;
  logger: Logger;
  exit: (code: number) => void;
}

export function commandCarriers(adapters: Adapters): CommandCarriers {
  const { connection, outbox, plugins, docker, timers, logger } = adapters;
  return {
    'agent.subscribe': (command) => adapters.subscribe(subscribeCall(connection, command.unacknowledgedTasks, outbox.pending(command.unacknowledgedUpdates))),
    'agent.message': (command) => void sendFrameworkMessage(connection, command, logger),
    'status.send': (command) => {
      if (command.state === 'TASK_RUNNING') plugins.afterRunning(command.taskId);
      outbox.send(command);
    },
    'status.forget': (command) => outbox.acknowledge(command.uuid),
    'plugin.after_kill': (command) => plugins.afterKill(command.taskId, command.state),
    'pod.plan': adapters.planPod,
    'image.pull': docker,
    'image.build': docker,
    'network.create': docker,
    'network.remove': docker,
    'volume.remove': docker,
    'container.create': docker,
    'container.start': docker,
    'container.exec_hook': docker,
    'container.stop': docker,
    'container.remove': docker,
    'check.run': (command) => adapters.frameworkChecks.run(command),
    'timer.start': (command) => timers.start(command),
    'timer.cancel': (command) => timers.cancel(command.name),
    'executor.exit': (command) => {
      logger.info({ reason: command.reason }, 'executor exiting');
      adapters.exit(command.code);
    },
  };
}

/** Hands a command to the carrier its type names. */
export function carry(carriers: CommandCarriers): (command: Command) => void {
  return (command) => (carriers[command.type] as (command: Command) => void)(command);
}
