import type { PodNetworkPlan, PodPlan, ServicePlan } from '../compose/podPlan.js';
import { portLabels } from '../compose/portReport.js';
import type { CommandOf, TaskState } from '../events/commands.js';
import type { CheckStatus } from '../events/frameworkChecks.js';
import type { Input, LaunchedTask } from '../events/inputs.js';
import type { PodSettings } from '../events/settings.js';
import type { FrameworkChecks } from './frameworkHealth.js';
import type { ServiceStates } from './serviceStates.js';

/** The pod machine's data: what it is given at launch, what it keeps, and how it words its endings. */

/** What a pod is launched with: its task, the settings it runs under, and a task label refused at ingress. */
export interface PodInput extends PodSettings {
  task: LaunchedTask;
  /** The framework accepts TASK_KILLING. */
  taskKillingState: boolean;
  /** Why one of the task's `compose-executor.*` labels is refused: the pod fails planning with it. */
  refusedLabel?: string;
  /** The version of the log being replayed, whose decisions the pod makes (machines/logVersions.ts); absent: the newest. */
  logVersion?: number;
}

/** What planning the pod is told: the task, and what its settings and labels ask of the plan. */
export function planRequest(context: PodInput): Omit<CommandOf<'pod.plan'>, 'type'> {
  return {
    taskId: context.task.taskId,
    task: context.task,
    ...(context.exactHostPorts ? { exactHostPorts: true } : {}),
    ...(context.refusedLabel !== undefined ? { refusedLabel: context.refusedLabel } : {}),
  };
}

/**
 * Whether this ending keeps the pod's stopped containers, networks and
 * volumes. A launch refused before any container ran (bad image, bad
 * network) leaves nothing, whatever the setting: there is nothing to inspect.
 */
export function keepsWhatIsLeft(context: Pick<PodContext, 'cleanup' | 'outcome'>): boolean {
  const outcome = context.outcome;
  if (outcome === null) return false;
  if (outcome.state === 'TASK_FAILED' && !outcome.inspectable) return false;
  const ending = { TASK_KILLED: 'killed', TASK_FAILED: 'failed', TASK_FINISHED: 'finished' } as const;
  return context.cleanup[ending[outcome.state]] === 'keep';
}

/** How the pod ends, decided by whatever ended it first. */
export interface PodOutcome {
  state: Extract<TaskState, 'TASK_FAILED' | 'TASK_KILLED' | 'TASK_FINISHED'>;
  message: string;
  reason?: string;
  /** A failure of the pod's own containers, worth keeping them for; not a refusal before anything ran. */
  inspectable?: boolean;
  /** Killed because the framework's health check failed: its updates say `healthy: false`, as Mesos's executors do. */
  unhealthy?: boolean;
}

export interface PodContext extends PodInput {
  plan: PodPlan | null;
  services: ServiceStates;
  /** The networks the pod creates, by name, and how far each is. */
  networks: Record<string, { phase: 'creating' | 'created' | 'removing'; id?: string }>;
  /** The named volumes the pod owns and still has to remove. */
  volumes: Record<string, 'present' | 'removing'>;
  /** Each image the pod needs, by reference: pulled (or found) yet or not. */
  images: Record<string, 'pulling' | 'ready'>;
  outcome: PodOutcome | null;
  killGraceMs: number;
  /**
   * The `healthy` Mesos last heard; undefined until a health was told. Present
   * from the start, as every key is: a context that gains a key on the way
   * drops out of V8's fast object shapes, and every later copy by an
   * `assign` costs ten times as much (spec/machines/podContextShape.spec.ts).
   */
  reportedHealthy: boolean | undefined;
  unhealthyTimer: boolean;
  /** The terminal update went out: a failure is told at once, a kill or finish once the containers are gone. */
  reported: boolean;
  /** The pod's IP addresses, from the container holding its network namespace once it started. */
  addresses: string[];
  /** What cleanup failed to remove, told in the terminal update. */
  leftBehind: string[];
  /** The framework's health check and check (TaskInfo.health_check, TaskInfo.check), as far as they ran. */
  checks: FrameworkChecks;
}

