import type Dockerode from 'dockerode';
import * as t from 'io-ts';
import { Observable } from './rx.js';
import { decodeWith } from '../events/codec.js';
import type { Input } from '../events/inputs.js';
import { LABELS } from '../compose/labels.js';
import { MAX_JSON_NESTING, nestedDeeperThan } from '../mesos/jsonNesting.js';

/**
 * Docker's event stream for this executor's containers, filtered by the
 * engine to our labels, as inputs. It emits `null` first, once the engine
 * has accepted the stream, so a caller can wait before creating containers.
 */

const DockerEvent = t.type({
  Type: t.string,
  Action: t.string,
  Actor: t.type({ ID: t.string, Attributes: t.record(t.string, t.string) }),
});

export interface DockerEventsOptions {
  /** First wait before reconnecting a broken stream; doubles up to `maxBackoffMs`. */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * A broken stream (dockerd restarted) is reopened with `since` at the last
 * event seen, so nothing that happened in between is missed.
 */
export function dockerEvents(docker: Dockerode, executorId: string, options: DockerEventsOptions = {}): Observable<Input | null> {
  const firstBackoffMs = options.firstBackoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  return new Observable<Input | null>((subscriber) => {
    let stream: NodeJS.ReadableStream | null = null;
    let closed = false;
    let connectedOnce = false;
    let since: string | undefined;
    let backoffMs = firstBackoffMs;
    let retry: NodeJS.Timeout | undefined;

    const broken = (message: string) => {
      if (closed) return;
      stream = null;
      subscriber.next({ type: 'docker.disconnected', message });
      retry = setTimeout(connect, backoffMs);
      backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    };

    const connect = () => {
      if (closed) return;
      docker
        .getEvents({
          ...(since ? { since } : {}),
          filters: { type: ['container'], event: ['die', 'oom', 'start', 'health_status'], label: [`${LABELS.executorId}=${executorId}`] },
        } as object)
        .then((events) => {
          if (closed) {
            (events as unknown as { destroy(): void }).destroy();
            return;
          }
          stream = events;
          backoffMs = firstBackoffMs;
          if (!connectedOnce) subscriber.next(null);
          else subscriber.next({ type: 'docker.reconnected', ...(since ? { since } : {}) });
          connectedOnce = true;
          let buffered = '';
          let ended = false;
          const end = (message: string) => {
            if (ended) return;
            ended = true;
            broken(message);
          };
          events.on('data', (chunk: Buffer) => {
            buffered += chunk.toString('utf8');
            const lines = buffered.split('\n');
            buffered = lines.pop() ?? '';
            for (const line of lines) {
              if (!line.trim()) continue;
              since = eventTime(line) ?? since;
              subscriber.next(inputFromDockerEvent(line));
            }
          });
          events.on('end', () => end('Docker closed its event stream'));
          events.on('error', (error: Error) => end(`Docker's event stream broke: ${error.message}`));
        })
        .catch((error: Error) => broken(`could not read Docker's events: ${error.message}`));
    };

    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      (stream as unknown as { destroy?(): void } | null)?.destroy?.();
    };
  });
}

/** The event's time as Docker's `since` takes it: seconds, with nanoseconds after the point. */
function eventTime(line: string): string | undefined {
  const match = /"timeNano":(\d+)/.exec(line);
  if (!match) return undefined;
  const nanos = match[1]!.padStart(10, '0');
  return `${nanos.slice(0, -9)}.${nanos.slice(-9)}`;
}

export function inputFromDockerEvent(line: string): Input {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { type: 'docker.malformed', message: `Docker event is not JSON: ${line.slice(0, 80)}` };
  }
  if (nestedDeeperThan(json, MAX_JSON_NESTING)) return { type: 'docker.malformed', message: `Docker event: nested deeper than ${MAX_JSON_NESTING} levels` };
  const decoded = decodeWith(DockerEvent, json);
  if (!decoded.ok) return { type: 'docker.malformed', message: `Docker event: ${decoded.message}` };
  const { Action, Actor } = decoded.value;
  const taskId = Actor.Attributes[LABELS.taskId];
  const service = Actor.Attributes[LABELS.service];
  if (taskId === undefined || service === undefined) {
    return { type: 'docker.malformed', message: `Docker event ${Action} for ${Actor.ID} lacks the ${LABELS.taskId} or ${LABELS.service} label` };
  }
  switch (Action) {
    case 'die': {
      const exitCode = Number(Actor.Attributes.exitCode ?? NaN);
      return { type: 'container.died', taskId, service, containerId: Actor.ID, exitCode: Number.isFinite(exitCode) ? exitCode : -1 };
    }
    case 'oom':
      return { type: 'container.oom', taskId, service, containerId: Actor.ID };
    case 'start':
      return { type: 'container.running', taskId, service, containerId: Actor.ID };
    case 'health_status: starting':
    case 'health_status: healthy':
    case 'health_status: unhealthy':
      return { type: 'container.health', taskId, service, containerId: Actor.ID, status: Action.slice('health_status: '.length) as 'starting' | 'healthy' | 'unhealthy' };
    default:
      return { type: 'docker.malformed', message: `Docker event ${Action} was not asked for` };
  }
}
