import { LocalPod } from '../agent/localPod.js';
import path from 'node:path';
import type { ReceivedUpdate } from '../agent/embeddedAgent.js';
import { PullProgressLines } from './pullProgressLines.js';

const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED']);

export interface UpOptions {
  files: string[];
  ports?: Array<[number, number]>;
  taskId?: string;
}

/**
 * `compose-executor up -f FILE`: runs a pod here exactly as Mesos would,
 * printing each status update; Ctrl-C kills the task and waits for it.
 */
export async function up(options: UpOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const pod = await LocalPod.start({
    files: options.files,
    ...(options.ports ? { ports: options.ports } : {}),
    ...(options.taskId ? { taskId: options.taskId } : {}),
  });
  out.write(`task ${pod.taskId}: sandbox ${pod.sandbox}, agent on ${pod.agent.endpoint}\n`);
  const pulls = new PullProgressLines(path.join(pod.sandbox, 'events.jsonl'), out);
  pulls.start();

  let finalState = '';
  pod.agent.on('update', (update: ReceivedUpdate) => {
    if (update.taskId !== pod.taskId || update.duplicate) return;
    const message = update.status.message ? `  ${String(update.status.message)}` : '';
    out.write(`${new Date(update.receivedAt).toISOString()}  ${update.state}${message}\n`);
    if (TERMINAL.has(update.state)) finalState = update.state;
  });

  let interrupts = 0;
  const interrupt = () => {
    interrupts += 1;
    if (interrupts === 1) {
      out.write('killing the pod (Ctrl-C again to shut the executor down)\n');
      pod.kill();
    } else {
      pod.agent.shutdown();
    }
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const exit = await pod.finished();
  await pulls.stop();
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);
  if (exit.code !== 0) {
    out.write(`executor exited with ${exit.code ?? exit.signal}; its log is ${pod.sandbox}/stderr\n`);
    return 1;
  }
  return finalState === 'TASK_KILLED' || finalState === 'TASK_FINISHED' ? 0 : 1;
}
