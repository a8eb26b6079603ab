import * as t from 'io-ts';

/**
 * What one Mesos task runs: the compose services rewritten for this task,
 * with names, labels and ports that cannot clash with another task's.
 * It is plain data, logged whole in `pod.planned`, so replay needs no files.
 */

const StringMap = t.record(t.string, t.string);

/** How a service's container joins a network namespace. */
export const NetworkPlan = t.union([
  /** The pod's own bridge network, reachable by service name. */
  t.type({ kind: t.literal('pod') }),
  /** Shares the network namespace of another service's container (`service:X`). */
  t.type({ kind: t.literal('service'), service: t.string }),
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
  t.partial({ hostIp: t.string }),
]);
export type PortPlan = t.TypeOf<typeof PortPlan>;

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

export const ServicePlan = t.intersection([
  t.type({
    name: t.string,
    containerName: t.string,
    image: t.string,
    environment: StringMap,
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
    /** Compose's restart policy, as written; the pod decides what it means under Mesos. */
    restart: RestartPlan,
  }),
]);
export type ServicePlan = t.TypeOf<typeof ServicePlan>;

export const PodPlan = t.type({
  taskId: t.string,
  /** Compose project name; unique per task, so `docker compose -p` finds the pod. */
  project: t.string,
  /** The pod's bridge network; created only when a service joins it. */
  network: t.type({ name: t.string, labels: StringMap }),
  /** Labels every container and network of the pod carries. */
  labels: StringMap,
  /** In start order: every service after the ones it depends on. */
  services: t.array(ServicePlan),
});
export type PodPlan = t.TypeOf<typeof PodPlan>;
