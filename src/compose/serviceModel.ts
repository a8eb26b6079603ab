import * as t from 'io-ts';
import { buildSpec, type BuildSpec } from './buildSpec.js';
import { gpus, type DeviceRequest } from './deviceRequests.js';
import { ignoredServiceKeys, unsupportedServiceKey } from './composeKeys.js';
import { fileReferences, type FileReference } from './fileObjects.js';
import { keyedMapping } from './keyedMapping.js';
import { labelFiles } from './labelFiles.js';
import { serviceNetworks, type NetworkAttachment } from './networkSyntax.js';
import { exposedPort, portSpec, type PortSpec } from './portSyntax.js';
import {
  cpus,
  deploy,
  devices,
  envFiles,
  extraHosts,
  ipcMode,
  logging,
  memorySize,
  pidMode,
  profiles,
  pullPolicy,
  ulimits,
  type Deploy,
  type Device,
  type EnvFileRef,
  type IpcMode,
  type Logging,
  type PullPolicy,
  type SharedNamespace,
  type Ulimit,
  type VolumesFrom,
  volumesFrom,
} from './runtimeValues.js';
import {
  commandLine,
  dependsOn,
  environment,
  extendsRef,
  healthcheck,
  labels,
  networkMode,
  restart,
  settings,
  type Dependency,
  type Environment,
  type ExtendsRef,
  type Healthcheck,
  type Labels,
  type NetworkMode,
  type RestartPolicy,
} from './serviceValues.js';
import { blkioConfig, cgroupMode, deviceCgroupRules, externalLinks, groupAdd, hostOnly, limitOrUnlimited, memSwappiness, oomScoreAdj, type BlkioConfig } from './hostKeys.js';
import { byteSize, count, decoder, duration, expected, flag, isMapping, list, oneOrMore, text } from './valueCodecs.js';
import { MERGE_RESET_KEY } from './composeYaml.js';
import { tmpfsMounts, volumeSpec, type VolumeSpec } from './volumeSyntax.js';
import { serviceHooks, type ServiceHook } from './serviceHooks.js';

/** A service as the merged compose files describe it, in one normal shape. */
export interface ServiceModel {
  /** Absent only when `build` makes the image. */
  readonly image?: string;
  readonly build?: BuildSpec;
  readonly secrets?: FileReference[];
  readonly configs?: FileReference[];
  readonly command?: string[];
  readonly entrypoint?: string[];
  /** `null` for a bare `KEY`: its value comes from the task's environment. */
  readonly environment: Environment;
  /** Read from the sandbox by `readComposeFiles` and folded into `environment`. */
  readonly envFiles?: EnvFileRef[];
  readonly labels: Labels;
  /** `label_file`: read by `readComposeFiles` and folded into `labels`. */
  readonly labelFiles?: string[];
  readonly dependsOn: Record<string, Dependency>;
  readonly networkMode?: NetworkMode;
  /** The pod networks the service joins, by their key in the file; absent means `default`. */
  readonly networks?: Record<string, NetworkAttachment>;
  readonly ports: PortSpec[];
  /** Informational only: containers on the pod network reach every port anyway. */
  readonly expose: string[];
  readonly volumes?: VolumeSpec[];
  readonly tmpfs?: Record<string, string>;
  readonly restart?: RestartPolicy;
  readonly stopSignal?: string;
  readonly stopGracePeriodMs?: number;
  readonly workingDir?: string;
  readonly user?: string;
  readonly hostname?: string;
  readonly domainname?: string;
  readonly healthcheck?: Healthcheck;
  readonly extraHosts?: string[];
  readonly dns?: string[];
  readonly dnsSearch?: string[];
  readonly capAdd?: string[];
  readonly capDrop?: string[];
  readonly privileged?: boolean;
  readonly pid?: 'host' | SharedNamespace;
  readonly ipc?: IpcMode | SharedNamespace;
  readonly volumesFrom?: VolumesFrom[];
  readonly shmSizeBytes?: number;
  readonly ulimits?: Record<string, Ulimit>;
  readonly sysctls?: Record<string, string>;
  readonly init?: boolean;
  readonly tty?: boolean;
  readonly stdinOpen?: boolean;
  readonly readOnly?: boolean;
  readonly securityOpt?: string[];
  readonly logging?: Logging;
  readonly memLimitBytes?: number;
  /** -1: unlimited swap. */
  readonly memswapLimitBytes?: number;
  readonly cpus?: number;
  readonly cpuShares?: number;
  readonly deploy?: Deploy;
  readonly devices?: Device[];
  /** `gpus`: Docker DeviceRequests, within the task's GPUs. */
  readonly gpus?: DeviceRequest[];
  readonly pullPolicy?: PullPolicy;
  /** `pull_refresh_after`, for `pull_policy: refresh`. */
  readonly pullRefreshAfterMs?: number;
  readonly profiles?: string[];
  /** `x-essential: false`: the pod outlives this service's failure. */
  readonly essential?: boolean;
  readonly annotations?: Labels;
  readonly blkioConfig?: BlkioConfig;
  readonly cgroup?: 'host' | 'private';
  readonly cpuPeriod?: number;
  readonly cpuQuota?: number;
  readonly cpuRtPeriod?: number;
  readonly cpuRtRuntime?: number;
  readonly cpuset?: string;
  readonly deviceCgroupRules?: string[];
  readonly dnsOpt?: string[];
  readonly externalLinks?: string[];
  readonly groupAdd?: string[];
  readonly macAddress?: string;
  readonly memReservationBytes?: number;
  readonly memSwappiness?: number;
  readonly oomKillDisable?: boolean;
  readonly oomScoreAdj?: number;
  readonly pidsLimit?: number;
  readonly platform?: string;
  readonly runtime?: string;
  readonly storageOpt?: Record<string, string>;
  readonly usernsMode?: 'host';
  readonly uts?: 'host';
  /** The file's `container_name`; the plan names the container per task and keeps this as an alias. */
  readonly containerName?: string;
  /** `links`: `service` or `service:alias`. */
  readonly links?: string[];
  /** `scale`, or `deploy.replicas`: how many containers of the service. */
  readonly scale?: number;
  /** `use_api_socket`: the Engine's socket bound in, behind `policy.docker_socket`. */
  readonly useApiSocket?: boolean;
  /** Run in the container through exec once it started, before it counts as started. */
  readonly postStart?: ServiceHook[];
  /** Run in the container through exec before it is stopped. */
  readonly preStop?: ServiceHook[];
}

