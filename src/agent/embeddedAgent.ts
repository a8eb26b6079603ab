import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type http from 'node:http';
import { AgentExecutor, type AgentTask } from './agentExecutor.js';
import * as events from './agentEvents.js';
import { AgentHttpServer } from './agentHttpServer.js';
import { agentCall, takeCall } from './callIntake.js';
import { TERMINAL_STATES } from './callSchema.js';
import { EventStream } from './eventStream.js';
import type { ExecutorCall, TaskStatusJson } from './executorCall.js';
import { decodeBase64 } from './protobufJson.js';
import { acknowledgementsOf, describeUpdates, updateReceipt } from './updateReceipt.js';
import type { AgentCall, EmbeddedAgentOptions, ReceivedUpdate } from './agentRecords.js';
import { nextEvent } from './nextEvent.js';
import { resourceUpdateFails } from './statusForwarding.js';

export type { AgentCall, EmbeddedAgentOptions, ReceivedUpdate } from './agentRecords.js';

export class EmbeddedAgent extends EventEmitter {
  readonly updates: ReceivedUpdate[] = [];
  readonly calls: AgentCall[] = [];
  readonly messages: Buffer[] = [];
  /** Every SUBSCRIBE call taken, as decoded: what a re-subscribing executor said it had not had acknowledged. */
  readonly subscriptions: ExecutorCall[] = [];
  /** Fault injection: `withhold` takes updates without acknowledging them; `duplicate` acknowledges each twice. */
  acknowledgements: 'send' | 'withhold' | 'duplicate' = 'send';
  /** Updates the agent itself made for tasks (lost during a restart, failed with their executor...). */
  readonly agentUpdates: AgentTask[] = [];
  readonly agentId: string;
  readonly containerId = randomUUID();
  private readonly executor: AgentExecutor;
  private readonly server: AgentHttpServer;
  private stream: EventStream | undefined;
  /**
   * What a restarting agent answers, in upstream order: 'routesNotUp' answers 404 to every path (libprocess listens
   * before the agent's process exists), 'recovering' 503 to every call, 'reregistering' takes SUBSCRIBE and answers
   * 503 to the rest, 'serving' is the agent up.
   */
  availability: 'serving' | 'routesNotUp' | 'recovering' | 'reregistering' = 'serving';
  private executorInfoFromTask: Record<string, any> | undefined;

  static async start(opts: EmbeddedAgentOptions): Promise<EmbeddedAgent> {
    const agent = new EmbeddedAgent(opts);
    await agent.server.listen();
    return agent;
  }

  private constructor(private readonly opts: EmbeddedAgentOptions) {
    super();
    this.agentId = opts.agentId ?? `${randomUUID()}-S0`;
    this.executor = new AgentExecutor(this.agentId);
    this.server = new AgentHttpServer(opts.host ?? '127.0.0.1', opts.port ?? 0, (req, res) => this.handle(req, res));
  }

  get endpoint(): string {
    return `${this.server.host}:${this.server.port}`;
  }

  get frameworkId(): string {
    return this.opts.frameworkId;
  }

  get executorId(): string {
    return this.opts.executorId;
  }

  get authenticationToken(): string | undefined {
    return this.opts.authenticationToken;
  }

  get checkpoint(): boolean {
    return this.opts.checkpoint ?? false;
  }

  isSubscribed(): boolean {
    return this.stream?.isOpen === true && this.executor.phase !== 'REGISTERING';
  }

  /** The agent's own view of every task: queued, launched, terminated. */
  tasks(): AgentTask[] {
    return this.executor.tasks();
  }

  launch(task: object): void {
    const info = task as Record<string, any>;
    this.executorInfoFromTask ??= info['executor'];
    if (this.isSubscribed() && this.executor.phase === 'RUNNING') {
      this.executor.markLaunched(info);
      this.send(events.launchEvent(info));
    } else {
      this.executor.queue(info);
    }
  }

  /** A task group, which upstream delivers atomically in one LAUNCH_GROUP event. */
  launchGroup(tasks: object[]): void {
    const infos = tasks as Array<Record<string, any>>;
    for (const info of infos) this.executor.markLaunched(info);
    this.send(events.launchGroupEvent(infos));
  }

