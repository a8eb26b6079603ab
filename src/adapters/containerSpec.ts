import type Dockerode from 'dockerode';
import type { JoinedContainer, MountPlan, ServicePlan, ServiceNetworkPlan, VolumesFromPlan } from '../compose/podPlan.js';
import type { CommandOf } from '../events/commands.js';

/**
 * `containerIds`: the ids of the pod's containers this one joins (pid, ipc,
 * volumes_from), by service. Without one, Docker is given the container's
 * name, which it resolves alike.
 */
type CreateCommand = CommandOf<'container.create'> & { readonly containerIds?: Readonly<Record<string, string>> };

const joined = (command: CreateCommand, container: JoinedContainer | VolumesFromPlan): string =>
  (container.service === undefined ? undefined : command.containerIds?.[container.service]) ?? container.containerName;

const sharedContainers = (command: CreateCommand) =>
  defined({
    PidMode: command.service.sharedPid === undefined ? undefined : `container:${joined(command, command.service.sharedPid)}`,
    IpcMode: command.service.sharedIpc === undefined ? undefined : `container:${joined(command, command.service.sharedIpc)}`,
    VolumesFrom: command.service.volumesFrom?.map((from) => `${joined(command, from)}:${from.readOnly ? 'ro' : 'rw'}`),
  });

type Mount = NonNullable<Dockerode.HostConfig['Mounts']>[number];

const mount = (plan: MountPlan): Mount => {
  switch (plan.type) {
    case 'bind':
      return {
        Type: 'bind',
        Source: plan.source,
        Target: plan.target,
        ReadOnly: plan.readOnly,
        ...(plan.propagation ? { BindOptions: { Propagation: plan.propagation as 'private' } } : {}),
      };
    case 'tmpfs':
      // dockerode's types make every option required; Docker takes any of them.
      return { Type: 'tmpfs', Source: '', Target: plan.target, TmpfsOptions: { ...(plan.sizeBytes ? { SizeBytes: plan.sizeBytes } : {}), ...(plan.mode ? { Mode: plan.mode } : {}) } as Mount['TmpfsOptions'] };
    case 'volume':
      return {
        Type: 'volume',
        Target: plan.target,
        ReadOnly: plan.readOnly,
        // An empty source makes an anonymous volume, removed with the container.
        Source: plan.source ?? '',
        // Docker creates a missing named volume on create with these labels, so cleanup finds it by task.
        VolumeOptions: {
          ...(plan.noCopy ? { NoCopy: true } : {}),
          ...(plan.subpath ? { Subpath: plan.subpath } : {}),
          ...(plan.labels ? { Labels: plan.labels } : {}),
          ...(plan.driver ? { DriverConfig: { Name: plan.driver, Options: plan.driverOptions ?? {} } } : {}),
        } as Mount['VolumeOptions'],
      };
  }
};

/** Host paths Docker must create when missing, or relabel for SELinux: only its `-v` syntax does either. */
const asBind = (plan: MountPlan): plan is Extract<MountPlan, { type: 'bind' }> => plan.type === 'bind' && (plan.createHostPath === true || plan.selinux !== undefined);

const bindText = (plan: Extract<MountPlan, { type: 'bind' }>): string =>
  `${plan.source}:${plan.target}:${[plan.readOnly ? 'ro' : 'rw', plan.selinux, plan.propagation].filter((option) => option !== undefined).join(',')}`;

const endpoint = (network: ServiceNetworkPlan): Dockerode.EndpointSettings => {
  const ipam = { IPv4Address: network.ipv4Address, IPv6Address: network.ipv6Address, LinkLocalIPs: network.linkLocalIps };
  const addresses = Object.fromEntries(Object.entries(ipam).filter(([, value]) => value !== undefined));
  return {
    Aliases: network.aliases,
    ...(Object.keys(addresses).length > 0 ? { IPAMConfig: addresses } : {}),
    ...(network.macAddress ? { MacAddress: network.macAddress } : {}),
    ...(network.driverOptions ? { DriverOpts: network.driverOptions } : {}),
  };
};

