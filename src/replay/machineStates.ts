import type { StateValue } from 'xstate';
import type { CoreState } from '../machines/decider.js';
import type { ServiceState } from '../machines/serviceStates.js';

/** Where each machine of the core stands, by name: what a timeline compares before and after an input. */
export interface MachineStates {
  /** `subscribed.serving`. */
  executor: string;
  /** By task id. */
  pods: Record<string, string>;
  /** By task id, then service: `running (healthy)`. */
  services: Record<string, Record<string, string>>;
}

export function machineStates(state: CoreState): MachineStates {
  const pods: Record<string, string> = {};
  const services: Record<string, Record<string, string>> = {};
  for (const taskId in state.pods) {
    const pod = state.pods[taskId]!;
    pods[taskId] = stateName(pod.value);
    const phases: Record<string, string> = {};
    const serviceStates = pod.context.services;
    for (const name in serviceStates) phases[name] = servicePhase(serviceStates[name]!);
    services[taskId] = phases;
  }
  return { executor: stateName(state.executor.value), pods, services };
}

/** `running`, `running (unhealthy)`, `running (health starting)`, `exited (code 137)`: health only matters while it runs. */
export function servicePhase(service: ServiceState): string {
  if (service.phase === 'running' && service.health !== undefined) return `running (${service.health === 'starting' ? 'health starting' : service.health})`;
  if ((service.phase === 'exited' || service.phase === 'restarting') && service.exitCode !== undefined) return `${service.phase} (code ${service.exitCode})`;
  return service.phase;
}

/** `{ subscribed: 'serving' }` → `subscribed.serving`. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => (child === undefined || (typeof child === 'object' && Object.keys(child).length === 0) ? key : `${key}.${stateName(child)}`))
    .join(', ');
}
