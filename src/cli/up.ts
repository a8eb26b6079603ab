import { existsSync } from 'node:fs';
import path from 'node:path';
import { LocalPod } from '../agent/localPod.js';
import type { AgentTask } from '../agent/agentExecutor.js';
import type { ReceivedUpdate } from '../agent/embeddedAgent.js';
import { FollowedFile } from './followedFile.js';
import { PodProgress, type ServiceNote } from './podProgress.js';
import { LiveProgress, PlainProgress, type ProgressDisplay } from './progressDisplay.js';
import { ServiceLines, splitPrefixed } from './serviceLines.js';
import type { UpOptions } from './upOptions.js';

export type { UpOptions } from './upOptions.js';

const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED', 'TASK_GONE']);

export interface UpStreams {
  out: NodeJS.WriteStream | NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/**
 * `compose-executor up`: runs a pod here exactly as Mesos would (an
 * embedded agent, the executor spawned in a sandbox with the agent's
 * environment plus the task's) and shows it as `docker compose up` does:
 * the progress of each image, network and container from the executor's
 * event log, then every service's output from the sandbox's stdout and
 * stderr, where the executor writes it for Mesos. Ctrl-C kills the task
 * and shows the teardown; a second Ctrl-C kills it without grace.
 */
export async function up(options: UpOptions, streams: UpStreams = { out: process.stdout, err: process.stderr }): Promise<number> {
  const { out, err } = streams;
  const tty = (out as NodeJS.WriteStream).isTTY === true;
  const lines = new ServiceLines({ color: options.color && tty, prefix: options.logPrefix });
  const dotEnv = path.join(path.dirname(options.files[0] ?? '.'), '.env');
  const pod = await LocalPod.start({
    files: options.files,
    // Compose reads the `.env` beside the file; under Mesos the fetcher puts it in the sandbox beside the file.
    ...(options.dotEnv && existsSync(dotEnv) ? { sandboxFiles: [{ from: dotEnv, name: '.env' }] } : {}),
    labels: options.labels,
    env: { ...options.environment, ...(options.config ? { COMPOSE_EXECUTOR_CONFIG: options.config } : {}) },
    ...(options.ports ? { ports: options.ports } : {}),
    ...(options.taskId ? { taskId: options.taskId } : {}),
  });
  const display: ProgressDisplay & { stop?: () => void } = tty ? new LiveProgress(out as NodeJS.WriteStream, options.color) : new PlainProgress(out);
  display.print(lines.note(`task ${pod.taskId}: sandbox ${pod.sandbox}, agent on ${pod.agent.endpoint}`));

  const progress = new PodProgress(pod.taskId);
  let phase: 'starting' | 'attached' | 'stopping' = 'starting';
  let stoppingSince = 0;
  const shows = (service: string) => (options.attach === undefined || options.attach.includes(service)) && !options.noAttach.includes(service);
  const refresh = () => {
    if (phase === 'starting') display.update('Running', progress.rows(), Date.now());
    else if (phase === 'stopping') display.update('Stopping', progress.rows().filter((row) => row.since >= stoppingSince), Date.now());
  };

  const outputs = ['stdout', 'stderr'].map(
    (name) =>
      new FollowedFile(path.join(pod.sandbox, name), (line) => {
        const prefixed = splitPrefixed(line);
        if (prefixed === undefined) return name === 'stderr' ? void err.write(`${line}\n`) : display.print(`${line}\n`);
        if (shows(prefixed.service)) display.print(prefixed.hook ? lines.formatHook(prefixed.service, prefixed.text) : lines.format(prefixed.service, prefixed.text));
      }),
  );
  /** Ends the progress display and shows the services' output from here on: announced when the pod runs. */
  const attach = (announce: boolean) => {
    if (phase !== 'starting') return;
    display.settle(Date.now());
    phase = 'attached';
    lines.setServices(progress.services);
    const named = [...(options.attach ?? []), ...options.noAttach, ...(options.exitCodeFrom !== undefined ? [options.exitCodeFrom] : [])];
    const unknown = named.filter((service) => progress.services.length > 0 && !progress.services.includes(service));
    if (unknown.length > 0) err.write(`compose-executor up: the pod has no service ${unknown.join(', ')} (it has ${progress.services.join(', ')})\n`);
    const attached = progress.services.filter(shows);
    if (announce && attached.length > 0) display.print(`Attaching to ${attached.map((service) => `${service}-1`).join(', ')}\n`);
    for (const output of outputs) output.start();
  };
  /** Shows the teardown: the steps taken from now on, as a progress display again. */
  const stopping = (why: string) => {
    if (phase === 'stopping') return;
    attach(false);
    phase = 'stopping';
    stoppingSince = Date.now() - 50;
    display.print(`${why}\n`);
  };

  let interrupts = 0;
  const interrupt = () => {
    interrupts += 1;
    if (interrupts === 1) {
      stopping('Gracefully stopping... (press Ctrl+C again to force)');
      pod.kill();
    } else if (interrupts === 2) {
      display.print('Killing the containers without grace... (press Ctrl+C again to shut the executor down)\n');
      pod.kill(0);
    } else {
      pod.agent.shutdown();
    }
  };
  const onNote = (note: ServiceNote) => {
    if (phase !== 'starting' && (shows(note.service) || note.exitCode !== undefined)) display.print(lines.note(note.text));
    if (note.exitCode !== undefined && options.abortOnContainerExit && phase === 'attached' && interrupts === 0) {
      interrupts = 1;
      stopping('Aborting on container exit...');
      pod.kill();
    }
  };
  const events = new FollowedFile(path.join(pod.sandbox, 'events.jsonl'), (line) => {
    for (const note of progress.take(line)) onNote(note);
    refresh();
  });
  events.start();

  let final: { state: string; message?: string } | undefined;
  pod.agent.on('update', (update: ReceivedUpdate) => {
    if (update.taskId !== pod.taskId || update.duplicate) return;
    // What the agent heard may be ahead of the event log's last look: read it first, so lines keep their order.
    void events.look().then(() => {
      const message = update.status.message ? `  ${String(update.status.message)}` : '';
      if (update.state === 'TASK_RUNNING') attach(true);
      if (TERMINAL.has(update.state)) attach(false);
      display.print(lines.note(`${update.state}${message}`));
      if (update.state === 'TASK_KILLING') stopping('Stopping the pod...');
      if (TERMINAL.has(update.state)) {
        final = { state: update.state, ...(update.status.message ? { message: String(update.status.message) } : {}) };
        if (update.state === 'TASK_FAILED' || update.state === 'TASK_ERROR') stopping('Removing what the pod left...');
      }
    });
  });
  // The agent's own updates: a task it killed before the executor took it, or failed when the executor died.
  pod.agent.on('agentUpdate', (task: AgentTask) => {
    display.print(lines.note(`${task.state}  ${task.message ?? ''}`));
    if (task.taskId === pod.taskId && TERMINAL.has(task.state)) final = { state: task.state, ...(task.message ? { message: task.message } : {}) };
  });

  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const exit = await pod.finished();
  await events.stop();
  refresh();
  for (const output of outputs) await output.stop();
  display.settle(Date.now());
  display.stop?.();
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);

  if (exit.code !== 0) {
    err.write(`compose-executor up: the executor exited with ${exit.code ?? exit.signal}; its log is ${pod.sandbox}/stderr\n`);
    return 1;
  }
  const state = final?.state ?? 'no final state';
  const failed = state !== 'TASK_KILLED' && state !== 'TASK_FINISHED';
  if (failed) err.write(`compose-executor up: ${state}${final?.message ? `: ${final.message}` : ''}\n`);
  // As Compose: the service's own code, whether the pod was then killed or failed by its exit.
  if (options.exitCodeFrom !== undefined && progress.exitCodes.has(options.exitCodeFrom)) return progress.exitCodes.get(options.exitCodeFrom) ?? 1;
  return failed ? 1 : 0;
}
