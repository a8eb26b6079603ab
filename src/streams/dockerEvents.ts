import type Dockerode from 'dockerode';
import * as t from 'io-ts';
import { Observable } from 'rxjs';
import { decodeWith } from '../events/codec.js';
import type { Input } from '../events/inputs.js';
import { LABELS } from '../compose/labels.js';

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

export function dockerEvents(docker: Dockerode, executorId: string): Observable<Input | null> {
  return new Observable<Input | null>((subscriber) => {
    let stream: NodeJS.ReadableStream | null = null;
    let closed = false;
    docker
      .getEvents({
        filters: { type: ['container'], event: ['die', 'oom'], label: [`${LABELS.executorId}=${executorId}`] },
      } as object)
      .then((events) => {
        if (closed) {
          (events as unknown as { destroy(): void }).destroy();
          return;
        }
        stream = events;
        subscriber.next(null);
        let buffered = '';
        events.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) if (line.trim()) subscriber.next(inputFromDockerEvent(line));
        });
        events.on('end', () => subscriber.next({ type: 'docker.disconnected', message: 'Docker closed its event stream' }));
        events.on('error', (error: Error) => subscriber.next({ type: 'docker.disconnected', message: `Docker's event stream broke: ${error.message}` }));
      })
      .catch((error: Error) => subscriber.next({ type: 'docker.disconnected', message: `could not read Docker's events: ${error.message}` }));
    return () => {
      closed = true;
      (stream as unknown as { destroy?(): void } | null)?.destroy?.();
    };
  });
}

export function inputFromDockerEvent(line: string): Input {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { type: 'docker.malformed', message: `Docker event is not JSON: ${line.slice(0, 80)}` };
  }
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
    default:
      return { type: 'docker.malformed', message: `Docker event ${Action} was not asked for` };
  }
}
