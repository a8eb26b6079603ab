import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import { planBuild } from './buildPlan.js';
import { deviceRequestErrors, type HeldGpus } from './deviceRequests.js';
import { containerOptions } from './containerOptions.js';
import { allocateHostPorts, type DiscoveryPort } from './hostPorts.js';
import { DEFAULT_INFRA_COMMAND, infraErrors, infraName, withInfraContainer, type InfraContainer } from './infraContainer.js';
import { LABELS } from './labels.js';
import type { ComposeModel, ServiceModel } from './model.js';
import { DEFAULT_POLICY, policyViolations, type OperatorPolicy } from './operatorPolicy.js';
import { hookPolicyViolations } from './serviceHooks.js';
import { containerName, projectName } from './podNames.js';
import { defaultNetwork, networkDefinitionErrors, podNetworks, resourceWarnings, serviceAttachments } from './podNetworks.js';
import type { HealthcheckPlan, JoinedContainer, NetworkPlan, PodPlan, PublishedPort, ServicePlan } from './podPlan.js';
import { portEnvironment } from './portReport.js';
import { resourceViolations } from './resourcePolicy.js';
import { podVolumes, serviceMounts } from './podVolumes.js';
import { withActiveProfiles } from './profiles.js';
import { devicePermissionWarnings } from './runtimeValues.js';
import { boundFileWarnings, fileObjectErrors, serviceFiles } from './secretsAndConfigs.js';
import { rewriteServices } from './serviceRewrites.js';
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
  /** The task's `discovery.ports`, for compose ports that ask for one by `name`. */
  readonly discoveryPorts?: readonly DiscoveryPort[];
  /** The task's `gpus` resource: no pod asks for more, and `count: all` is these; `any` judges none (`validate`: no task). */
  readonly gpus?: HeldGpus;
}

export interface PlanOptions {
  /** How the user named the compose file(s), for error messages. */
  readonly fileName: string;
  /** The task's sandbox on the host: relative bind mounts are resolved against it. */
  readonly sandbox: string;
  /** The Mesos executor's cgroup, so the containers are accounted to the task. */
  readonly cgroupParent?: string;
  /** What the operator allows; absent: `DEFAULT_POLICY`. */
  readonly policy?: OperatorPolicy;
  /** When set, a container of this image holds the pod's network namespace. */
  readonly infra?: InfraContainer;
  /** Active compose profiles; services of other profiles are left out. */
  readonly profiles?: readonly string[];
  /** `exact_host_ports`: a fixed host port the offer lacks fails the task instead of taking an offered port. */
  readonly exactHostPorts?: boolean;
  /** What the executor writes at the sandbox's root (buildPlan.ts `sandboxOwnFiles`); absent: the default names. */
  readonly sandboxOwnFiles?: readonly string[];
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
    case 'container':
      return { kind: 'container', container: mode.container };
    case 'host':
    case 'none':
      return { kind: mode.kind };
  }
};

/** Only the conditions beyond `service_started`, the default; absent when there are none. */
const dependsOnConditions = (service: ServiceModel): ServicePlan['dependsOnConditions'] => {
  const special = Object.entries(service.dependsOn).filter(([, dependency]) => dependency.condition !== 'service_started');
  return special.length > 0 ? Object.fromEntries(special.map(([name, dependency]) => [name, dependency.condition])) : undefined;
};

