import type { PodPlan, ServicePlan } from '../compose/podPlan.js';

/** Where one service's container is in its life, as the pod machine tracks it. */
export type ServicePhase =
  | 'pending' // waiting for its image, network or dependencies
  | 'creating'
  | 'created' // created early, waiting for a dependency to run before it starts
  | 'starting'
  | 'running'
  | 'restarting' // died; Docker's restart policy brings it back
  | 'completed' // exited 0 and will not run again: a one-shot service that did its job
  | 'stopping'
  | 'exited' // stopped for good
  | 'removing'
  | 'gone'; // removed, or never created

export type Health = 'starting' | 'healthy' | 'unhealthy';

export interface ServiceState {
  phase: ServicePhase;
  containerId?: string;
  exitCode?: number;
  oomKilled?: boolean;
  /** Only for services with a healthcheck. */
  health?: Health;
  /** Deaths Docker answered with a restart. */
  restarts: number;
  /** False until every `post_start` hook exited 0 (absent for a service without them): until then it has not started. */
  postStarted?: boolean;
  /** How long its `pre_stop` hooks have run so far (their answers' `tookMs`), taken from the kill grace its stop gets. */
  preStopMs?: number;
}

export type ServiceStates = Record<string, ServiceState>;

export type Condition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export function hasHealthcheck(service: ServicePlan): boolean {
  const test = service.healthcheck?.test;
  return test !== undefined && test.length > 0 && test[0] !== 'NONE';
}

export function initialServiceStates(plan: PodPlan): ServiceStates {
  return Object.fromEntries(plan.services.map((service) => [service.name, { phase: 'pending', restarts: 0, ...(service.postStart?.length ? { postStarted: false } : {}) }]));
}

export function withService(states: ServiceStates, name: string, change: Partial<ServiceState>): ServiceStates {
  const current = states[name];
  if (!current) return states;
  return { ...states, [name]: { ...current, ...change } };
}

export function conditionOf(service: ServicePlan, dependency: string): Condition {
  return service.dependsOnConditions?.[dependency] ?? 'service_started';
}

/** Whether a dependency has reached what its dependant waits for. */
export function conditionMet(condition: Condition, state: ServiceState | undefined): boolean {
  // As in Compose, a service whose post_start hooks still run has not started yet.
  if (!state || state.postStarted === false) return false;
  switch (condition) {
    case 'service_started':
      return state.phase === 'running' || state.phase === 'completed';
    case 'service_healthy':
      return state.phase === 'running' && state.health === 'healthy';
    case 'service_completed_successfully':
      return state.phase === 'completed';
  }
}

/** Whether a service may go ahead of this dependency: its condition is met, or it is optional and will never meet it. */
export function dependencySettled(service: ServicePlan, dependency: string, states: ServiceStates): boolean {
  const state = states[dependency];
  if (conditionMet(conditionOf(service, dependency), state)) return true;
  const givenUp = state?.phase === 'exited' || state?.phase === 'gone' || (state?.phase === 'completed' && conditionOf(service, dependency) === 'service_healthy');
  return (service.optionalDependencies ?? []).includes(dependency) && givenUp;
}

/**
 * A service joining another's network namespace only needs that container to
 * exist to be created (Docker takes its id); it starts once it runs. Creating
 * it while the other starts saves a round of Docker calls at launch.
 */
function creatableEarly(service: ServicePlan, dependency: string, states: ServiceStates): boolean {
  const joined = service.network.kind === 'service' && service.network.service === dependency;
  return joined && conditionOf(service, dependency) === 'service_started' && states[dependency]?.phase === 'starting';
}

/** Pending services whose dependencies are settled, or far enough along to create them, in plan order. */
export function servicesReadyToCreate(plan: PodPlan, states: ServiceStates): ServicePlan[] {
  return plan.services.filter(
    (service) =>
      states[service.name]?.phase === 'pending' &&
      service.dependsOn.every((dependency) => dependencySettled(service, dependency, states) || creatableEarly(service, dependency, states)),
  );
}

/** Whether every dependency of a service is settled, so it may start. */
export function readyToStart(service: ServicePlan, states: ServiceStates): boolean {
  return service.dependsOn.every((dependency) => dependencySettled(service, dependency, states));
}

