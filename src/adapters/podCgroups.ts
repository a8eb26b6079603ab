import type Dockerode from 'dockerode';
import { readFile, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Input } from '../events/inputs.js';
import { executorCgroupPlacement, parseProcCgroup, type CgroupPlacement } from './executorCgroup.js';
import type { Logger } from './logger.js';

/**
 * Decides once, at the first launch, where this executor's pods' containers
 * go (executorCgroup.ts): it needs the container id SUBSCRIBED gave and the
 * engine's cgroup driver. Each LAUNCH input then carries what could not be
 * done, so the pod's first update says it and a replay sees the same.
 */
export class PodCgroups {
  private containerId: string | undefined;
  private decided: Promise<CgroupPlacement> | undefined;

  /** `patienceMs`: how long `docker info` may take before the pod goes on without knowing the driver. */
  constructor(
    private readonly docker: Promise<Dockerode>,
    private readonly patienceMs: number,
    private readonly logger: Logger,
    private readonly procSelfCgroup = '/proc/self/cgroup',
  ) {}

  readonly withNotice = async (input: Input): Promise<Input> => {
    if (input.type === 'mesos.subscribed' && input.containerId !== undefined) this.containerId = input.containerId;
    if (input.type !== 'mesos.launch') return input;
    const { notice } = await this.placement();
    return notice ? { ...input, task: { ...input.task, hostNotice: notice } } : input;
  };

  placement(): Promise<CgroupPlacement> {
    this.decided ??= this.decide();
    return this.decided;
  }

  /**
   * On cgroups v1 Docker makes the parent in every hierarchy, those Mesos
   * does not manage too, where Mesos never removes it: once the pods are
   * gone the executor removes the empty ones it is not itself in.
   */
  async tidy(cgroupRoot = '/sys/fs/cgroup'): Promise<void> {
    const placement = await this.decided;
    if (placement?.parent === undefined) return;
    const text = await readFile(this.procSelfCgroup, 'utf8').catch(() => '');
    const own = parseProcCgroup(text);
    const hierarchies = text.split('\n').flatMap((line) => line.split(':')[1] || []);
    for (const hierarchy of hierarchies) {
      const controller = hierarchy.split(',')[0]!;
      if (own.get(controller) === placement.parent) continue;
      const dir = path.join(cgroupRoot, hierarchy.replace(/^name=/, ''), placement.parent);
      await rmdir(dir).then(
        () => this.logger.debug({ dir }, 'removed the empty cgroup Docker made for the pod'),
        () => {},
      );
    }
  }

  private async decide(): Promise<CgroupPlacement> {
    const info = await Promise.race([
      this.docker.then((docker) => docker.info() as Promise<{ CgroupDriver?: string; CgroupVersion?: string }>),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), this.patienceMs).unref()),
    ]).catch(() => undefined);
    const placement = await executorCgroupPlacement(
      { ...(info?.CgroupDriver ? { driver: info.CgroupDriver } : {}), ...(info?.CgroupVersion ? { version: info.CgroupVersion } : {}) },
      this.containerId,
      this.procSelfCgroup,
    );
    const facts = { cgroupDriver: info?.CgroupDriver, cgroupVersion: info?.CgroupVersion, containerId: this.containerId, ...placement };
    if (placement.notice) this.logger.warn(facts, `pod cgroups: ${placement.notice}`);
    else this.logger.info(facts, `pod containers go under the executor's cgroup ${placement.parent}`);
    return placement;
  }
}
