import type { PodPlan, ServicePlan } from '../compose/podPlan.js';

/** Where one service's container is in its life, as the pod machine tracks it. */
export type ServicePhase =
  | 'pending' // waiting for its dependencies
  | 'creating'
  | 'starting'
  | 'running'
  | 'stopping'
  | 'exited'
  | 'removing'
  | 'gone'; // removed, or never created

export interface ServiceState {
  phase: ServicePhase;
  containerId?: string;
  exitCode?: number;
  oomKilled?: boolean;
}

export type ServiceStates = Record<string, ServiceState>;

export function initialServiceStates(plan: PodPlan): ServiceStates {
  return Object.fromEntries(plan.services.map((service) => [service.name, { phase: 'pending' }]));
}

export function withService(states: ServiceStates, name: string, change: Partial<ServiceState>): ServiceStates {
  const current = states[name];
  if (!current) return states;
  return { ...states, [name]: { ...current, ...change } };
}

/** Pending services whose dependencies all run, in plan order. */
export function servicesReadyToCreate(plan: PodPlan, states: ServiceStates): ServicePlan[] {
  return plan.services.filter(
    (service) =>
      states[service.name]?.phase === 'pending' &&
      service.dependsOn.every((dependency) => states[dependency]?.phase === 'running'),
  );
}

export function everyServiceRunning(states: ServiceStates): boolean {
  return Object.values(states).every((state) => state.phase === 'running');
}

/**
 * Running services that nothing still running depends on, so a pod stops
 * from its leaves to its roots (the reverse of the start order).
 */
export function servicesReadyToStop(plan: PodPlan, states: ServiceStates): ServicePlan[] {
  const stillUp = (name: string) => {
    const phase = states[name]?.phase;
    return phase === 'running' || phase === 'stopping' || phase === 'starting';
  };
  return plan.services.filter(
    (service) =>
      states[service.name]?.phase === 'running' &&
      !plan.services.some((other) => other.dependsOn.includes(service.name) && stillUp(other.name)),
  );
}

/** True while some container may still be running or about to: the pod is not yet quiet. */
export function anyServiceActive(states: ServiceStates): boolean {
  return Object.values(states).some(
    (state) => state.phase === 'creating' || state.phase === 'starting' || state.phase === 'running' || state.phase === 'stopping',
  );
}

/** Services with a container still to remove. */
export function servicesToRemove(states: ServiceStates): Array<[string, string]> {
  return Object.entries(states).flatMap(([name, state]) =>
    state.containerId && state.phase !== 'gone' && state.phase !== 'removing' ? [[name, state.containerId] as [string, string]] : [],
  );
}

export function everyContainerGone(states: ServiceStates): boolean {
  return Object.values(states).every((state) => state.phase === 'gone' || (state.phase === 'pending' && !state.containerId));
}
