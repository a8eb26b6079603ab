import type Dockerode from 'dockerode';
import type { Command, CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { copyFilesInto } from './containerFiles.js';
import { runHook, type HookOutput } from './containerHooks.js';
import { containerSpec, laterNetworks } from './containerSpec.js';
import { endContainerProcesses } from './containerProcesses.js';
import { didNotAnswer, withinDeadline } from './dockerDeadline.js';
import { dockerMessage, statusOf, unreachable } from './dockerErrors.js';
import { ImageBuilder } from './imageBuilder.js';
import { ImagePuller } from './imagePuller.js';
import type { Logger } from './logger.js';

export type DockerCommand = CommandOf<
  'image.pull' | 'image.build' | 'network.create' | 'network.remove' | 'volume.remove' | 'container.create' | 'container.start' | 'container.exec_hook' | 'container.stop' | 'container.remove'
>;

export function isDockerCommand(command: Command): command is DockerCommand {
  return ['image.', 'network.', 'volume.', 'container.'].some((prefix) => command.type.startsWith(prefix));
}

/** Carries out the pod's Docker commands through dockerode and answers each with an input. */
export class DockerEngine {
  constructor(
    private readonly docker: Dockerode,
    private readonly feedback: (input: Input) => void,
    private readonly logger: Logger,
    /** Marks what this process makes, so `gc` can tell when it outlived its executor. */
    private readonly ownerLabels: Record<string, string> = {},
    private readonly images = new ImagePuller(docker, logger),
    /** How long any one call may go unanswered (a stop, its grace on top). */
    private readonly timeoutMs = 30_000,
    /** Builds run on the client without a deadline: a silent RUN step may last long; the launch timeout bounds the pod. */
    private readonly builder = new ImageBuilder(docker, images, logger, feedback, ownerLabels),
    /** Where the `post_start` and `pre_stop` hooks' output goes. */
    private readonly hookOutput: HookOutput = () => {},
  ) {}

  private within<T>(call: Promise<T>, extraMs = 0): Promise<T> {
    return withinDeadline(this.timeoutMs + extraMs, call);
  }

  /** The container and the pod volumes Docker creates with it carry the owner, or gc never finds the volumes. */
  private owned(spec: Dockerode.ContainerCreateOptions): Dockerode.ContainerCreateOptions {
    const mounts = spec.HostConfig?.Mounts?.map((mount) =>
      mount.Type === 'volume' && mount.VolumeOptions?.Labels ? { ...mount, VolumeOptions: { ...mount.VolumeOptions, Labels: { ...mount.VolumeOptions.Labels, ...this.ownerLabels } } } : mount,
    );
    return {
      ...spec,
      Labels: { ...spec.Labels, ...this.ownerLabels },
      ...(mounts ? { HostConfig: { ...spec.HostConfig, Mounts: mounts } } : {}),
    };
  }

  run(command: DockerCommand): void {
    this.carryOut(command).then(this.feedback, (error: unknown) => {
      // Every command has an answer for its failures; reaching here is a bug, not a Docker error.
      this.logger.error({ command: command.type, error: String(error) }, 'docker command failed unexpectedly');
    });
  }

  private async carryOut(command: DockerCommand): Promise<Input> {
    const { taskId } = command;
    switch (command.type) {
      case 'image.pull':
        return this.images.ensure(command);
      case 'image.build':
        return this.builder.ensure(command);
      case 'network.create': {
        const { name } = command;
        try {
          const network = await this.within(this.docker.createNetwork({
            Name: name,
            Labels: { ...command.labels, ...this.ownerLabels },
            CheckDuplicate: true,
            Driver: command.driver ?? 'bridge',
            ...(command.driverOptions ? { Options: command.driverOptions } : {}),
            ...(command.internal ? { Internal: true } : {}),
            ...(command.subnets || command.ipamDriver || command.ipamOptions
              ? {
                  IPAM: {
                    Driver: command.ipamDriver ?? 'default',
                    Config: (command.subnets ?? []).map((s) => ({ Subnet: s.subnet, ...(s.gateway ? { Gateway: s.gateway } : {}), ...(s.ipRange ? { IPRange: s.ipRange } : {}), ...(s.auxAddresses ? { AuxiliaryAddresses: s.auxAddresses } : {}) })),
                    ...(command.ipamOptions ? { Options: command.ipamOptions } : {}),
                  },
                }
              : {}),
            ...(command.enableIpv6 !== undefined ? { EnableIPv6: command.enableIpv6 } : {}),
          }));
          return { type: 'network.created', taskId, name, networkId: network.id };
        } catch (error) {
          return { type: 'network.create_failed', taskId, name, message: dockerMessage(error) };
        }
      }
      case 'network.remove':
        try {
          await this.within(this.docker.getNetwork(command.networkId).remove());
          return { type: 'network.removed', taskId, name: command.name };
        } catch (error) {
          if (statusOf(error) === 404) return { type: 'network.removed', taskId, name: command.name };
          return { type: 'network.remove_failed', taskId, name: command.name, message: dockerMessage(error) };
        }
      case 'volume.remove':
        try {
          await this.within(this.docker.getVolume(command.name).remove());
          return { type: 'volume.removed', taskId, name: command.name };
        } catch (error) {
          if (statusOf(error) === 404) return { type: 'volume.removed', taskId, name: command.name };
          return { type: 'volume.remove_failed', taskId, name: command.name, message: dockerMessage(error) };
        }
      case 'container.create': {
        const service = command.service.name;
        try {
          const spec = containerSpec(command);
          const container = await this.within(this.docker.createContainer(this.owned(spec)));
          try {
            // Docker before API 1.44 attaches one network at create; the others are connected before start.
            for (const { network, endpoint } of laterNetworks(command.service)) {
              await this.within(this.docker.getNetwork(network).connect({ Container: container.id, EndpointConfig: endpoint }));
            }
          } catch (error) {
            await this.within(container.remove({ force: true })).catch(() => {});
            return { type: 'container.create_failed', taskId, service, message: `could not join its networks: ${dockerMessage(error)}` };
          }
          try {
            await this.within(copyFilesInto(container, command.service.files ?? []));
          } catch (error) {
            await this.within(container.remove({ force: true })).catch(() => {});
            const targets = (command.service.files ?? []).map((file) => file.target).join(', ');
            return { type: 'container.create_failed', taskId, service, message: `could not write its secrets and configs (${targets}): ${dockerMessage(error)}` };
          }
          return { type: 'container.created', taskId, service, containerId: container.id };
        } catch (error) {
          const message =
            statusOf(error) === 404 && /image/i.test(dockerMessage(error))
              ? `image ${command.service.image} not found on this host: ${dockerMessage(error)}`
              : dockerMessage(error);
          return { type: 'container.create_failed', taskId, service, message };
        }
      }
      case 'container.start':
        try {
          const container = this.docker.getContainer(command.containerId);
          await this.within(container.start());
          return { type: 'container.started', taskId, service: command.service, ...(await this.within(addressesOf(container)).catch(() => ({}))) };
        } catch (error) {
          return { type: 'container.start_failed', taskId, service: command.service, message: dockerMessage(error) };
        }
      case 'container.exec_hook':
        return runHook(this.docker, command, (call) => this.within(call), this.logger, this.hookOutput);
      case 'container.stop':
        try {
          await this.within(this.docker.getContainer(command.containerId).stop({ t: command.graceSeconds }), command.graceSeconds * 1000);
        } catch (error) {
          // 304: already stopped; 404: already gone. Anything else is left to the kill grace timer.
          const status = statusOf(error);
          if (status !== 304 && status !== 404) {
            this.logger.warn({ taskId, service: command.service, error: dockerMessage(error) }, 'docker stop failed');
          }
        }
        return { type: 'container.stopped', taskId, service: command.service };
      case 'container.remove':
        try {
          await this.within(this.docker.getContainer(command.containerId).remove({ force: true, v: true }));
          return { type: 'container.removed', taskId, service: command.service };
        } catch (error) {
          if (didNotAnswer(error) || unreachable(error)) return this.endProcesses(command, error as Error);
          const status = statusOf(error);
          // 409 "removal already in progress" ends the same way.
          if (status === 404 || status === 409) return { type: 'container.removed', taskId, service: command.service };
          return { type: 'container.remove_failed', taskId, service: command.service, message: dockerMessage(error) };
        }
    }
  }

  /** A forced removal is the last word on a container; with the engine hung, its processes are ended here instead. */
  private async endProcesses(command: CommandOf<'container.remove'>, error: Error): Promise<Input> {
    const { taskId, service, containerId } = command;
    const { ended, left, cgroup, unseen } = await endContainerProcesses(containerId);
    this.logger.error({ taskId, service, containerId, ended, left, cgroup, unseen }, 'docker did not answer a removal; ended the container processes directly');
    const what = unseen
      ? `${unseen}: they may still run until Docker answers again`
      : cgroup
        ? `the executor ended its processes itself through ${cgroup}/cgroup.kill`
        : left.length > 0
          ? `${left.length} of its processes could not be ended (pids ${left.join(', ')})`
          : `the executor ended its ${ended.length === 1 ? 'process' : `${ended.length} processes`} itself`;
    const why = didNotAnswer(error) ? error.message : `the Docker engine could not be reached (${error.message})`;
    return { type: 'container.remove_failed', taskId, service, message: `${why}; ${what}`, ...(left.length > 0 ? { processesLeft: left } : {}) };
  }
}

/** The container's IP addresses on its networks, for the pod's status updates; none if it shares another's namespace. */
async function addressesOf(container: Dockerode.Container): Promise<{ ipAddresses?: string[] }> {
  try {
    const networks = (await container.inspect()).NetworkSettings.Networks ?? {};
    const addresses = Object.values(networks).flatMap((network) => (network.IPAddress ? [network.IPAddress] : []));
    return addresses.length > 0 ? { ipAddresses: addresses } : {};
  } catch {
    return {};
  }
}
