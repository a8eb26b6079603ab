import * as t from 'io-ts';
import { BuildPlan } from './buildPlan.js';
import { ContainerOptionsPlan } from './containerOptions.js';
import { FileCopyPlan } from './secretsAndConfigs.js';

/**
 * What one Mesos task runs: the compose services rewritten for this task,
 * with names, labels and ports that cannot clash with another task's.
 * It is plain data, logged whole in `pod.planned`, so replay needs no files.
 */

const StringMap = t.record(t.string, t.string);
/** A null value: a bare `KEY` no environment set, which Docker gets unset (`KEY` without `=`), as Compose passes it. */
const EnvironmentMap = t.record(t.string, t.union([t.string, t.null]));

/** How a service's container joins a network namespace. */
export const NetworkPlan = t.union([
  /** The pod's own bridge network, reachable by service name. */
  t.type({ kind: t.literal('pod') }),
  /** Shares the network namespace of another service's container (`service:X`). */
  t.type({ kind: t.literal('service'), service: t.string }),
  /** Shares the network namespace of a container outside the pod (`container:X`), when the operator allows it. */
  t.type({ kind: t.literal('container'), container: t.string }),
  t.type({ kind: t.literal('host') }),
  t.type({ kind: t.literal('none') }),
]);
export type NetworkPlan = t.TypeOf<typeof NetworkPlan>;

export const PortPlan = t.intersection([
  t.type({
    containerPort: t.number,
    protocol: t.union([t.literal('tcp'), t.literal('udp'), t.literal('sctp')]),
    hostPort: t.number,
  }),
  /** `name`: the Mesos port of this name from the task's `discovery.ports`. */
  t.partial({ hostIp: t.string, name: t.string }),
]);
export type PortPlan = t.TypeOf<typeof PortPlan>;

/** One published port as users see it reported: which service's container port, on which host port. */
export const PublishedPort = t.intersection([t.type({ service: t.string }), PortPlan]);
export type PublishedPort = t.TypeOf<typeof PublishedPort>;

/** Docker's healthcheck, durations in milliseconds; `test` is `["NONE"]` when disabled. */
export const HealthcheckPlan = t.partial({
  test: t.array(t.string),
  intervalMs: t.number,
  timeoutMs: t.number,
  startPeriodMs: t.number,
  startIntervalMs: t.number,
  retries: t.number,
});
export type HealthcheckPlan = t.TypeOf<typeof HealthcheckPlan>;

export const RestartPlan = t.intersection([
  t.type({ policy: t.union([t.literal('no'), t.literal('always'), t.literal('unless-stopped'), t.literal('on-failure')]) }),
  t.partial({ maxRetries: t.number }),
]);
export type RestartPlan = t.TypeOf<typeof RestartPlan>;

/** A mount of a service: a pod volume (created with its labels on first use), a host path, or a tmpfs. */
export const MountPlan = t.union([
  t.intersection([
    t.type({ type: t.literal('volume'), target: t.string, readOnly: t.boolean }),
    /** No source: an anonymous volume, removed with its container. */
    t.partial({ source: t.string, noCopy: t.boolean, subpath: t.string, labels: StringMap, driver: t.string, driverOptions: StringMap }),
  ]),
  t.intersection([
    /** `source` is absolute: resolved against the sandbox when the file gave a relative path. */
    t.type({ type: t.literal('bind'), source: t.string, target: t.string, readOnly: t.boolean }),
    t.partial({ propagation: t.string, selinux: t.union([t.literal('z'), t.literal('Z')]), createHostPath: t.boolean }),
  ]),
  t.intersection([t.type({ type: t.literal('tmpfs'), target: t.string }), t.partial({ sizeBytes: t.number, mode: t.number })]),
]);
export type MountPlan = t.TypeOf<typeof MountPlan>;

/** One Docker network a container joins, by its Docker name. */
export const ServiceNetworkPlan = t.intersection([
  t.type({ name: t.string, aliases: t.array(t.string) }),
  t.partial({ ipv4Address: t.string, ipv6Address: t.string, linkLocalIps: t.array(t.string), macAddress: t.string, driverOptions: StringMap }),
]);
export type ServiceNetworkPlan = t.TypeOf<typeof ServiceNetworkPlan>;

export type SubnetPlan = t.TypeOf<typeof SubnetPlan>;
export const SubnetPlan = t.intersection([t.type({ subnet: t.string }), t.partial({ gateway: t.string, ipRange: t.string, auxAddresses: StringMap })]);

/** A network the pod creates before its containers and removes after them. */
export const PodNetworkPlan = t.intersection([
  t.type({ name: t.string, labels: StringMap }),
  t.partial({ driver: t.string, driverOptions: StringMap, internal: t.boolean, subnets: t.array(SubnetPlan), ipamDriver: t.string, ipamOptions: StringMap, enableIpv6: t.boolean }),
]);
export type PodNetworkPlan = t.TypeOf<typeof PodNetworkPlan>;

/** A named volume the pod owns: Docker creates it on first mount, the pod removes it at the end. */
export const PodVolumePlan = t.intersection([t.type({ name: t.string, labels: StringMap }), t.partial({ driver: t.string, driverOptions: StringMap })]);
export type PodVolumePlan = t.TypeOf<typeof PodVolumePlan>;

