import type Dockerode from 'dockerode';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Input } from '../events/inputs.js';
import { LogFrameDecoder, sinceParameter } from './logFrames.js';
import type { Logger } from './logger.js';
import type { PodOutput } from './podOutput.js';

interface FollowedContainer {
  readonly service: string;
  readonly tty: boolean;
  following: boolean;
  /** The follow under way has seen Docker's start event, so the next one is a restart. */
  startSeen: boolean;
  /** Docker started the container again while its last follow was still ending. */
  startedAgain: boolean;
  /** Where the next follow resumes, so a restarted container's earlier lines are not written twice. */
  lastTimestamp?: string;
}

/**
 * Copies every container's output into the pod's output. It reads Docker's
 * log of the container (`logs?follow=1` from the beginning) rather than
 * attaching, so a container that exited before anyone looked is still read
 * in full, and Docker's log file, not the executor's memory, holds what the
 * destinations have not yet taken: a fast container is read only as fast as
 * the sandbox files are written, and nothing is dropped.
 */
export class ContainerOutput {
  private readonly containers = new Map<string, FollowedContainer>();
  private readonly containerOf = new Map<string, string>();
  private readonly tty = new Set<string>();
  private readonly follows = new Set<Promise<void>>();

  constructor(
    private readonly docker: Dockerode,
    private readonly output: PodOutput,
    private readonly logger: Logger,
  ) {}

  /** Sees every input of the executor loop; acts on the pod's plan and its containers' starts. */
  observe(input: Input): void {
    switch (input.type) {
      case 'pod.planned':
        this.output.setServices(input.plan.services.filter((service) => service.name !== input.plan.infra).map((service) => service.name));
        for (const service of input.plan.services) if (service.tty === true) this.tty.add(service.name);
        return;
      case 'container.created':
        this.containerOf.set(input.service, input.containerId);
        this.containers.set(input.containerId, { service: input.service, tty: this.tty.has(input.service), following: false, startSeen: false, startedAgain: false });
        return;
      case 'container.started': {
        const id = this.containerOf.get(input.service);
        if (id !== undefined) this.follow(id, false);
        return;
      }
      case 'container.running':
        this.follow(input.containerId, true);
        return;
      default:
        return;
    }
  }

  /** Waits, at most `timeoutMs`, for every follow to reach the end of its container's log, then closes the files. */
  async close(timeoutMs: number): Promise<void> {
    await Promise.race([Promise.all([...this.follows]), sleep(timeoutMs, undefined, { ref: false })]);
    await this.output.close();
  }

  private follow(containerId: string, startEvent: boolean): void {
    const container = this.containers.get(containerId);
    if (container === undefined) return;
    // Docker's event and the adapter's answer both report the first start; one follow serves both.
    if (container.following) {
      if (startEvent && container.startSeen) container.startedAgain = true;
      container.startSeen ||= startEvent;
      return;
    }
    container.following = true;
    container.startSeen = startEvent;
    const done = this.copy(containerId, container).finally(() => {
      this.follows.delete(done);
      container.following = false;
      if (container.startedAgain) {
        container.startedAgain = false;
        this.follow(containerId, true);
      }
    });
    this.follows.add(done);
  }

  /** Ends when the container stops: Docker ends a follow then. */
  private async copy(containerId: string, container: FollowedContainer): Promise<void> {
    const decoder = new LogFrameDecoder(!container.tty, container.lastTimestamp);
    try {
      const body = (await this.docker.getContainer(containerId).logs({
        follow: true,
        stdout: true,
        stderr: true,
        timestamps: true,
        ...(container.lastTimestamp === undefined ? {} : { since: sinceParameter(container.lastTimestamp) as unknown as number }),
      })) as NodeJS.ReadableStream;
      for await (const chunk of body) {
        const lines = decoder.push(chunk as Buffer);
        if (lines.length > 0) await this.output.write(container.service, lines);
      }
    } catch (error) {
      this.logger.warn({ service: container.service, containerId, error: (error as Error).message }, 'cannot read the output of a container');
    } finally {
      const rest = decoder.end();
      if (rest.length > 0) await this.output.write(container.service, rest);
      if (decoder.lastTimestamp !== undefined) container.lastTimestamp = decoder.lastTimestamp;
    }
  }
}
