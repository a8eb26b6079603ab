import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { composeError, type ComposeError } from './composeError.js';
import { DeviceRequestPlan, deviceRequestPlans, type HeldGpus } from './deviceRequests.js';
import { pullPolicyOf } from './runtimeValues.js';
import type { ServiceModel } from './serviceModel.js';

const StringMap = t.record(t.string, t.string);

/** How a container runs, in Docker's terms: limits, namespaces, devices, logging. */
export const ContainerOptionsPlan = t.partial({
  domainname: t.string,
  /** `host:ip`, as Docker's ExtraHosts. */
  extraHosts: t.array(t.string),
  dns: t.array(t.string),
  dnsSearch: t.array(t.string),
  capAdd: t.array(t.string),
  capDrop: t.array(t.string),
  privileged: t.boolean,
  pid: t.literal('host'),
  ipc: t.string,
  shmSizeBytes: t.number,
  ulimits: t.array(t.type({ name: t.string, soft: t.number, hard: t.number })),
  sysctls: StringMap,
  init: t.boolean,
  tty: t.boolean,
  stdinOpen: t.boolean,
  readOnly: t.boolean,
  securityOpt: t.array(t.string),
  logging: t.intersection([t.type({ options: StringMap }), t.partial({ driver: t.string })]),
  memoryBytes: t.number,
  /** -1: unlimited swap. */
  memorySwapBytes: t.number,
  memoryReservationBytes: t.number,
  nanoCpus: t.number,
  /** Docker has no CPU reservation: kept so a reader of the plan sees it; the task's cpus resource is what Mesos reserves. */
  cpuReservation: t.number,
  cpuShares: t.number,
  pidsLimit: t.number,
  devices: t.array(t.type({ host: t.string, container: t.string, permissions: t.string })),
  /** `deploy.resources.reservations.devices`, then `gpus`, as Compose sends them; `count: all` is the task's GPUs. */
  deviceRequests: t.array(DeviceRequestPlan),
  /** The service's `tmpfs` key: path to mount options. */
  tmpfs: StringMap,
  /** `expose`: ports Docker lists as exposed, published or not (`3000`, `8000-8010/udp`). */
  expose: t.array(t.string),
  annotations: StringMap,
  blkio: t.partial({
    weight: t.number,
    weightDevice: t.array(t.type({ path: t.string, weight: t.number })),
    deviceReadBps: t.array(t.type({ path: t.string, rate: t.number })),
    deviceWriteBps: t.array(t.type({ path: t.string, rate: t.number })),
    deviceReadIops: t.array(t.type({ path: t.string, rate: t.number })),
    deviceWriteIops: t.array(t.type({ path: t.string, rate: t.number })),
  }),
  cgroupnsMode: t.string,
  cpuPeriod: t.number,
  cpuQuota: t.number,
  cpuRealtimePeriod: t.number,
  cpuRealtimeRuntime: t.number,
  cpusetCpus: t.string,
  deviceCgroupRules: t.array(t.string),
  dnsOptions: t.array(t.string),
  /** `external_links`, as Docker's legacy Links `container:alias`. */
  links: t.array(t.string),
  groupAdd: t.array(t.string),
  macAddress: t.string,
  memorySwappiness: t.number,
  oomKillDisable: t.boolean,
  oomScoreAdj: t.number,
  platform: t.string,
  runtime: t.string,
  storageOpt: StringMap,
  usernsMode: t.string,
  utsMode: t.string,
  /** When to pull the image: `missing` (the default) pulls only what the host lacks. */
  pullPolicy: t.union([t.literal('always'), t.literal('never'), t.literal('missing')]),
  /** `daily`, `weekly`, `every_<duration>`: pull when the host's image was tagged longer ago than this (pullPolicy says `always`). */
  pullRefreshAfterMs: t.number,
});
export type ContainerOptionsPlan = t.TypeOf<typeof ContainerOptionsPlan>;