/** A container of the pod that another joins at create: by the id the pod gives, else by its name. */
export const JoinedContainer = t.type({ service: t.string, containerName: t.string });
export type JoinedContainer = t.TypeOf<typeof JoinedContainer>;

/** `volumes_from`: a service's container, or a container outside the pod by its name. */
export const VolumesFromPlan = t.intersection([t.type({ containerName: t.string, readOnly: t.boolean }), t.partial({ service: t.string })]);
export type VolumesFromPlan = t.TypeOf<typeof VolumesFromPlan>;

/** A `post_start` or `pre_stop` command, run in the container through the Engine's exec API. */
export const HookPlan = t.intersection([
  t.type({ command: t.array(t.string) }),
  t.partial({ user: t.string, privileged: t.boolean, workingDir: t.string, environment: EnvironmentMap }),
]);
export type HookPlan = t.TypeOf<typeof HookPlan>;

export const ServicePlan = t.intersection([
  t.type({
    name: t.string,
    containerName: t.string,
    image: t.string,
    environment: EnvironmentMap,
    labels: StringMap,
    /** Services whose containers must be running before this one is created. */
    dependsOn: t.array(t.string),
    network: NetworkPlan,
    /** Aliases on the pod network (the service name at least). */
    aliases: t.array(t.string),
    ports: t.array(PortPlan),
  }),
  t.partial({
    command: t.array(t.string),
    entrypoint: t.array(t.string),
    workingDir: t.string,
    user: t.string,
    hostname: t.string,
    stopSignal: t.string,
    /** Compose's stop_grace_period, in seconds. */
    stopGracePeriodSeconds: t.number,
    /** Mesos executor's cgroup, so the pod is accounted to the task. */
    cgroupParent: t.string,
    healthcheck: HealthcheckPlan,
    /** Compose's pull_policy; `missing` when the file says nothing. */
    pullPolicy: t.keyof({ always: null, missing: null, never: null }),
    /** False for a sidecar whose failure must not fail the pod (`x-essential: false`); true when absent. */
    essential: t.boolean,
    /** Dependencies declared `required: false`: their failure does not hold this service back. */
    optionalDependencies: t.array(t.string),
    /** What each dependency in `dependsOn` must reach first; `service_started` when absent. */
    dependsOnConditions: t.record(t.string, t.keyof({ service_started: null, service_healthy: null, service_completed_successfully: null })),
    /** Compose's restart policy, as written; the pod decides what it means under Mesos. */
    restart: RestartPlan,
    /**
     * Every network the container joins, the first at create, the rest
     * connected before it starts; absent: only the pod network, with `aliases`.
     */
    networks: t.array(ServiceNetworkPlan),
    mounts: t.array(MountPlan),
    /** `pid: service:X`: the process namespace of X's container. */
    sharedPid: JoinedContainer,
    /** `ipc: service:X`: the IPC namespace of X's container, which the plan makes shareable. */
    sharedIpc: JoinedContainer,
    volumesFrom: t.array(VolumesFromPlan),
    /** Secrets and configs given by value, written into the container after create and before start. */
    files: t.array(FileCopyPlan),
    /** How `image` is built on the agent, when the service has `build`. */
    build: BuildPlan,
    /** The file's `container_name`: the container is named per task, and keeps this as a network alias so peers still resolve it. */
    containerAlias: t.string,
    /** A second or later container of a service with `scale` or `deploy.replicas`; `name` is then `<service>-<n>`. */
    replicaOf: t.string,
    /** Run in order once the container started; it counts as started when they all exited 0. */
    postStart: t.array(HookPlan),
    /** Run in order before the container is stopped. */
    preStop: t.array(HookPlan),
  }),
  ContainerOptionsPlan,
]);
export type ServicePlan = t.TypeOf<typeof ServicePlan>;

export const PodPlan = t.intersection([
  t.type({
    taskId: t.string,
    /** Compose project name; unique per task, so `docker compose -p` finds the pod. */
    project: t.string,
    /** The pod's default bridge network; created only when a service joins it. */
    network: PodNetworkPlan,
    /** Labels every container, network and volume of the pod carries. */
    labels: StringMap,
    /** In start order: every service after the ones it depends on. */
    services: t.array(ServicePlan),
  }),
  t.partial({
    /** The pod's other networks, created like `network`; external networks are not listed. */
    networks: t.array(PodNetworkPlan),
    /** The named volumes the pod owns, to remove with the pod; external volumes are not listed. */
    volumes: t.array(PodVolumePlan),
    /** The service that holds the pod's network namespace, when the executor runs one. */
    infra: t.string,
    /** Every published port by the service that asked for it, even when an infra container holds them. */
    publishedPorts: t.array(PublishedPort),
    /** What the plan rewrote or ignored of the files (a fixed host port moved, a key with no meaning on Mesos), for the user. */
    warnings: t.array(t.string),
  }),
]);
export type PodPlan = t.TypeOf<typeof PodPlan>;

/** The services whose containers a service joins by id at create besides its network: pid, ipc, volumes_from. */
export const containersJoined = (service: ServicePlan): string[] =>
  [...new Set([service.sharedPid?.service, service.sharedIpc?.service, ...(service.volumesFrom ?? []).map((from) => from.service)])].filter((name): name is string => name !== undefined).sort();
