import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';
import { outsideSandboxRefusal } from './hostFiles.js';
import { hostPath } from './podVolumes.js';

/** What the operator lets a pod do on the agent; set in the executor's config under `policy`. */
export interface OperatorPolicy {
  readonly privileged: boolean;
  readonly hostNetwork: boolean;
  /** Joining the network namespace of a container outside the pod (`network_mode: container:X`). */
  readonly externalContainers: boolean;
  readonly hostPid: boolean;
  readonly hostIpc: boolean;
  readonly bindMountsOutsideSandbox: boolean;
  /** `true`: any capability; `false`: none; a list: only these. */
  readonly capAdd: boolean | readonly string[];
  readonly devices: boolean;
  /** `security_opt` entries that lift confinement: seccomp profiles, apparmor or SELinux unconfined, systempaths. */
  readonly securityOpt: boolean;
  /** Sysctls the kernel does not namespace, or that reach the host through a host network or IPC namespace. */
  readonly hostSysctls: boolean;
  /** Building images on the agent (`build:`): its RUN steps run with the agent's disk and network. */
  readonly build: boolean;
  /** A build from a git repository: the Docker daemon clones it on the agent, with the agent's network (loopback included) and its own git and SSH credentials. */
  readonly remoteBuildContexts: boolean;
  /** Keys that take the agent's resources beyond the task's share: oom_kill_disable, a negative oom_score_adj, cpuset, cpu_rt_*. */
  readonly hostResources: boolean;
  /** `uts`, `userns_mode` or `cgroup` set to `host`. */
  readonly hostNamespaces: boolean;
  /** Container runtimes besides the daemon's default that `runtime` may name. */
  readonly runtimes: readonly string[];
  /** Logging drivers a service may name; `true`: any (drivers like awslogs or gelf ship logs off the agent). */
  readonly loggingDrivers: boolean | readonly string[];
  /** Volume drivers besides `local`'s own a volume may name; `true`: any (they attach remote or host storage). */
  readonly volumeDrivers: boolean | readonly string[];
  /** Network drivers a network may name; `true`: any (macvlan and ipvlan put containers on the agent's LAN). */
  readonly networkDrivers: boolean | readonly string[];
  /** `use_api_socket`: the Docker Engine's socket bound into a container, which then commands the whole agent. */
  readonly dockerSocket: boolean;
  /** A network's fixed `ipam` subnet: the second pod of the file on an agent fails on it. */
  readonly fixedSubnets: boolean;
  /** Networks made outside the pod (`external`), which the pod then shares. */
  readonly externalNetworks: boolean;
  /** Volumes made outside the pod (`external`), which the pod then shares. */
  readonly externalVolumes: boolean;
  /** IPAM drivers besides Docker's `default` a network may name; `true`: any. */
  readonly ipamDrivers: boolean | readonly string[];
  /** Registries images may come from (`docker.io` for Docker Hub); absent: any. */
  readonly registries?: readonly string[];
}

/**
 * The capabilities Kubernetes' baseline pod security lets any pod add: Docker
 * grants them already, so adding one back after `cap_drop` reaches nothing new.
 */
export const BASELINE_CAPABILITIES: readonly string[] = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

/** Whatever could reach the agent's host beyond the pod is denied until the operator allows it. */
export const DEFAULT_POLICY: OperatorPolicy = {
  privileged: false,
  hostNetwork: false,
  externalContainers: false,
  hostPid: false,
  hostIpc: false,
  bindMountsOutsideSandbox: false,
  capAdd: BASELINE_CAPABILITIES,
  devices: false,
  securityOpt: false,
  hostSysctls: false,
  build: false,
  remoteBuildContexts: false,
  hostResources: false,
  hostNamespaces: false,
  runtimes: [],
  loggingDrivers: ['json-file', 'local'],
  volumeDrivers: ['local'],
  networkDrivers: ['bridge'],
  dockerSocket: false,
  fixedSubnets: false,
  externalNetworks: false,
  externalVolumes: false,
  ipamDrivers: ['default'],
};

const allows = (setting: boolean | readonly string[], value: string): boolean => setting === true || (Array.isArray(setting) && setting.includes(value));

/** The registry of an image reference, as Docker reads it: the first part if it looks like a host. */
export const imageRegistry = (image: string): string => {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
};