/** The networks to connect after create: Docker before API 1.44 takes one network at create. */
export function laterNetworks(service: ServicePlan): Array<{ network: string; endpoint: Dockerode.EndpointSettings }> {
  if (service.network.kind !== 'pod') return [];
  return (service.networks ?? []).slice(1).map((network) => ({ network: network.name, endpoint: endpoint(network) }));
}

const nanoseconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.round(ms * 1e6));

const healthcheck = (service: ServicePlan): Dockerode.HealthConfig | undefined => {
  const check = service.healthcheck;
  if (check === undefined) return undefined;
  return defined({
    Test: check.test,
    Interval: nanoseconds(check.intervalMs),
    Timeout: nanoseconds(check.timeoutMs),
    StartPeriod: nanoseconds(check.startPeriodMs),
    StartInterval: nanoseconds(check.startIntervalMs),
    Retries: check.retries,
  }) as Dockerode.HealthConfig;
};

const defined = <R extends Record<string, unknown>>(record: R): Partial<R> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))) as Partial<R>;

/** Settings Docker refuses on a container that joins another's network namespace. */
const ownNamespaceOnly = (service: ServicePlan) =>
  service.network.kind === 'service' || service.network.kind === 'container'
    ? {}
    : defined({ Dns: service.dns, DnsSearch: service.dnsSearch, ExtraHosts: service.extraHosts });

const hostConfig = (service: ServicePlan): Dockerode.HostConfig =>
  defined({
    CapAdd: service.capAdd,
    CapDrop: service.capDrop,
    Privileged: service.privileged,
    PidMode: service.pid,
    IpcMode: service.ipc,
    ShmSize: service.shmSizeBytes,
    Ulimits: service.ulimits?.map((limit) => ({ Name: limit.name, Soft: limit.soft, Hard: limit.hard })),
    Sysctls: service.sysctls,
    Init: service.init,
    ReadonlyRootfs: service.readOnly,
    SecurityOpt: service.securityOpt,
    LogConfig: service.logging ? { Type: service.logging.driver ?? '', Config: service.logging.options } : undefined,
    Memory: service.memoryBytes,
    MemorySwap: service.memorySwapBytes,
    MemoryReservation: service.memoryReservationBytes,
    NanoCpus: service.nanoCpus,
    CpuShares: service.cpuShares,
    PidsLimit: service.pidsLimit,
    Devices: service.devices?.map((device) => ({ PathOnHost: device.host, PathInContainer: device.container, CgroupPermissions: device.permissions })),
    // Every field, as Compose's Go client sends them: no device ids or options is null.
    DeviceRequests: service.deviceRequests?.map((request) => ({
      Driver: request.driver,
      Count: request.count,
      DeviceIDs: request.deviceIds ?? null,
      Capabilities: request.capabilities,
      Options: request.options ?? null,
    })) as Dockerode.DeviceRequest[] | undefined,
    Tmpfs: service.tmpfs,
    Annotations: service.annotations,
    BlkioWeight: service.blkio?.weight,
    BlkioWeightDevice: service.blkio?.weightDevice?.map((device) => ({ Path: device.path, Weight: device.weight })),
    BlkioDeviceReadBps: service.blkio?.deviceReadBps?.map((device) => ({ Path: device.path, Rate: device.rate })),
    BlkioDeviceWriteBps: service.blkio?.deviceWriteBps?.map((device) => ({ Path: device.path, Rate: device.rate })),
    BlkioDeviceReadIOps: service.blkio?.deviceReadIops?.map((device) => ({ Path: device.path, Rate: device.rate })),
    BlkioDeviceWriteIOps: service.blkio?.deviceWriteIops?.map((device) => ({ Path: device.path, Rate: device.rate })),
    CgroupnsMode: service.cgroupnsMode,
    CpuPeriod: service.cpuPeriod,
    CpuQuota: service.cpuQuota,
    CpuRealtimePeriod: service.cpuRealtimePeriod,
    CpuRealtimeRuntime: service.cpuRealtimeRuntime,
    CpusetCpus: service.cpusetCpus,
    DeviceCgroupRules: service.deviceCgroupRules,
    DnsOptions: service.dnsOptions,
    Links: service.links,
    GroupAdd: service.groupAdd,
    MemorySwappiness: service.memorySwappiness,
    OomKillDisable: service.oomKillDisable,
    OomScoreAdj: service.oomScoreAdj,
    Runtime: service.runtime,
    StorageOpt: service.storageOpt,
    UsernsMode: service.usernsMode,
    UTSMode: service.utsMode,
    Mounts: service.mounts?.filter((plan) => !asBind(plan)).map(mount),
    Binds: service.mounts?.filter(asBind).map(bindText),
  });