/** `90s`, `15m`, `1h`: how long, for a person reading a status message. */
/** The plan of one service of the pod, once it is planned. */
export function planOf(context: Pick<PodContext, 'plan'>, name: string): ServicePlan | undefined {
  return context.plan?.services.find((service) => service.name === name);
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

export const SERVICE_LABEL_PREFIX = 'compose-executor.service.';

/** A plan's port labels, worked out once: every status update of the pod carries them. */
const planPortLabels = new WeakMap<PodPlan, Readonly<Record<string, string>>>();
const portLabelsOf = (plan: PodPlan): Readonly<Record<string, string>> => {
  let labels = planPortLabels.get(plan);
  if (!labels) planPortLabels.set(plan, (labels = portLabels(plan.publishedPorts ?? [])));
  return labels;
};

/**
 * What every status update of this pod carries for Mesos, Marathon and a
 * person at the Mesos UI: its IP addresses, the host port of every published
 * port, and each service's state, container, health and exit code.
 */
export function podDetails(
  context: PodContext,
  services = context.services,
): { labels?: Record<string, string>; ipAddresses?: string[]; checkStatus?: CheckStatus; healthy?: false } {
  const labels: Record<string, string> = { ...(context.plan ? portLabelsOf(context.plan) : {}) };
  for (const [name, state] of Object.entries(services)) {
    const prefix = `${SERVICE_LABEL_PREFIX}${name}.`;
    labels[`${prefix}state`] = state.phase;
    if (state.containerId) labels[`${prefix}container`] = state.containerId.slice(0, 12);
    if (state.health) labels[`${prefix}health`] = state.health;
    if (state.exitCode !== undefined) labels[`${prefix}exit_code`] = String(state.exitCode);
  }
  return {
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(context.addresses.length > 0 ? { ipAddresses: context.addresses } : {}),
    // Mesos's default executor puts check_status on every update of a task with a check.
    ...(context.checks?.check ? { checkStatus: context.checks.check.status } : {}),
    ...(context.outcome?.unhealthy ? { healthy: false as const } : {}),
  };
}

export function timerNames(taskId: string) {
  return { launch: `${taskId}/launch`, kill: `${taskId}/kill-grace`, unhealthy: `${taskId}/unhealthy` } as const;
}

/** The networks the pod creates: its default one when some service joins it, and every other it declares. */
export function networksToCreate(plan: PodPlan): PodNetworkPlan[] {
  const joinsDefault = plan.services.some(
    (service) => service.network.kind === 'pod' && (!service.networks || service.networks.some((network) => network.name === plan.network.name)),
  );
  return [...(joinsDefault ? [plan.network] : []), ...(plan.networks ?? []).filter((network) => network.name !== plan.network.name)];
}

/** The pod networks a service must find created before its container is: external ones are not ours to wait for. */
export function networksOf(service: ServicePlan, plan: PodPlan): string[] {
  if (service.network.kind !== 'pod') return [];
  return service.networks ? service.networks.map((network) => network.name) : [plan.network.name];
}

/** Each image built on the agent once, by the first service that builds it; other services of that image wait for the build. */
export function imagesToBuild(plan: PodPlan): Record<string, NonNullable<ServicePlan['build']>> {
  const builds: Record<string, NonNullable<ServicePlan['build']>> = {};
  for (const service of plan.services) if (service.build && !builds[service.image]) builds[service.image] = service.build;
  return builds;
}

/** Each image once, with the most eager pull policy among the services that use it; built images are not pulled here. */
export function imagesToPull(plan: PodPlan): Record<string, NonNullable<ServicePlan['pullPolicy']>> {
  const eagerness = { never: 0, missing: 1, always: 2 } as const;
  const images: Record<string, NonNullable<ServicePlan['pullPolicy']>> = {};
  const built = imagesToBuild(plan);
  for (const service of plan.services) {
    if (built[service.image]) continue;
    const policy = service.pullPolicy ?? 'missing';
    const known = images[service.image];
    if (!known || eagerness[policy] > eagerness[known]) images[service.image] = policy;
  }
  return images;
}

/** The terminal update for a failure reported by an adapter. */
export function failureOf(event: Input, context: PodContext): PodOutcome {
  const launchFailed = 'REASON_CONTAINER_LAUNCH_FAILED';
  switch (event.type) {
    case 'container.create_failed':
      return { state: 'TASK_FAILED', message: `service ${event.service}: ${event.message}`, reason: launchFailed };
    case 'container.start_failed':
      return { state: 'TASK_FAILED', message: `service ${event.service} did not start: ${event.message}`, reason: launchFailed };
    case 'container.hook_failed':
      return { state: 'TASK_FAILED', message: `service ${event.service}: ${event.stage}[${event.index}] ${event.message}`, reason: launchFailed };
    case 'network.create_failed':
      return { state: 'TASK_FAILED', message: `network ${event.name}: ${event.message}`, reason: launchFailed };
    case 'image.pull_failed': {
      const users = (context.plan?.services ?? []).filter((service) => service.image === event.image).map((service) => service.name);
      const who = users.length > 0 ? `service${users.length > 1 ? 's' : ''} ${users.join(', ')}: ` : '';
      return { state: 'TASK_FAILED', message: `${who}image ${event.image}: ${event.message}`, reason: launchFailed };
    }
    case 'image.build_failed': {
      const users = (context.plan?.services ?? []).filter((service) => service.image === event.image).map((service) => service.name);
      return { state: 'TASK_FAILED', message: `service${users.length > 1 ? 's' : ''} ${users.join(', ')}: build of ${event.image} failed: ${event.message}`, reason: launchFailed };
    }
    case 'pod.plan_failed':
      return { state: 'TASK_FAILED', message: event.message, reason: 'REASON_TASK_INVALID' };
    case 'plugin.failed':
      return { state: 'TASK_FAILED', message: event.message };
    default:
      return { state: 'TASK_FAILED', message: `unexpected ${event.type}` };
  }
}
