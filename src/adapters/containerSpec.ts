import type Dockerode from 'dockerode';
import type { CommandOf } from '../events/commands.js';

/** The Docker create body for one service of the plan: pure, so it is tested without an engine. */
export function containerSpec(command: CommandOf<'container.create'>): Dockerode.ContainerCreateOptions {
  const service = command.service;
  const exposed: Record<string, {}> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of service.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp ?? '', HostPort: String(port.hostPort) });
  }

  const networkMode =
    service.network.kind === 'service'
      ? `container:${command.joinContainerId ?? ''}`
      : service.network.kind === 'pod'
        ? (command.network ?? 'bridge')
        : service.network.kind;

  return {
    name: service.containerName,
    Image: service.image,
    ...(service.command ? { Cmd: service.command } : {}),
    ...(service.entrypoint ? { Entrypoint: service.entrypoint } : {}),
    Env: Object.entries(service.environment).map(([key, value]) => `${key}=${value}`),
    Labels: service.labels,
    ...(service.workingDir ? { WorkingDir: service.workingDir } : {}),
    ...(service.user ? { User: service.user } : {}),
    // A container that shares another's network namespace cannot have a hostname of its own.
    ...(service.hostname && service.network.kind !== 'service' ? { Hostname: service.hostname } : {}),
    ...(service.stopSignal ? { StopSignal: service.stopSignal } : {}),
    ...(service.ports.length > 0 ? { ExposedPorts: exposed } : {}),
    HostConfig: {
      NetworkMode: networkMode,
      ...(service.ports.length > 0 ? { PortBindings: bindings } : {}),
      ...(service.cgroupParent ? { CgroupParent: service.cgroupParent } : {}),
    },
    ...(service.network.kind === 'pod' && command.network
      ? { NetworkingConfig: { EndpointsConfig: { [command.network]: { Aliases: service.aliases } } } }
      : {}),
  };
}
