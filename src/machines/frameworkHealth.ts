import type { PodPlan } from '../compose/podPlan.js';
import type { Command } from '../events/commands.js';
import type { CheckKind, CheckProbe, CheckStatus, CheckTarget, FrameworkCheck, FrameworkHealthCheck } from '../events/frameworkChecks.js';
import type { Input, InputOf, LaunchedTask } from '../events/inputs.js';
import { podDetails, type PodContext } from './podFacts.js';
import { podHealthy, type ServiceStates } from './serviceStates.js';

/**
 * The framework's health check (TaskInfo.health_check) and check
 * (TaskInfo.check), run as Mesos's default executor runs them: the first run
 * `delay` after TASK_RUNNING, each next one `interval` after the last result;
 * a health check's failures are ignored until its first pass or the end of
 * its grace period, every counted failure is a TASK_RUNNING with
 * `healthy: false`, and `consecutive_failures` of them kill the task. Pure:
 * timers and runs leave as commands, results come back as inputs.
 */

export interface HealthCheckState {
  spec: FrameworkHealthCheck;
  /** Counted failures since the last pass. */
  consecutiveFailures: number;
  /** Passed at least once: the grace period no longer applies. */
  passedOnce: boolean;
  graceOver: boolean;
  /** The check's own verdict, once it has one. */
  healthy?: boolean;
}

export interface CheckState {
  spec: FrameworkCheck;
  /** The last CheckStatusInfo, only its type until a run tells more. */
  status: CheckStatus;
}

export interface FrameworkChecks {
  health?: HealthCheckState;
  check?: CheckState;
}

export function initialChecks(task: LaunchedTask): FrameworkChecks {
  return {
    ...(task.healthCheck ? { health: { spec: task.healthCheck, consecutiveFailures: 0, passedOnce: false, graceOver: false } } : {}),
    ...(task.check ? { check: { spec: task.check, status: { type: task.check.probe.type } } } : {}),
  };
}

export function checkTimerNames(taskId: string) {
  return { health: `${taskId}/health-check`, grace: `${taskId}/health-grace`, check: `${taskId}/check` } as const;
}

/**
 * The pod's `healthy` as Mesos is told it: without a framework health check,
 * every compose healthcheck healthy (undefined when there is none); with one,
 * undefined until that check has a verdict, then its verdict AND every
 * compose healthcheck healthy.
 */
export function combinedHealth(plan: PodPlan, services: ServiceStates, checks: FrameworkChecks): boolean | undefined {
  const compose = podHealthy(plan, services);
  if (!checks.health) return compose;
  if (checks.health.healthy === undefined) return undefined;
  return checks.health.healthy && compose !== false;
}

/** On TASK_RUNNING: each check's first run waits its delay; the health check's grace starts with it. */
export function startFrameworkChecks(context: PodContext): Command[] {
  const taskId = context.task.taskId;
  const names = checkTimerNames(taskId);
  const { health, check } = context.checks;
  return [
    ...(health ? [{ type: 'timer.start' as const, taskId, name: names.health, ms: health.spec.delayMs }] : []),
    ...(health && health.spec.gracePeriodMs > 0 ? [{ type: 'timer.start' as const, taskId, name: names.grace, ms: health.spec.gracePeriodMs }] : []),
    ...(check ? [{ type: 'timer.start' as const, taskId, name: names.check, ms: check.spec.delayMs }] : []),
  ];
}

/** Once the pod stops, as once a task is killed in Mesos, no check runs and no result counts. */
export function stopFrameworkChecks(context: PodContext): Command[] {
  const names = checkTimerNames(context.task.taskId);
  const { health, check } = context.checks;
  return [
    ...(health ? [names.health] : []),
    ...(health && health.spec.gracePeriodMs > 0 ? [names.grace] : []),
    ...(check ? [names.check] : []),
  ].map((name) => ({ type: 'timer.cancel' as const, name }));
}

export function isFrameworkCheckTimer(context: PodContext, event: Input): boolean {
  return event.type === 'timer.fired' && Object.values(checkTimerNames(context.task.taskId)).includes(event.name as never);
}

export interface CheckStep {
  changes: Partial<Pick<PodContext, 'checks' | 'reportedHealthy' | 'outcome'>>;
  commands: Command[];
}

/** What a check timer or a check's result changes, and the commands that follow. */
export function frameworkCheckStep(context: PodContext, event: Input): CheckStep | undefined {
  const names = checkTimerNames(context.task.taskId);
  if (event.type === 'timer.fired') {
    if (event.name === names.grace && context.checks.health) {
      return { changes: { checks: { ...context.checks, health: { ...context.checks.health, graceOver: true } } }, commands: [] };
    }
    const kind: CheckKind | undefined = event.name === names.health ? 'health' : event.name === names.check ? 'check' : undefined;
    return kind ? run(context, kind) : undefined;
  }
  if (event.type === 'check.passed' || event.type === 'check.failed') return fold(context, event);
  return undefined;
}

function run(context: PodContext, kind: CheckKind): CheckStep | undefined {
  const spec = kind === 'health' ? context.checks.health?.spec : context.checks.check?.spec;
  if (!spec) return undefined;
  const target = targetOf(spec.probe, context);
  const taskId = context.task.taskId;
  // What cannot even be tried (no port, no container) is a failed run like any other.
  if (!target.ok) return fold(context, { type: 'check.failed', taskId, check: kind, message: target.message });
  return { changes: {}, commands: [{ type: 'check.run', taskId, check: kind, target: target.target, timeoutMs: spec.timeoutMs }] };
}