/** A limit written twice (`cpus` and `deploy.resources.limits.cpus`) must agree, as Compose requires. */
const oneLimit = (
  name: string,
  file: string,
  errors: ComposeError[],
  direct: number | undefined,
  key: string,
  deployed: number | undefined,
  deployKey: string,
): number | undefined => {
  if (direct !== undefined && deployed !== undefined && direct !== deployed) {
    errors.push(composeError(file, `services.${name}.deploy.resources.limits.${deployKey}`, `${deployed} conflicts with ${key}: ${direct}`));
  }
  return direct ?? deployed;
};

const present = <R extends Record<string, unknown>>(record: R): Partial<R> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))) as Partial<R>;

/** The container options of one service; fails only when two keys set one limit differently. `gpus`: how many the task holds. */
export const containerOptions = (name: string, service: ServiceModel, file: string, gpus: HeldGpus = 0): E.Either<ComposeError[], ContainerOptionsPlan> => {
  const errors: ComposeError[] = [];
  const limits = service.deploy?.limits;
  const reservations = service.deploy?.reservations;
  const cpus = oneLimit(name, file, errors, service.cpus, 'cpus', limits?.cpus, 'cpus');
  const memory = oneLimit(name, file, errors, service.memLimitBytes, 'mem_limit', limits?.memoryBytes, 'memory');
  const pids = oneLimit(name, file, errors, service.pidsLimit, 'pids_limit', limits?.pids, 'pids');
  const reservation = oneLimit(name, file, errors, service.memReservationBytes, 'mem_reservation', reservations?.memoryBytes, 'memory');
  if (errors.length > 0) return E.left(errors);
  const pulling = pullPolicyOf(service);
  return E.right(
    present({
      domainname: service.domainname,
      extraHosts: service.extraHosts,
      dns: service.dns,
      dnsSearch: service.dnsSearch,
      capAdd: service.capAdd,
      capDrop: service.capDrop,
      privileged: service.privileged,
      // Another service's namespace is joined by container id at create: see sharedPid and sharedIpc of the plan.
      pid: service.pid === 'host' ? service.pid : undefined,
      ipc: typeof service.ipc === 'string' ? service.ipc : undefined,
      shmSizeBytes: service.shmSizeBytes,
      ulimits: service.ulimits === undefined ? undefined : Object.entries(service.ulimits).map(([limit, range]) => ({ name: limit, ...range })),
      sysctls: service.sysctls,
      init: service.init,
      tty: service.tty,
      stdinOpen: service.stdinOpen,
      readOnly: service.readOnly,
      securityOpt: service.securityOpt,
      logging: service.logging,
      memoryBytes: memory,
      memorySwapBytes: service.memswapLimitBytes,
      memoryReservationBytes: reservation,
      nanoCpus: cpus === undefined ? undefined : Math.round(cpus * 1e9),
      cpuReservation: reservations?.cpus,
      cpuShares: service.cpuShares,
      pidsLimit: pids,
      devices: service.devices,
      deviceRequests: deviceRequestPlans(service, gpus),
      tmpfs: service.tmpfs,
      // `build` is told by the service's build plan, which builds every time.
      // A periodic policy pulls at least that often; the pod passes its period to the puller as `refresh`.
      pullPolicy: pulling === 'build' ? undefined : typeof pulling === 'object' ? 'always' : pulling,
      pullRefreshAfterMs: typeof pulling === 'object' ? pulling.refreshAfterMs : undefined,
      expose: service.expose,
      annotations: service.annotations,
      blkio: service.blkioConfig,
      cgroupnsMode: service.cgroup,
      cpuPeriod: service.cpuPeriod,
      cpuQuota: service.cpuQuota,
      cpuRealtimePeriod: service.cpuRtPeriod,
      cpuRealtimeRuntime: service.cpuRtRuntime,
      cpusetCpus: service.cpuset,
      deviceCgroupRules: service.deviceCgroupRules,
      dnsOptions: service.dnsOpt,
      links: service.externalLinks?.map((link) => (link.includes(':') ? link : `${link}:${link}`)),
      groupAdd: service.groupAdd,
      macAddress: service.macAddress,
      memorySwappiness: service.memSwappiness,
      oomKillDisable: service.oomKillDisable,
      oomScoreAdj: service.oomScoreAdj,
      platform: service.platform,
      runtime: service.runtime,
      storageOpt: service.storageOpt,
      usernsMode: service.usernsMode,
      utsMode: service.uts,
    }),
  );
};
