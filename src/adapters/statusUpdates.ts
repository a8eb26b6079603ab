import { randomUUID } from 'node:crypto';
import type { CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { postCall, type AgentConnection } from '../mesos/agentConnection.js';
import { checkStatusJson, statusUuid, updateCall, type TaskStatusJson } from '../mesos/calls.js';
import type { Logger } from './logger.js';

/**
 * The outbox of status updates: each gets its uuid here, is kept until the
 * agent acknowledges it, and is sent one after another on one connection so
 * a later update never overtakes an earlier one.
 */
export class StatusOutbox {
  private readonly unacknowledged = new Map<string, TaskStatusJson>();
  private readonly queue: string[] = [];
  private sending = false;
  private retryDelayMs = 100;
  private stopped = false;
  /** Updates whose refusal was logged, so that a retried refusal is told once. */
  private readonly refused = new Set<string>();
  /** Updates whose plugin labels are still to be added, before their first sending. */
  private readonly toLabel = new Map<string, CommandOf<'status.send'>>();

  constructor(
    private readonly connection: AgentConnection,
    private readonly feedback: (input: Input) => void,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** The plugins' labels for an update; recorded as `update.labelled`, since the core did not decide them. */
    private readonly addedLabels?: (command: CommandOf<'status.send'>) => Promise<Record<string, string>>,
    /** What the executor itself must tell whoever reads the update, e.g. that its event log is incomplete. */
    private readonly executorProblem: () => string | null = () => null,
  ) {}

  send(command: CommandOf<'status.send'>): void {
    const uuid = statusUuid(randomUUID());
    const status: TaskStatusJson = {
      task_id: { value: command.taskId },
      state: command.state,
      source: 'SOURCE_EXECUTOR',
      uuid,
      timestamp: this.now() / 1000,
      executor_id: { value: this.connection.executorId },
      ...messageWith(command.message, this.executorProblem()),
      ...(command.reason !== undefined ? { reason: command.reason } : {}),
      ...(command.healthy !== undefined ? { healthy: command.healthy } : {}),
      ...labelsOf(command),
      ...(command.checkStatus ? { check_status: checkStatusJson(command.checkStatus) } : {}),
    };
    this.unacknowledged.set(uuid, status);
    if (this.addedLabels) this.toLabel.set(uuid, command);
    this.queue.push(uuid);
    this.feedback({ type: 'update.queued', taskId: command.taskId, uuid, state: command.state });
    void this.pump();
  }

  acknowledge(uuid: string): void {
    this.unacknowledged.delete(uuid);
    this.refused.delete(uuid);
  }

  /** The updates to resend inside a re-SUBSCRIBE, in the order they were made. */
  pending(uuids: string[]): TaskStatusJson[] {
    return uuids.flatMap((uuid) => {
      const status = this.unacknowledged.get(uuid);
      return status ? [status] : [];
    });
  }

  stop(): void {
    this.stopped = true;
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const uuid = this.queue[0]!;
        const status = this.unacknowledged.get(uuid);
        if (!status) {
          this.queue.shift();
          continue;
        }
        // Only plugins' labels are waited for: without them the UPDATE leaves at once, ahead of the Docker calls
        // the same decision made (a TASK_FAILED before the stops of the pod's other containers).
        if (this.toLabel.has(uuid)) await this.label(uuid, status);
        const outcome = await this.post(status);
        if (outcome === 'retry') {
          await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
          this.retryDelayMs = Math.min(this.retryDelayMs * 2, 2000);
          continue;
        }
        this.retryDelayMs = 100;
        this.queue.shift();
      }
    } finally {
      this.sending = false;
    }
  }

  private async label(uuid: string, status: TaskStatusJson): Promise<void> {
    const command = this.toLabel.get(uuid);
    if (!command || !this.addedLabels) return;
    this.toLabel.delete(uuid);
    const added = await this.addedLabels(command);
    if (Object.keys(added).length === 0) return;
    status.labels = { labels: [...(status.labels?.labels ?? []), ...Object.entries(added).map(([key, value]) => ({ key, value }))] };
    this.feedback({ type: 'update.labelled', taskId: command.taskId, uuid, labels: added });
  }

  private async post(status: TaskStatusJson): Promise<'sent' | 'retry'> {
    const taskId = status.task_id.value;
    try {
      const answer = await postCall(this.connection, updateCall(this.connection, status));
      if (answer.status === 202) return 'sent';
      // 503 (recovering), 404 (a restarting agent's routes not up yet, as the upstream library reads it), 403 (between
      // subscriptions): the agent will take it later. Any other answer is logged once; the update is kept all the same,
      // for only an acknowledgement ends an update and the next SUBSCRIBE carries it again.
      if (TRANSIENT.has(answer.status) || (answer.status === 403 && /not subscribed/i.test(answer.body))) {
        this.logger.warn({ taskId, uuid: status.uuid, status: answer.status, body: answer.body }, 'UPDATE not taken yet; will retry');
      } else if (!this.refused.has(status.uuid)) {
        this.refused.add(status.uuid);
        this.logger.error({ taskId, uuid: status.uuid, status: answer.status, body: answer.body }, 'the agent refused an UPDATE; kept until acknowledged');
        this.feedback({ type: 'update.refused', taskId, uuid: status.uuid, message: `${answer.status} ${answer.body}`.trim() });
      }
      return 'retry';
    } catch (error) {
      this.logger.warn({ taskId, uuid: status.uuid, error: (error as Error).message }, 'UPDATE failed; will retry');
      return 'retry';
    }
  }
}

const TRANSIENT = new Set([404, 503]);

/** The label that carries the pod's own addresses, which only its containers and the host can reach. */
export const POD_ADDRESSES_LABEL = 'compose-executor.pod.ip_addresses';

/**
 * The update's labels. The pod's Docker-network addresses go here, not in container_status.network_infos: an update
 * without network_infos gets the agent's own IP from the agent (slave.cpp, _statusUpdate), which is what other hosts,
 * the framework and Mesos-DNS can reach, the pod's ports being published on the agent.
 */
function labelsOf(command: CommandOf<'status.send'>): Pick<TaskStatusJson, 'labels'> {
  const labels = { ...command.labels, ...(command.ipAddresses?.length ? { [POD_ADDRESSES_LABEL]: command.ipAddresses.join(',') } : {}) };
  const entries = Object.entries(labels);
  return entries.length > 0 ? { labels: { labels: entries.map(([key, value]) => ({ key, value })) } } : {};
}

/** The core's message, and after it a problem of the executor's own that a person at the Mesos UI should see. */
function messageWith(message: string | undefined, problem: string | null): { message?: string } {
  if (problem === null) return message !== undefined ? { message } : {};
  return { message: message !== undefined ? `${message}; ${problem}` : problem };
}