function fold(context: PodContext, result: InputOf<'check.passed'> | InputOf<'check.failed'>): CheckStep | undefined {
  const taskId = context.task.taskId;
  const names = checkTimerNames(taskId);
  const { health, check } = context.checks;
  const state = result.check === 'health' ? health : check;
  if (!state || !context.plan) return undefined;
  const next: Command = { type: 'timer.start', taskId, name: names[result.check], ms: state.spec.intervalMs };
  if (result.check === 'check' && check) {
    const status = result.type === 'check.passed' ? result.status : (result.status ?? { type: check.spec.probe.type });
    if (sameStatus(status, check.status)) return { changes: {}, commands: [next] };
    const checks = { ...context.checks, check: { ...check, status } };
    const healthy = context.reportedHealthy;
    return {
      changes: { checks },
      commands: [running({ ...context, checks }, { reason: 'REASON_TASK_CHECK_STATUS_UPDATED', ...(healthy !== undefined ? { healthy } : {}) }), next],
    };
  }
  if (!health) return undefined;
  if (result.type === 'check.passed') {
    const checks = { ...context.checks, health: { ...health, consecutiveFailures: 0, passedOnce: true, healthy: true } };
    const healthy = combinedHealth(context.plan, context.services, checks);
    const changed = healthy !== undefined && healthy !== context.reportedHealthy;
    return {
      changes: { checks, reportedHealthy: healthy },
      commands: [...(changed ? [running({ ...context, checks }, { reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', healthy })] : []), next],
    };
  }
  if (!health.passedOnce && health.spec.gracePeriodMs > 0 && !health.graceOver) return { changes: {}, commands: [next] };
  const failures = health.consecutiveFailures + 1;
  const checks = { ...context.checks, health: { ...health, consecutiveFailures: failures, healthy: false } };
  const message = `health check failed ${failures} time${failures === 1 ? '' : 's'} consecutively: ${result.message}`;
  // Every counted failure is told, as Mesos's executors tell it: Marathon counts them toward its own kill.
  const update = running({ ...context, checks }, { reason: 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', healthy: false, message });
  if (failures < health.spec.consecutiveFailures) return { changes: { checks, reportedHealthy: false }, commands: [update, next] };
  return {
    changes: { checks, reportedHealthy: false, outcome: context.outcome ?? { state: 'TASK_KILLED', message, unhealthy: true } },
    commands: [update],
  };
}

function running(context: PodContext, fields: { reason: string; healthy?: boolean; message?: string }): Command {
  return { type: 'status.send', taskId: context.task.taskId, state: 'TASK_RUNNING', ...fields, ...podDetails(context) };
}

function sameStatus(a: CheckStatus, b: CheckStatus): boolean {
  return a.type === b.type && a.statusCode === b.statusCode && a.exitCode === b.exitCode && a.succeeded === b.succeeded;
}

const CHECK_SERVICE_LABEL = /(?:^|[./:_-])compose-executor\.check_service$/;

/** The service a COMMAND check runs in: the task label `compose-executor.check_service`, else the pod's first service. */
export function checkService(task: LaunchedTask, plan: PodPlan): string | undefined {
  const named = Object.entries(task.labels).find(([key]) => CHECK_SERVICE_LABEL.test(key))?.[1];
  return named ?? plan.services[0]?.name;
}

/** Why a task's checks cannot run in this pod, for the planner to refuse it with; undefined when they can. */
export function checkProblem(task: LaunchedTask, plan: PodPlan): string | undefined {
  if (task.checkProblems?.length) return task.checkProblems.join('; ');
  const named = Object.entries(task.labels).find(([key]) => CHECK_SERVICE_LABEL.test(key));
  if (named && !plan.services.some((service) => service.name === named[1])) {
    return `task label ${named[0]}: no service ${named[1]} in the pod (services: ${plan.services.map((service) => service.name).join(', ')})`;
  }
  return undefined;
}

type Resolved = { ok: true; target: CheckTarget } | { ok: false; message: string };

/**
 * HTTP and TCP probe the port on the agent (the pod's first published port
 * when the check gives 0), at the container behind it when the pod publishes
 * it; COMMAND runs in a container.
 */
function targetOf(probe: CheckProbe, context: PodContext): Resolved {
  const plan = context.plan!;
  if (probe.type === 'COMMAND') {
    const service = checkService(context.task, plan);
    const state = service === undefined ? undefined : context.services[service];
    if (service === undefined || !state?.containerId || state.phase !== 'running') return { ok: false, message: `service ${service ?? '(none)'} is not running` };
    const { command } = probe;
    const argv = command.shell ? ['/bin/sh', '-c', command.value ?? ''] : command.arguments?.length ? command.arguments : [command.value ?? ''];
    return { ok: true, target: { type: 'COMMAND', service, containerId: state.containerId, argv, ...(command.environment ? { environment: command.environment } : {}) } };
  }
  const published = (plan.publishedPorts ?? []).filter((port) => port.protocol === 'tcp');
  const port = probe.port || published[0]?.hostPort;
  if (!port) return { ok: false, message: 'the check gives no port and the pod publishes none' };
  const behind = published.find((candidate) => candidate.hostPort === port);
  const hostIp = behind?.hostIp;
  const anyAddress = hostIp === undefined || hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::';
  const ipv6 = 'ipv6' in probe && probe.ipv6 === true;
  const host = anyAddress ? (ipv6 ? '::1' : '127.0.0.1') : hostIp;
  const containerId = behind ? context.services[behind.service]?.containerId : undefined;
  // Docker's userland proxy accepts on the host port even when nothing listens behind it: the container itself tells.
  const container = behind && containerId ? { container: { service: behind.service, containerId, port: behind.containerPort } } : {};
  return probe.type === 'HTTP'
    ? { ok: true, target: { type: 'HTTP', host, port, path: probe.path, scheme: probe.scheme, ...container } }
    : { ok: true, target: { type: 'TCP', host, port, ...container } };
}
