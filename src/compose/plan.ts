import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import { allocateHostPorts } from './hostPorts.js';
import { LABELS } from './labels.js';
import type { ComposeModel, ServiceModel } from './model.js';
import { containerName, networkName, projectName } from './podNames.js';
import type { HealthcheckPlan, NetworkPlan, PodPlan, PortPlan, ServicePlan } from './podPlan.js';
import { prerequisites, startOrder } from './startOrder.js';

/** What the plan needs to know of the Mesos task. */
export interface TaskFacts {
  readonly taskId: string;
  readonly taskName?: string;
  readonly executorId: string;
  readonly frameworkId?: string;
  /** The task's labels; every container carries them, `fileName` included. */
  readonly labels: Readonly<Record<string, string>>;
  /** The port ranges offered to the task, inclusive. */
  readonly ports: ReadonlyArray<readonly [number, number]>;
}

export interface PlanOptions {
  /** The Mesos executor's cgroup, so the containers are accounted to the task. */
  readonly cgroupParent?: string;
  /** How the user named the compose file(s), for error messages. */
  readonly fileName: string;
}

const networkPlan = (service: ServiceModel): NetworkPlan => {
  const mode = service.networkMode;
  if (mode === undefined) return { kind: 'pod' };
  switch (mode.kind) {
    // Docker's default bridge has no name resolution between containers; the pod network is the bridge Compose would give.
    case 'bridge':
      return { kind: 'pod' };
    case 'service':
      return { kind: 'service', service: mode.service };
    case 'host':
    case 'none':
      return { kind: mode.kind };
  }
};

const healthcheckPlan = (service: ServiceModel): HealthcheckPlan | undefined => {
  const check = service.healthcheck;
  if (check === undefined) return undefined;
  const { disable, ...rest } = check;
  return disable === true ? { test: ['NONE'] } : rest;
};

const containerLabels = (name: string, service: ServiceModel, ours: Record<string, string>, file: string): E.Either<ComposeError[], Record<string, string>> => {
  const clashes = Object.keys(service.labels).filter((key) => Object.hasOwn(ours, key));
  if (clashes.length > 0) {
    return E.left(clashes.map((key) => composeError(file, `services.${name}.labels.${key}`, 'clashes with a label the executor sets on every container of the task')));
  }
  return E.right({ ...service.labels, ...ours });
};

const servicePlan = (
  name: string,
  service: ServiceModel,
  project: string,
  labels: Record<string, string>,
  ports: PortPlan[],
  dependsOn: string[],
  cgroupParent: string | undefined,
): ServicePlan => {
  const network = networkPlan(service);
  const healthcheck = healthcheckPlan(service);
  const optional: Partial<ServicePlan> = {
    command: service.command,
    entrypoint: service.entrypoint,
    workingDir: service.workingDir,
    user: service.user,
    hostname: service.hostname,
    stopSignal: service.stopSignal,
    // Docker takes whole seconds; rounding up never cuts a service's grace short.
    stopGracePeriodSeconds: service.stopGracePeriodMs === undefined ? undefined : Math.ceil(service.stopGracePeriodMs / 1000),
    cgroupParent,
    healthcheck,
    restart: service.restart,
  };
  return {
    name,
    containerName: containerName(project, name),
    image: service.image,
    // A bare `KEY` takes its value from the environment in Compose; the plan is pure and has none, so it is empty here.
    environment: Object.fromEntries(Object.entries(service.environment).map(([key, value]) => [key, value ?? ''])),
    labels,
    dependsOn,
    network,
    aliases: network.kind === 'pod' ? [name] : [],
    ports,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
};

/** A host, none or shared network namespace has no ports of its own to publish. */
const unpublishable = (model: ComposeModel, file: string): ComposeError[] =>
  Object.entries(model.services).flatMap(([name, service]) => {
    const mode = service.networkMode;
    return service.ports.length > 0 && mode !== undefined && mode.kind !== 'bridge'
      ? [composeError(file, `services.${name}.ports`, `cannot publish ports with network_mode ${mode.kind === 'service' ? `service:${mode.service}` : mode.kind}`)]
      : [];
  });

/**
 * Rewrites a compose model into the pod of one Mesos task: names, labels
 * and host ports that cannot clash with another task's, and the order in
 * which the containers start. Pure: the same model and task give the same plan.
 */
export const planPod = (model: ComposeModel, task: TaskFacts, options: PlanOptions = { fileName: 'docker-compose.yml' }): E.Either<ComposeError[], PodPlan> => {
  const file = options.fileName;
  const project = projectName(task.taskId);
  const podLabels = { [LABELS.taskId]: task.taskId, [LABELS.executorId]: task.executorId, [LABELS.project]: project };
  const order = startOrder(model, file);
  const ports = allocateHostPorts(model, task.ports, file);
  const errors: ComposeError[] = [...unpublishable(model, file), ...(order._tag === 'Left' ? order.left : []), ...(ports._tag === 'Left' ? ports.left : [])];
  const services: ServicePlan[] = [];
  for (const name of order._tag === 'Right' ? order.right : Object.keys(model.services).sort()) {
    const service = model.services[name];
    if (service === undefined) continue;
    // Task labels first so ours win: a task label must not disguise which task a container belongs to.
    const ours = {
      ...task.labels,
      ...podLabels,
      [LABELS.service]: name,
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.container-number': '1',
    };
    const labels = containerLabels(name, service, ours, file);
    if (labels._tag === 'Left') errors.push(...labels.left);
    else services.push(servicePlan(name, service, project, labels.right, ports._tag === 'Right' ? (ports.right[name] ?? []) : [], prerequisites(model, name), options.cgroupParent));
  }
  if (errors.length > 0) return E.left(errors);
  return E.right({
    taskId: task.taskId,
    project,
    network: { name: networkName(project), labels: { ...podLabels, 'com.docker.compose.network': 'default' } },
    labels: podLabels,
    services,
  });
};