const capability = (name: string): string => name.toUpperCase().replace(/^CAP_/, '');

/** Docker takes `name=value` and the older `name:value`; a seccomp profile of our own choosing can allow anything. */
const loosensConfinement = (option: string): boolean => {
  const [name = '', value = ''] = option.split(/[=:](.*)/s);
  switch (name.trim().toLowerCase()) {
    case 'seccomp':
      return true;
    case 'apparmor':
    case 'systempaths':
      return value.trim() === 'unconfined';
    case 'label':
      return /^(disable|type:(spc_t|unconfined_t))$/.test(value.trim());
    default:
      return false;
  }
};

/** The sysctls Docker lets a container set, because the kernel keeps them per namespace. */
const ipcSysctl = (key: string): boolean => /^(kernel\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)|fs\.mqueue\..+)$/.test(key);
const networkSysctl = (key: string): boolean => key.startsWith('net.');

/** A service's network mode once `service:` links are followed; a cycle or an unknown service reads as its own namespace. */
const networkOwner = (model: ComposeModel, name: string): string | undefined => {
  let mode = model.services[name]?.networkMode;
  for (let hops = 0; mode?.kind === 'service' && hops < Object.keys(model.services).length; hops++) mode = model.services[mode.service]?.networkMode;
  return mode?.kind;
};

const hostSysctlReason = (model: ComposeModel, name: string, key: string): string | undefined => {
  if (networkSysctl(key)) return networkOwner(model, name) === 'host' ? "in the host's network namespace" : undefined;
  if (ipcSysctl(key)) return model.services[name]?.ipc === 'host' ? "in the host's IPC namespace" : undefined;
  return 'not namespaced: it would change the host';
};

/** `local` volumes with `o: bind` mount `device` from the host, as a bind mount does. */
const volumeBindDevice = (options: Readonly<Record<string, string>>): string | undefined => {
  const bind = (options.o ?? '').split(',').some((option) => option.trim() === 'bind' || option.trim() === 'rbind');
  return bind && options.device !== undefined ? options.device : undefined;
};

