import type { PodPlan, ServicePlan } from '../../src/compose/podPlan.js';
import type { Command } from '../../src/events/commands.js';
import type { Input } from '../../src/events/inputs.js';
import { decide, startCore, type CoreState } from '../../src/machines/decider.js';
import type { CoreSettings } from '../../src/events/settings.js';
import { TEST_SETTINGS } from '../support/coreSettings.js';

/** Drives the pure core by hand, as the runtime would, keeping every command it issues. */
export class Scenario {
  state: CoreState;
  readonly commands: Command[] = [];

  constructor(overrides: Partial<CoreSettings> = {}) {
    const start = startCore({ ...TEST_SETTINGS, ...overrides });
    this.state = start.state;
    this.commands.push(...start.commands);
  }

  /**
   * Feeds inputs; returns the commands they caused, status updates without
   * the labels and addresses every one carries (their own spec checks those).
   */
  feed(...inputs: Input[]): Command[] {
    return this.feedWhole(...inputs).map(withoutPodDetails);
  }

  /** Feeds inputs; returns the commands exactly as the core issued them. */
  feedWhole(...inputs: Input[]): Command[] {
    const caused: Command[] = [];
    for (const input of inputs) {
      const decision = decide(this.state, input);
      this.state = decision.state;
      caused.push(...decision.commands);
    }
    this.commands.push(...caused);
    return caused;
  }

  /** The last status update issued, without labels and addresses. */
  lastStatus(): Command | undefined {
    return this.commands.filter((command) => command.type === 'status.send').map(withoutPodDetails).at(-1);
  }

  podState(taskId: string): unknown {
    return this.state.pods[taskId]?.value;
  }
}

function withoutPodDetails(command: Command): Command {
  if (command.type !== 'status.send') return command;
  const { labels: _labels, ipAddresses: _addresses, ...rest } = command;
  return rest;
}

export function service(name: string, extra: Partial<ServicePlan> = {}): ServicePlan {
  return {
    name,
    containerName: `t1_${name}`,
    image: 'busybox',
    environment: {},
    labels: {},
    dependsOn: [],
    network: { kind: 'pod' },
    aliases: [name],
    ports: [],
    ...extra,
  };
}

export function plan(services: ServicePlan[]): PodPlan {
  return { taskId: 't1', project: 't1', network: { name: 't1_default', labels: {} }, labels: {}, services };
}

/** A LAUNCH; its ExecutorInfo has resources unless `executorResourced` is false (Marathon's default). */
export const launch = (taskId = 't1', killGracePeriodMs?: number, executorResourced = true): Input => ({
  type: 'mesos.launch',
  task: { taskId, name: taskId, labels: {}, ports: [], ...(killGracePeriodMs !== undefined ? { killGracePeriodMs } : {}), ...(executorResourced ? { executorResourced } : {}) },
  taskInfo: { task_id: { value: taskId } },
});

export const subscribed = (capabilities: string[] = []): Input => ({ type: 'mesos.subscribed', frameworkCapabilities: capabilities });
