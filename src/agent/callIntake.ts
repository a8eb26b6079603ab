import type http from 'node:http';
import { admitCall, type AgentFacts } from './callAdmission.js';
import type { AgentCall } from './agentRecords.js';
import type { ExecutorCall } from './executorCall.js';

/** Where the agent takes executor calls: upstream's two paths, the second behind libprocess's process id. */
const EXECUTOR_PATHS = new Set(['/api/v1/executor', '/slave(1)/api/v1/executor']);

export interface CallIntake {
  /** False while a restarting agent's routes are not up yet: every path answers 404. */
  routesUp: boolean;
  /** The agent as it is once the body has arrived, which admission judges the call against. */
  facts: () => AgentFacts;
  record: (type: string, status: number, body?: string, contentType?: string) => void;
  admitted: (call: ExecutorCall, eventMediaType: string, contentType?: string) => void;
}

/**
 * One HTTP request to the embedded agent: a wrong path or a refused call is
 * answered and recorded here, as upstream answers it; an admitted call goes
 * on decoded, with the media type its events are to be sent in.
 */
export function takeCall(req: http.IncomingMessage, res: http.ServerResponse, intake: CallIntake): void {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (!EXECUTOR_PATHS.has(path) || !intake.routesUp) {
    req.resume();
    if (EXECUTOR_PATHS.has(path)) intake.record('UNDECODED', 404);
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const admission = admitCall({ method: req.method ?? '', headers: req.headers, body }, intake.facts());
    if (!admission.admitted) {
      const { status, body: text, headers, type } = admission.refusal;
      intake.record(type ?? 'UNDECODED', status, text, req.headers['content-type']);
      res.writeHead(status, { ...(text === '' ? {} : { 'Content-Type': 'text/plain; charset=utf-8' }), ...headers });
      res.end(text);
      return;
    }
    intake.admitted(admission.call, admission.eventMediaType, req.headers['content-type']);
  });
}

/** A call as the agent's record of calls keeps it, fields it did not have left out. */
export function agentCall(type: string, httpStatus: number, body?: string, contentType?: string, eventMediaType?: string): AgentCall {
  return {
    type,
    httpStatus,
    ...(body === undefined || body === '' ? {} : { body }),
    ...(contentType === undefined ? {} : { contentType }),
    ...(eventMediaType === undefined ? {} : { eventMediaType }),
  };
}