/**
 * A service as one file describes it: an override file may leave out
 * anything, even the image. `extends` is resolved by `load` and gone from
 * the model after it.
 */
export type ServiceOverride = { -readonly [K in keyof ServiceModel]?: ServiceModel[K] } & {
  extends?: ExtendsRef;
  /** Fields this file sets with `!reset` or `!override`: they replace the earlier value whole, or remove it. */
  resets?: Array<keyof ServiceModel>;
};

const user = decoder<string>('a user', (u, c) => (typeof u === 'string' || (typeof u === 'number' && Number.isInteger(u)) ? t.success(String(u)) : expected('a user name or id', u, c)));

const containerNameCodec = decoder<string>('a container name', (u, c) => (typeof u === 'string' && /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(u) ? t.success(u) : expected("a container name of letters, digits, '.', '_' or '-'", u, c)));

/** Each compose key with its codec and the model field it fills. */
const fields = {
  image: [text, 'image'],
  build: [buildSpec, 'build'],
  secrets: [fileReferences('secrets'), 'secrets'],
  configs: [fileReferences('configs'), 'configs'],
  command: [commandLine, 'command'],
  entrypoint: [commandLine, 'entrypoint'],
  environment: [environment, 'environment'],
  env_file: [envFiles, 'envFiles'],
  labels: [labels, 'labels'],
  label_file: [labelFiles, 'labelFiles'],
  depends_on: [dependsOn, 'dependsOn'],
  network_mode: [networkMode, 'networkMode'],
  networks: [serviceNetworks, 'networks'],
  ports: [list(portSpec, 'a list of ports'), 'ports'],
  expose: [list(exposedPort, 'a list of ports'), 'expose'],
  volumes: [list(volumeSpec, 'a list of volumes'), 'volumes'],
  volumes_from: [volumesFrom, 'volumesFrom'],
  tmpfs: [tmpfsMounts, 'tmpfs'],
  restart: [restart, 'restart'],
  stop_signal: [text, 'stopSignal'],
  stop_grace_period: [duration, 'stopGracePeriodMs'],
  working_dir: [text, 'workingDir'],
  user: [user, 'user'],
  hostname: [text, 'hostname'],
  domainname: [text, 'domainname'],
  healthcheck: [healthcheck, 'healthcheck'],
  extra_hosts: [extraHosts, 'extraHosts'],
  dns: [oneOrMore('an IP address'), 'dns'],
  dns_search: [oneOrMore('a domain'), 'dnsSearch'],
  cap_add: [list(text, 'a list of capabilities'), 'capAdd'],
  cap_drop: [list(text, 'a list of capabilities'), 'capDrop'],
  privileged: [flag, 'privileged'],
  pid: [pidMode, 'pid'],
  ipc: [ipcMode, 'ipc'],
  shm_size: [byteSize, 'shmSizeBytes'],
  ulimits: [ulimits, 'ulimits'],
  sysctls: [settings, 'sysctls'],
  init: [flag, 'init'],
  tty: [flag, 'tty'],
  stdin_open: [flag, 'stdinOpen'],
  read_only: [flag, 'readOnly'],
  security_opt: [list(text, 'a list of security options'), 'securityOpt'],
  logging: [logging, 'logging'],
  mem_limit: [byteSize, 'memLimitBytes'],
  memswap_limit: [memorySize, 'memswapLimitBytes'],
  cpus: [cpus, 'cpus'],
  cpu_shares: [count, 'cpuShares'],
  deploy: [deploy, 'deploy'],
  devices: [devices, 'devices'],
  gpus: [gpus, 'gpus'],
  pull_policy: [pullPolicy, 'pullPolicy'],
  pull_refresh_after: [duration, 'pullRefreshAfterMs'],
  profiles: [profiles, 'profiles'],
  extends: [extendsRef, 'extends'],
  annotations: [labels, 'annotations'],
  blkio_config: [blkioConfig, 'blkioConfig'],
  cgroup: [cgroupMode, 'cgroup'],
  cpu_period: [count, 'cpuPeriod'],
  cpu_quota: [limitOrUnlimited, 'cpuQuota'],
  cpu_rt_period: [count, 'cpuRtPeriod'],
  cpu_rt_runtime: [limitOrUnlimited, 'cpuRtRuntime'],
  cpuset: [text, 'cpuset'],
  device_cgroup_rules: [deviceCgroupRules, 'deviceCgroupRules'],
  dns_opt: [list(text, 'a list of resolver options'), 'dnsOpt'],
  external_links: [externalLinks, 'externalLinks'],
  group_add: [groupAdd, 'groupAdd'],
  mac_address: [text, 'macAddress'],
  mem_reservation: [byteSize, 'memReservationBytes'],
  mem_swappiness: [memSwappiness, 'memSwappiness'],
  oom_kill_disable: [flag, 'oomKillDisable'],
  oom_score_adj: [oomScoreAdj, 'oomScoreAdj'],
  pids_limit: [limitOrUnlimited, 'pidsLimit'],
  platform: [text, 'platform'],
  runtime: [text, 'runtime'],
  storage_opt: [settings, 'storageOpt'],
  userns_mode: [hostOnly, 'usernsMode'],
  uts: [hostOnly, 'uts'],
  container_name: [containerNameCodec, 'containerName'],
  links: [list(text, 'a list of services'), 'links'],
  scale: [count, 'scale'],
  use_api_socket: [flag, 'useApiSocket'],
  post_start: [serviceHooks, 'postStart'],
  pre_stop: [serviceHooks, 'preStop'],
  // An extension field, as the compose specification allows: Docker Compose ignores it.
  'x-essential': [flag, 'essential'],
} as const satisfies Record<string, readonly [t.Type<any, any, unknown>, keyof ServiceOverride]>;

/** The service keys the codec decodes. */
export const decodedServiceKeys: readonly string[] = Object.keys(fields);

const serviceFields = keyedMapping(
  'a service mapping',
  Object.fromEntries(Object.entries(fields).map(([key, [codec]]) => [key, codec])) as { [K in keyof typeof fields]: (typeof fields)[K][0] },
  { unsupported: unsupportedServiceKey, ignored: ignoredServiceKeys },
);

export const service = decoder<ServiceOverride>('a service', (u, c) => {
  const decoded = serviceFields.validate(u, c);
  if (decoded._tag === 'Left') return decoded;
  const override: Record<string, unknown> = {};
  for (const [key, [, field]] of Object.entries(fields)) {
    const value = (decoded.right as Record<string, unknown>)[key];
    if (value !== undefined) override[field] = value;
  }
  const marked = isMapping(u) && Array.isArray(u[MERGE_RESET_KEY]) ? (u[MERGE_RESET_KEY] as unknown[]) : [];
  const resets = marked.flatMap((key) => (typeof key === 'string' && Object.hasOwn(fields, key) ? [fields[key as keyof typeof fields][1]] : []));
  if (resets.length > 0) override.resets = resets;
  return t.success(override as ServiceOverride);
});