const optionalDependencies = (service: ServiceModel): string[] | undefined => {
  const optional = Object.entries(service.dependsOn).filter(([, dependency]) => !dependency.required).map(([name]) => name);
  return optional.length > 0 ? optional : undefined;
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

const withoutUndefined = <R extends Record<string, unknown>>(record: R): Partial<R> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<R>;

/** A network namespace the service does not own: host, none, or another service's. */
const namespaceErrors = (model: ComposeModel, file: string): ComposeError[] =>
  Object.entries(model.services).flatMap(([name, service]) => {
    const mode = service.networkMode;
    if (mode === undefined || mode.kind === 'bridge') return [];
    const shown = mode.kind === 'service' ? `service:${mode.service}` : mode.kind === 'container' ? `container:${mode.container}` : mode.kind;
    const errors = service.ports.length > 0 ? [composeError(file, `services.${name}.ports`, `cannot publish ports with network_mode ${shown}`)] : [];
    if (mode.kind !== 'service' && mode.kind !== 'container') return errors;
    // Docker refuses these on a container that joins another's namespace: they belong to the namespace's owner.
    const owner = mode.kind === 'service' ? mode.service : `the container ${mode.container}`;
    const owned: Array<[string, unknown]> = [['dns', service.dns], ['dns_search', service.dnsSearch], ['extra_hosts', service.extraHosts], ['hostname', service.hostname], ['domainname', service.domainname]];
    return [...errors, ...owned.filter(([, value]) => value !== undefined).map(([key]) => composeError(file, `services.${name}.${key}`, `cannot be set with network_mode ${shown}: set it on ${owner}`))];
  });

/** Docker joins only a shareable IPC namespace; a service others join gets one unless it asked for another. */
const ipcDonors = (model: ComposeModel): Set<string> =>
  new Set(Object.values(model.services).flatMap((service) => (typeof service.ipc === 'object' ? [service.ipc.service] : [])));

const ipcErrors = (model: ComposeModel, file: string): ComposeError[] =>
  [...ipcDonors(model)].flatMap((donor) => {
    const ipc = model.services[donor]?.ipc;
    return typeof ipc === 'string' && ipc !== 'shareable' ? [composeError(file, `services.${donor}.ipc`, `${ipc} cannot be joined by another service: make it shareable or leave it out`)] : [];
  });

/** `use_api_socket`, as Compose binds it: the daemon's own socket at its usual path. */
const ENGINE_SOCKET = { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false } as const;

const joinedContainer = (project: string, service: string): JoinedContainer => ({ service, containerName: containerName(project, service) });

/** Task labels first so ours win: a task label must not disguise which task a container belongs to. */
const serviceLabels = (task: TaskFacts, podLabels: Record<string, string>, name: string): Record<string, string> => ({
  ...task.labels,
  ...podLabels,
  [LABELS.service]: name,
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.container-number': '1',
});

const planService = (model: ComposeModel, name: string, task: TaskFacts, project: string, podLabels: Record<string, string>, options: PlanOptions): E.Either<ComposeError[], Omit<ServicePlan, 'ports'>> => {
  const file = options.fileName;
  const service = model.services[name] as ServiceModel;
  const labels = containerLabels(name, service, serviceLabels(task, podLabels, name), file);
  const settings = containerOptions(name, service, file, task.gpus);
  const mounts = serviceMounts(model, name, project, podLabels, options.sandbox, file);
  const attachments = serviceAttachments(model, name, project, file);
  const policy = options.policy ?? DEFAULT_POLICY;
  const files = serviceFiles(model, name, options.sandbox, file, policy.bindMountsOutsideSandbox);
  const built = planBuild(model, name, { sandbox: options.sandbox, taskId: task.taskId, policy, file, ...(options.sandboxOwnFiles ? { ownFiles: options.sandboxOwnFiles } : {}) });
  const errors = [labels, settings, mounts, attachments, files].flatMap((result) => (result._tag === 'Left' ? result.left : []));
  if ('errors' in built) errors.push(...built.errors);
  if (labels._tag === 'Left' || settings._tag === 'Left' || mounts._tag === 'Left' || attachments._tag === 'Left' || files._tag === 'Left' || 'errors' in built) return E.left(errors);
  const allMounts = [...mounts.right, ...files.right.mounts, ...(service.useApiSocket === true ? [ENGINE_SOCKET] : [])];
  return E.right({
    name,
    // The file's container_name is host-global in Compose; per task it is a name within the project, and an alias.
    containerName: containerName(project, service.containerName ?? name),
    image: built.image,
    // A bare `KEY` the environment did not set (load resolves the rest) reaches Docker unset, as Compose passes it.
    environment: { ...service.environment },
    labels: labels.right,
    dependsOn: prerequisites(model, name),
    network: networkPlan(service),
    aliases: attachments.right.aliases,
    ...withoutUndefined({
      command: service.command,
      entrypoint: service.entrypoint,
      workingDir: service.workingDir,
      user: service.user,
      hostname: service.hostname,
      stopSignal: service.stopSignal,
      // Docker takes whole seconds; rounding up never cuts a service's grace short.
      stopGracePeriodSeconds: service.stopGracePeriodMs === undefined ? undefined : Math.ceil(service.stopGracePeriodMs / 1000),
      cgroupParent: options.cgroupParent,
      healthcheck: healthcheckPlan(service),
      restart: service.deploy?.restart ?? service.restart,
      dependsOnConditions: dependsOnConditions(service),
      optionalDependencies: optionalDependencies(service),
      essential: service.essential === false ? false : undefined,
      networks: attachments.right.networks,
      mounts: allMounts.length > 0 ? allMounts : undefined,
      files: files.right.copies.length > 0 ? files.right.copies : undefined,
      build: built.build,
      postStart: service.postStart?.length ? service.postStart : undefined,
      preStop: service.preStop?.length ? service.preStop : undefined,
      sharedPid: typeof service.pid === 'object' ? joinedContainer(project, service.pid.service) : undefined,
      sharedIpc: typeof service.ipc === 'object' ? joinedContainer(project, service.ipc.service) : undefined,
      volumesFrom: service.volumesFrom?.map((from) =>
        from.service === undefined ? { containerName: from.container ?? '', readOnly: from.readOnly } : { ...joinedContainer(project, from.service), readOnly: from.readOnly },
      ),
    }),
    ...settings.right,
    ...(service.containerName === undefined ? {} : { containerAlias: service.containerName }),
    ...(ipcDonors(model).has(name) && service.ipc === undefined ? { ipc: 'shareable' } : {}),
  });
};

/** Aliases peers use for a service (links, container_name, a replica's service name) on each of its networks; a replica's number. */
const withRewrites = (service: ServicePlan, aliases: readonly string[], replicaOf: string | undefined): ServicePlan => {
  const extra = (list: readonly string[]) => [...new Set([...list, ...aliases])];
  const number = replicaOf === undefined ? undefined : service.name.slice(replicaOf.length + 1);
  return {
    ...service,
    ...(service.network.kind === 'pod' && aliases.length > 0 ? { aliases: extra(service.aliases) } : {}),
    ...(service.networks === undefined || aliases.length === 0 ? {} : { networks: service.networks.map((network) => ({ ...network, aliases: extra(network.aliases) })) }),
    ...(replicaOf === undefined ? {} : { replicaOf, labels: { ...service.labels, 'com.docker.compose.container-number': number ?? '1' } }),
  };
};

const infraService = (infra: InfraContainer, names: readonly string[], task: TaskFacts, project: string, podLabels: Record<string, string>, options: PlanOptions): ServicePlan => {
  const name = infraName(names);
  return {
    name,
    containerName: containerName(project, name),
    image: infra.image,
    command: [...(infra.command ?? DEFAULT_INFRA_COMMAND)],
    environment: {},
    labels: serviceLabels(task, podLabels, name),
    dependsOn: [],
    network: { kind: 'pod' },
    aliases: [],
    ports: [],
    ...(options.cgroupParent === undefined ? {} : { cgroupParent: options.cgroupParent }),
  };
};

/**
 * Rewrites a compose model into the pod of one Mesos task: names, labels,
 * host ports, networks and volumes that cannot clash with another task's,
 * the operator's policy enforced, and the order in which the containers
 * start. Pure: the same model and task give the same plan.
 */
export const planPod = (composed: ComposeModel, task: TaskFacts, options: PlanOptions): E.Either<ComposeError[], PodPlan> => {
  const file = options.fileName;
  const active = withActiveProfiles(composed, options.profiles ?? [], file);
  if (active._tag === 'Left') return active;
  const rewritten = rewriteServices(active.right, file);
  if (rewritten._tag === 'Left') return rewritten;
  const { model, replicaOf, aliases: extraAliases } = rewritten.right;
  const project = projectName(task.taskId);
  const podLabels = { [LABELS.taskId]: task.taskId, [LABELS.executorId]: task.executorId, [LABELS.project]: project };
  const order = startOrder(model, file);
  const ports = allocateHostPorts(model, task.ports, file, task.discoveryPorts, options.exactHostPorts === true);
  const errors: ComposeError[] = [
    ...namespaceErrors(model, file),
    ...ipcErrors(model, file),
    ...networkDefinitionErrors(model, file),
    ...fileObjectErrors(model, file),
    ...policyViolations(model, options.policy ?? DEFAULT_POLICY, options.sandbox, file),
    ...hookPolicyViolations(model, (options.policy ?? DEFAULT_POLICY).privileged, file),
    ...resourceViolations(model, options.policy ?? DEFAULT_POLICY, file),
    ...deviceRequestErrors(model, task.gpus ?? 0, (options.policy ?? DEFAULT_POLICY).devices, file),
    ...(options.infra === undefined ? [] : infraErrors(model, file)),
    ...(order._tag === 'Left' ? order.left : []),
    ...(ports._tag === 'Left' ? ports.left : []),
  ];
  const portsOf = (name: string) => (ports._tag === 'Right' ? (ports.right.ports[name] ?? []) : []);
  const publishedPorts: PublishedPort[] = Object.keys(model.services).sort().flatMap((service) => portsOf(service).map((port) => ({ service, ...port })));
  // The executor's values win over the file's: they are the ports the container really has.
  const portVariables = portEnvironment(publishedPorts);
  const services: ServicePlan[] = [];
  for (const name of order._tag === 'Right' ? order.right : Object.keys(model.services).sort()) {
    const service = planService(model, name, task, project, podLabels, options);
    if (service._tag === 'Left') errors.push(...service.left);
    else services.push(withRewrites({ ...service.right, environment: { ...service.right.environment, ...portVariables }, ports: portsOf(name) }, extraAliases[name] ?? [], replicaOf[name]));
  }
  if (errors.length > 0) return E.left(errors);
  const networks = podNetworks(model, project, podLabels);
  const volumes = podVolumes(model, project, podLabels, options.sandbox);
  const named = composed.name === undefined || composed.name === project ? [] : [`name: ${composed.name} is not the project on Mesos: the task's is ${project}`];
  const warnings = [...(composed.warnings ?? []), ...named, ...resourceWarnings(model), ...boundFileWarnings(model), ...devicePermissionWarnings(model.services), ...rewritten.right.warnings, ...(ports._tag === 'Right' ? ports.right.moved : [])].map((warning) => `${file}: ${warning}`);
  const plan: PodPlan = {
    taskId: task.taskId,
    project,
    network: defaultNetwork(model, project, podLabels),
    labels: podLabels,
    services,
    ...(networks.length > 0 ? { networks } : {}),
    ...(volumes.length > 0 ? { volumes } : {}),
    ...(publishedPorts.length > 0 ? { publishedPorts } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  return E.right(options.infra === undefined ? plan : withInfraContainer(plan, infraService(options.infra, Object.keys(model.services), task, project, podLabels, options)));
};