/** Running and healthy where it has a healthcheck, or done: what TASK_RUNNING waits for. */
export function serviceReady(service: ServicePlan, state: ServiceState | undefined): boolean {
  if (!state) return false;
  if (state.phase === 'completed') return state.postStarted !== false;
  // A sidecar that failed or restarts does not hold the pod back.
  if (service.essential === false && (state.phase === 'exited' || state.phase === 'restarting')) return true;
  return state.phase === 'running' && state.postStarted !== false && (!hasHealthcheck(service) || state.health === 'healthy');
}

export function everyServiceReady(plan: PodPlan, states: ServiceStates): boolean {
  return plan.services.every((service) => serviceReady(service, states[service.name]));
}

/** A batch pod is done when its essential services have all exited 0; sidecars are then stopped. */
export function everyEssentialServiceCompleted(plan: PodPlan, states: ServiceStates): boolean {
  const essential = plan.services.filter((service) => service.essential !== false);
  const judged = essential.length > 0 ? essential : plan.services;
  return judged.every((service) => states[service.name]?.phase === 'completed');
}

/** The pod's health as Mesos sees it: undefined when no service has a healthcheck. */
export function podHealthy(plan: PodPlan, states: ServiceStates): boolean | undefined {
  const checked = plan.services.filter(hasHealthcheck);
  if (checked.length === 0) return undefined;
  return checked.every((service) => {
    const state = states[service.name];
    return state?.phase === 'completed' || state?.health === 'healthy';
  });
}

const UP: ReadonlySet<ServicePhase> = new Set(['starting', 'running', 'restarting', 'stopping']);

/**
 * Services with a container up that nothing still up depends on, so a pod
 * stops from its leaves to its roots (the reverse of the start order).
 */
export function servicesReadyToStop(plan: PodPlan, states: ServiceStates): ServicePlan[] {
  const stillUp = (name: string) => UP.has(states[name]?.phase ?? 'gone');
  return plan.services.filter((service) => {
    const phase = states[service.name]?.phase;
    return (
      (phase === 'running' || phase === 'restarting') &&
      !plan.services.some((other) => other.dependsOn.includes(service.name) && stillUp(other.name))
    );
  });
}

/** True while some container may still be running or about to: the pod is not yet quiet. */
export function anyServiceActive(states: ServiceStates): boolean {
  return Object.values(states).some((state) => state.phase === 'creating' || UP.has(state.phase));
}

const DOWN: ReadonlySet<ServicePhase> = new Set(['created', 'completed', 'exited']);

/**
 * Services whose container is down (stopped, done, or created and never
 * started) and that nothing still up depends on, as `docker compose down`
 * removes each container once it stopped: a joined service's container goes
 * while the one whose namespace it shared still stops.
 */
export function servicesStoppedToRemove(plan: PodPlan, states: ServiceStates): Array<[string, string]> {
  const stillUp = (name: string) => UP.has(states[name]?.phase ?? 'gone') || states[name]?.phase === 'creating';
  return plan.services.flatMap((service) => {
    const state = states[service.name];
    if (!state?.containerId || !DOWN.has(state.phase)) return [];
    if (plan.services.some((other) => other.dependsOn.includes(service.name) && stillUp(other.name))) return [];
    return [[service.name, state.containerId] as [string, string]];
  });
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

/** What a service not yet ready is waiting for, in words, for the launch timeout's message. */
export function waitingFor(plan: PodPlan, states: ServiceStates, images: Record<string, string>): string[] {
  return plan.services.flatMap((service) => {
    const state = states[service.name];
    if (serviceReady(service, state)) return [];
    const name = service.name;
    switch (state?.phase) {
      case 'pending': {
        if (images[service.image] !== 'ready') return [`${name} waits for image ${service.image}`];
        const unmet = service.dependsOn.filter((dependency) => !dependencySettled(service, dependency, states));
        const words = { service_started: 'to start', service_healthy: 'to be healthy', service_completed_successfully: 'to complete' };
        if (unmet.length > 0) return [`${name} waits for ${unmet.map((d) => `${d} ${words[conditionOf(service, d)]}`).join(' and ')}`];
        return [`${name} waits for the pod network`];
      }
      case 'running':
        if (state.postStarted === false) return [`${name} runs its post_start hooks`];
        return [`${name} is not healthy yet (${state.health ?? 'no health reported'})`];
      case 'restarting':
        return [`${name} is restarting (${state.restarts} restarts)`];
      default:
        return [`${name} is ${state?.phase ?? 'unknown'}`];
    }
  });
}
