import type Dockerode from 'dockerode';
import type { Input } from '../events/inputs.js';
import { executorCgroupPlacement, type CgroupPlacement } from './executorCgroup.js';
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
