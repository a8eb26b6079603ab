import type { Command } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { decides } from './logVersions.js';
import type { PodContext } from './podFacts.js';
import { phaseAfter, type ServiceEvent } from './service.js';
import { withService, type ServiceState, type ServiceStates } from './serviceStates.js';

/**
 * What one of the pod's actions does, as a plain function: the context it
 * changes and the commands it issues, in order. pod.ts names each such
 * function as an action of its chart; the chart's `command` action carries
 * each command out. `changes`, even empty, makes a new snapshot; without
 * it the pod's snapshot stays the same object, which replay's path drawing
 * reads as "nothing happened to this pod".
 */
export interface PodStep {
  changes?: Partial<PodContext>;
  commands?: Command[];
}

export type PodAction<P = undefined> = (context: PodContext, event: Input, params: P) => PodStep;

/** The services after one service's machine took an event, with what else changed of it; unknown services are left alone. */
export function serviceAfter(services: ServiceStates, name: string, event: ServiceEvent, change: Partial<Omit<ServiceState, 'phase'>> = {}): ServiceStates {
  const state = services[name];
  if (!state) return services;
  return withService(services, name, { ...change, phase: phaseAfter(state.phase, event) });
}

/** Docker's answer to a command the pod sent for one service, folded into its machine. */
export type ServiceReport = Exclude<ServiceEvent['type'], 'create' | 'start' | 'stop' | 'remove' | 'died'>;

export const toService: PodAction<{ event: ServiceReport }> = (context, event, params) => {
  const about = event as { service?: string; containerId?: string };
  if (about.service === undefined) return {};
  if (params.event === 'running' && context.services[about.service]?.phase === 'stopping' && decides(context.logVersion, 'stoppingIgnoresRun')) return {};
  return { changes: { services: serviceAfter(context.services, about.service, { type: params.event } as ServiceEvent, about.containerId ? { containerId: about.containerId } : {}) } };
};