/** Every key of every service that the policy denies, each named by service and key. */
export const policyViolations = (model: ComposeModel, policy: OperatorPolicy, sandbox: string, file: string): ComposeError[] => {
  const errors: ComposeError[] = [];
  const denied = (name: string, key: string, what: string, setting: string) =>
    errors.push(composeError(file, `services.${name}.${key}`, `${what} is denied by the executor's policy (policy.${setting})`));
  for (const [name, service] of Object.entries(model.services)) {
    const registry = imageRegistry(service.image ?? '');
    if (service.image !== undefined && policy.registries !== undefined && !policy.registries.includes(registry)) {
      errors.push(composeError(file, `services.${name}.image`, `registry ${registry} is not allowed by the executor's policy (policy.registries: ${policy.registries.join(', ')})`));
    }
    if (service.privileged === true && !policy.privileged) denied(name, 'privileged', 'a privileged container', 'privileged');
    if (service.networkMode?.kind === 'host' && !policy.hostNetwork) denied(name, 'network_mode', "the host's network", 'host_network');
    if (service.networkMode?.kind === 'container' && !policy.externalContainers) {
      denied(name, 'network_mode', 'the network of a container outside the pod', 'external_containers');
    }
    if (service.pid === 'host' && !policy.hostPid) denied(name, 'pid', "the host's process namespace", 'host_pid');
    if (service.ipc === 'host' && !policy.hostIpc) denied(name, 'ipc', "the host's IPC namespace", 'host_ipc');
    (service.capAdd ?? []).forEach((cap, i) => {
      const allowed = policy.capAdd === true || (Array.isArray(policy.capAdd) && policy.capAdd.map(capability).includes(capability(cap)));
      if (!allowed) denied(name, `cap_add[${i}]`, `capability ${cap}`, 'cap_add');
    });
    if ((service.devices ?? []).length > 0 && !policy.devices) denied(name, 'devices', 'access to host devices', 'devices');
    if ((service.deviceCgroupRules ?? []).length > 0 && !policy.devices) denied(name, 'device_cgroup_rules', 'access to host devices by number', 'devices');
    if ((service.externalLinks ?? []).length > 0 && !policy.externalContainers) denied(name, 'external_links', 'links to containers outside the pod', 'external_containers');
    if (!policy.hostResources) {
      if (service.oomKillDisable === true) denied(name, 'oom_kill_disable', 'a container the OOM killer spares, which can exhaust the agent\'s memory,', 'host_resources');
      if ((service.oomScoreAdj ?? 0) < 0) denied(name, 'oom_score_adj', 'a negative OOM score, which makes the kernel kill other tasks first,', 'host_resources');
      if (service.cpuset !== undefined) denied(name, 'cpuset', 'pinning host CPUs that Mesos shares between tasks', 'host_resources');
      if (service.cpuRtPeriod !== undefined || service.cpuRtRuntime !== undefined) denied(name, service.cpuRtRuntime !== undefined ? 'cpu_rt_runtime' : 'cpu_rt_period', "the agent's realtime CPU budget", 'host_resources');
    }
    if (!policy.hostNamespaces) {
      if (service.uts === 'host') denied(name, 'uts', "the host's UTS namespace", 'host_namespaces');
      if (service.usernsMode === 'host') denied(name, 'userns_mode', "the host's user namespace", 'host_namespaces');
      if (service.cgroup === 'host') denied(name, 'cgroup', "the host's cgroup namespace", 'host_namespaces');
    }
    if (service.useApiSocket === true && !policy.dockerSocket) denied(name, 'use_api_socket', "the Docker Engine's socket, which commands every container on the agent,", 'docker_socket');
    if (service.runtime !== undefined && !policy.runtimes.includes(service.runtime)) denied(name, 'runtime', `runtime ${service.runtime}`, 'runtimes');
    const logDriver = service.logging?.driver;
    if (logDriver !== undefined && !allows(policy.loggingDrivers, logDriver)) denied(name, 'logging.driver', `logging driver ${logDriver}`, 'logging_drivers');
    (service.volumes ?? []).forEach((volume, i) => {
      const source = volume.type === 'bind' ? hostPath(sandbox, volume.source) : undefined;
      const outside = source === undefined ? undefined : outsideSandboxRefusal(sandbox, source, policy.bindMountsOutsideSandbox, `a bind mount of ${source}`);
      if (outside !== undefined) errors.push(composeError(file, `services.${name}.volumes[${i}]`, outside));
    });
    (service.volumesFrom ?? []).forEach((from, i) => {
      // Another container's volumes may be bind mounts of anywhere on the host.
      if (from.container !== undefined && !policy.bindMountsOutsideSandbox) denied(name, `volumes_from[${i}]`, `mounting the volumes of container ${from.container}, outside the pod,`, 'bind_mounts_outside_sandbox');
    });
    (service.securityOpt ?? []).forEach((option, i) => {
      if (!policy.securityOpt && loosensConfinement(option)) denied(name, `security_opt[${i}]`, `security option ${option}`, 'security_opt');
    });
    for (const key of Object.keys(service.sysctls ?? {})) {
      const reason = policy.hostSysctls ? undefined : hostSysctlReason(model, name, key);
      if (reason !== undefined) denied(name, `sysctls.${key}`, `sysctl ${key}, ${reason},`, 'host_sysctls');
    }
  }
  for (const [key, network] of Object.entries(model.networks)) {
    if (network.driver !== undefined && !network.external && !allows(policy.networkDrivers, network.driver)) {
      errors.push(composeError(file, `networks.${key}.driver`, `network driver ${network.driver} is denied by the executor's policy (policy.network_drivers)`));
    }
  }
  for (const [key, volume] of Object.entries(model.volumes)) {
    if (volume.driver !== undefined && !volume.external && !allows(policy.volumeDrivers, volume.driver)) {
      errors.push(composeError(file, `volumes.${key}.driver`, `volume driver ${volume.driver} is denied by the executor's policy (policy.volume_drivers)`));
    }
    const device = volume.external ? undefined : volumeBindDevice(volume.driverOptions);
    const outside = device === undefined ? undefined : outsideSandboxRefusal(sandbox, hostPath(sandbox, device), policy.bindMountsOutsideSandbox, `a volume bound to ${hostPath(sandbox, device)}`);
    if (outside !== undefined) errors.push(composeError(file, `volumes.${key}.driver_opts.device`, outside));
  }
  return errors;
};