/** Docker's NetworkMode: the pod network, a service's container by id, an outside container by name, host or none. */
function networkModeOf(service: ServicePlan, command: CreateCommand, podNetwork: ServiceNetworkPlan | undefined): string {
  const network = service.network;
  switch (network.kind) {
    case 'service':
      return `container:${command.joinContainerId ?? ''}`;
    case 'container':
      return `container:${network.container}`;
    case 'pod':
      return podNetwork?.name ?? 'bridge';
    default:
      return network.kind;
  }
}

/** The Docker create body for one service of the plan: pure, so it is tested without an engine. */
export function containerSpec(command: CreateCommand): Dockerode.ContainerCreateOptions {
  const service = command.service;
  const exposed: Record<string, {}> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const entry of service.expose ?? []) {
    const [ports = '', protocol = 'tcp'] = entry.split('/');
    const [from = 0, to = from] = ports.split('-').map(Number);
    for (let port = from; port <= to; port++) exposed[`${port}/${protocol}`] = {};
  }
  for (const port of service.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp ?? '', HostPort: String(port.hostPort) });
  }

  const [primary] = service.networks ?? [];
  const podNetwork: ServiceNetworkPlan | undefined = primary ?? (command.network ? { name: command.network, aliases: service.aliases } : undefined);
  const networkMode = networkModeOf(service, command, podNetwork);

  return {
    name: service.containerName,
    // A query parameter of create: Docker then refuses an image of another platform instead of running it emulated.
    ...(service.platform ? { platform: service.platform } : {}),
    Image: service.image,
    ...(service.command ? { Cmd: service.command } : {}),
    ...(service.entrypoint ? { Entrypoint: service.entrypoint } : {}),
    Env: Object.entries(service.environment).map(([key, value]) => (value === null ? key : `${key}=${value}`)),
    Labels: service.labels,
    ...(service.workingDir ? { WorkingDir: service.workingDir } : {}),
    ...(service.user ? { User: service.user } : {}),
    // A container that shares another's network namespace cannot have a hostname of its own.
    ...(service.hostname && service.network.kind !== 'service' && service.network.kind !== 'container' ? { Hostname: service.hostname } : {}),
    ...(service.domainname && service.network.kind !== 'service' && service.network.kind !== 'container' ? { Domainname: service.domainname } : {}),
    ...(service.stopSignal ? { StopSignal: service.stopSignal } : {}),
    ...(service.macAddress ? { MacAddress: service.macAddress } : {}),
    ...(service.healthcheck ? { Healthcheck: healthcheck(service) } : {}),
    ...(service.tty ? { Tty: true } : {}),
    ...(service.stdinOpen ? { OpenStdin: true } : {}),
    ...(Object.keys(exposed).length > 0 ? { ExposedPorts: exposed } : {}),
    HostConfig: {
      NetworkMode: networkMode,
      ...(service.ports.length > 0 ? { PortBindings: bindings } : {}),
      ...(service.cgroupParent ? { CgroupParent: service.cgroupParent } : {}),
      ...(service.restart && service.restart.policy !== 'no' ? { RestartPolicy: restartPolicy(service.restart) } : {}),
      ...ownNamespaceOnly(service),
      ...hostConfig(service),
      ...sharedContainers(command),
    },
    ...(service.network.kind === 'pod' && podNetwork ? { NetworkingConfig: { EndpointsConfig: { [podNetwork.name]: endpoint(podNetwork) } } } : {}),
  };
}

/** Docker restarts the container itself; the pod machine judges each death by the same policy. */
function restartPolicy(restart: NonNullable<ServicePlan['restart']>): { Name: string; MaximumRetryCount?: number } {
  return restart.policy === 'on-failure' && restart.maxRetries !== undefined
    ? { Name: 'on-failure', MaximumRetryCount: restart.maxRetries }
    : { Name: restart.policy };
}