  kill(taskId: string, gracePeriodNs?: number): void {
    const killed = this.executor.killQueued(taskId);
    if (killed !== undefined) this.recordAgentUpdate(killed);
    else this.send(events.killEvent(taskId, gracePeriodNs));
  }

  shutdown(): void {
    if (this.executor.phase === 'REGISTERING' || this.executor.phase === 'RUNNING') {
      this.executor.phase = 'TERMINATING';
      this.send(events.shutdownEvent);
      this.emit('shutdown');
    }
  }

  /**
   * The agent decides to shut the executor down while its stream is broken (a SHUTDOWN lost on a dead stream, the
   * framework or agent terminating, --recover=cleanup): its next SUBSCRIBE is answered with SHUTDOWN, then closed.
   */
  shutdownOnNextSubscribe(): void {
    if (this.executor.phase === 'REGISTERING' || this.executor.phase === 'RUNNING') this.executor.phase = 'TERMINATING';
  }

  sendMessage(data: Buffer): void {
    this.send(events.messageEvent(data));
  }

  sendError(message: string): void {
    this.send(events.errorEvent(message));
  }

  heartbeat(): void {
    this.send(events.heartbeatEvent);
  }

  sendRawEvent(event: object): void {
    this.stream?.send(event);
  }

  sendRawFrame(bytes: Buffer): void {
    this.stream?.sendFrame(bytes);
  }

  /** Ends the event stream: cleanly by default, or by breaking the connection. */
  disconnect(opts: { abrupt?: boolean } = {}): void {
    const stream = this.stream;
    this.stream = undefined;
    if (opts.abrupt === true) stream?.abort();
    else stream?.close();
  }

  /**
   * Simulates a restarting agent: 'respond503' answers every call with 503
   * (upstream's "Agent has not finished recovery"); 'refuse' stops listening
   * and breaks every open connection, then listens again on the same port.
   */
  async setUnavailable(on: boolean, how: 'respond503' | 'refuse' = 'respond503'): Promise<void> {
    if (how === 'respond503') {
      this.availability = on ? 'recovering' : 'serving';
      return;
    }
    if (on) {
      this.stream = undefined;
      this.server.refuse();
    } else if (!this.server.listening) {
      await this.server.listen();
    }
  }

  /** The executor's process has gone: tasks left unfinished fail, as with upstream's container destruction. */
  executorExited(): void {
    for (const task of this.executor.terminate()) this.recordAgentUpdate(task);
    this.disconnect();
  }

  waitForUpdate(pred: (u: ReceivedUpdate) => boolean, timeoutMs = 5000): Promise<ReceivedUpdate> {
    const seen = this.updates.find(pred);
    if (seen !== undefined) return Promise.resolve(seen);
    return nextEvent<ReceivedUpdate>(this, 'update', pred, timeoutMs, () =>
      `no matching status update within ${timeoutMs}ms; updates seen: ${describeUpdates(this.updates)}`);
  }

  waitForSubscribe(timeoutMs = 5000): Promise<void> {
    if (this.isSubscribed()) return Promise.resolve();
    return nextEvent<unknown>(this, 'subscribe', () => true, timeoutMs, () =>
      `executor did not subscribe within ${timeoutMs}ms; calls seen: ${JSON.stringify(this.calls)}`).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.disconnect({ abrupt: true });
    await this.server.close();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    takeCall(req, res, {
      routesUp: this.availability !== 'routesNotUp',
      facts: () => ({
        frameworkId: this.opts.frameworkId,
        executorId: this.opts.executorId,
        recovering: this.availability === 'recovering',
        reregistering: this.availability === 'reregistering',
        phase: this.executor.phase,
        ...(this.opts.authenticationToken !== undefined ? { authenticationToken: this.opts.authenticationToken } : {}),
      }),
      record: (type, status, body, contentType) => this.recordCall(type, status, body, contentType),
      admitted: (call, eventMediaType, contentType) => this.dispatch(call, eventMediaType, res, contentType),
    });
  }

