import type Dockerode from 'dockerode';
import type { Input } from '../events/inputs.js';
import type { CoreState } from '../machines/decider.js';
import type { Logger } from './logger.js';

/**
 * Inspects every container the pods believe up, every interval, and feeds
 * in what Docker's event stream failed to tell (a stream that broke, a
 * daemon restarted): an exit, a vanished container, a change of health.
 * It reports only differences, so a quiet pod adds nothing to the log.
 */
export class PodReconciler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly docker: Dockerode,
    private readonly state: () => CoreState,
    private readonly feedback: (input: Input) => void,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.reconcile(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass over every pod; a pass still under way is not overlapped. */
  async reconcile(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const [taskId, pod] of Object.entries(this.state().pods)) {
        if (!pod.matches('launching') && !pod.matches('running')) continue;
        for (const [service, state] of Object.entries(pod.context.services)) {
          const watched = state.phase === 'running' || state.phase === 'restarting';
          if (!watched || !state.containerId) continue;
          const difference = await this.inspect(taskId, service, state.containerId, state.phase, state.health);
          // The pod may have moved on while Docker answered; the core judges what still matters.
          if (difference) this.feedback(difference);
        }
      }
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'reconciliation pass failed');
    } finally {
      this.running = false;
    }
  }

  private async inspect(taskId: string, service: string, containerId: string, phase: string, health: string | undefined): Promise<Input | null> {
    let info: Dockerode.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(containerId).inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) {
        return { type: 'container.died', taskId, service, containerId, exitCode: -1, vanished: true, reconciled: true };
      }
      throw error;
    }
    const state = info.State;
    if (!state.Running && !state.Restarting) {
      return { type: 'container.died', taskId, service, containerId, exitCode: state.ExitCode, oomKilled: state.OOMKilled, reconciled: true };
    }
    if (state.Running && phase === 'restarting') return { type: 'container.running', taskId, service, containerId };
    const status = state.Health?.Status;
    const known = status === 'healthy' || status === 'unhealthy' || (status === 'starting' && health !== undefined);
    if (known && status !== health) {
      return { type: 'container.health', taskId, service, containerId, status };
    }
    return null;
  }
}
