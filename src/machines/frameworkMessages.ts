import type { Command } from '../events/commands.js';

/**
 * Framework messages the executor answers. A scheduler asks for the pods'
 * state with the JSON `{"type":"status"}` and gets it back as a MESSAGE
 * call; any other data is only recorded. Pure: the answer is a command.
 */

/** What the answer needs of a pod: its machine's state and its services. */
export interface PodView {
  value: unknown;
  context: { services: Record<string, object>; outcome?: { state: string; message: string } | null };
}

export interface StatusReport {
  type: 'status';
  tasks: Array<{ taskId: string; state: string; outcome?: string; services: Record<string, object> }>;
}

export function answerFrameworkMessage(data: string, pods: Record<string, PodView>): Command | undefined {
  if (!isStatusRequest(data)) return undefined;
  const report: StatusReport = {
    type: 'status',
    tasks: Object.entries(pods).map(([taskId, pod]) => ({
      taskId,
      state: typeof pod.value === 'string' ? pod.value : JSON.stringify(pod.value),
      ...(pod.context.outcome ? { outcome: `${pod.context.outcome.state}: ${pod.context.outcome.message}` } : {}),
      services: pod.context.services,
    })),
  };
  return { type: 'agent.message', data: Buffer.from(JSON.stringify(report), 'utf8').toString('base64') };
}

export function isStatusRequest(data: string): boolean {
  try {
    const request: unknown = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
    return typeof request === 'object' && request !== null && (request as { type?: unknown }).type === 'status';
  } catch {
    return false;
  }
}