  private dispatch(call: ExecutorCall, eventMediaType: string, res: http.ServerResponse, contentType?: string): void {
    const type = call.type ?? 'UNKNOWN';
    if (type === 'SUBSCRIBE') {
      this.recordCall(type, 200, undefined, contentType, eventMediaType);
      this.subscribe(call, eventMediaType, res);
      return;
    }
    this.recordCall(type, 202, undefined, contentType);
    res.writeHead(202).end();
    if (type === 'UPDATE' && call.update !== undefined) this.receiveUpdate(call.update.status, false);
    if (type === 'MESSAGE' && call.message !== undefined) {
      const data = decodeBase64(call.message.data);
      const message = typeof data === 'string' ? Buffer.alloc(0) : data;
      this.messages.push(message);
      this.emit('message', message);
    }
  }

  private subscribe(call: ExecutorCall, eventMediaType: string, res: http.ServerResponse): void {
    const stream = new EventStream(res, eventMediaType, this.opts.chunkSize);
    if (this.executor.phase === 'TERMINATING' || this.executor.phase === 'TERMINATED') {
      stream.send(events.shutdownEvent);
      stream.close();
      this.subscriptions.push(call);
      this.emit('shutdown');
      return;
    }
    this.stream?.close();
    this.stream = stream;
    this.executor.phase = 'RUNNING';
    stream.closed.then(() => {
      if (this.stream === stream) this.stream = undefined;
    }, () => undefined);

    for (const update of call.subscribe?.unacknowledged_updates ?? []) this.receiveUpdate(update.status, true);
    const listed = new Set((call.subscribe?.unacknowledged_tasks ?? []).map((t) => String(t['task_id']?.value)));
    const partitionAware = (this.opts.frameworkCapabilities ?? []).includes('PARTITION_AWARE');
    for (const lost of this.executor.dropUnknownStagingTasks(listed, partitionAware)) this.recordAgentUpdate(lost);

    if ((this.opts.shutdownWhenIdle ?? true) && this.executor.isIdle) {
      this.executor.phase = 'TERMINATING';
      stream.send(events.shutdownEvent);
      this.emit('shutdown');
    } else {
      stream.send(events.subscribedEventOf({
        agentId: this.agentId, host: this.server.host, port: this.server.port, containerId: this.containerId,
        executorId: this.opts.executorId, frameworkId: this.opts.frameworkId, checkpoint: this.checkpoint,
        capabilities: this.opts.frameworkCapabilities ?? [], executorInfoFromTask: this.executorInfoFromTask,
      }));
      for (const task of this.executor.dequeueAll()) stream.send(events.launchEvent(task));
    }
    this.subscriptions.push(call);
    this.emit('subscribe', call);
  }

  private receiveUpdate(status: TaskStatusJson, viaSubscribe: boolean): void {
    const outcome = this.executor.applyUpdate(status);
    const received = updateReceipt(status, outcome, viaSubscribe, this.server.host, this.containerId);
    this.updates.push(received);
    this.emit('update', received);
    if (outcome.kind === 'ignored') return;
    if (outcome.kind === 'accepted' && TERMINAL_STATES.has(status.state) && this.opts.isolation === 'cgroups') {
      const live = this.executor.tasks().filter((task) => !TERMINAL_STATES.has(task.state)).length;
      // The update is still forwarded; the executor's container is destroyed with whatever runs in it.
      if (resourceUpdateFails(this.executorInfoFromTask, live)) this.emit('destroy', 'Failed to update resources for container: No cpus resource given');
    }
    const acknowledgements = acknowledgementsOf(received, this.acknowledgements);
    // The agent answers 202 first and acknowledges once it has handled the update.
    if (acknowledgements.length > 0) setImmediate(() => acknowledgements.forEach((event) => this.send(event)));
  }

  private send(event: events.EventJson): void {
    this.stream?.send(event);
  }

  private recordCall(type: string, httpStatus: number, body?: string, contentType?: string, eventMediaType?: string): void {
    this.calls.push(agentCall(type, httpStatus, body, contentType, eventMediaType));
    this.emit('call', { type, status: httpStatus, body });
  }

  private recordAgentUpdate(task: AgentTask): void {
    this.agentUpdates.push(task);
    this.emit('agentUpdate', task);
  }
}
