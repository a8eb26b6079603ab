import { Observable } from 'rxjs';
import type { Input } from '../events/inputs.js';
import { openSubscription, type AgentConnection } from '../mesos/agentConnection.js';
import { inputFromAgentEvent } from '../mesos/events.js';
import { RecordIoReader } from '../mesos/recordio.js';

/**
 * The agent's event stream for one SUBSCRIBE call, as inputs. It always ends
 * with `mesos.disconnected`, whatever ended it: a refused call, a broken
 * connection, the stream's end or a frame that does not decode.
 */
export function agentEvents(connection: AgentConnection, call: object, maxRecordBytes?: number): Observable<Input> {
  return new Observable<Input>((subscriber) => {
    const { request, response } = openSubscription(connection, call);
    let ended = false;
    const disconnect = (message: string) => {
      if (ended) return;
      ended = true;
      subscriber.next({ type: 'mesos.disconnected', message });
      subscriber.complete();
      request.destroy();
    };

    response.then(
      (stream) => {
        if (stream.statusCode !== 200) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => disconnect(`SUBSCRIBE refused: ${stream.statusCode} ${Buffer.concat(chunks).toString('utf8').trim()}`));
          stream.on('error', (error) => disconnect(`SUBSCRIBE refused: ${stream.statusCode} (${error.message})`));
          return;
        }
        const reader = new RecordIoReader(maxRecordBytes);
        stream.on('data', (chunk: Buffer) => {
          let records: Buffer[];
          try {
            records = reader.push(chunk);
          } catch (error) {
            subscriber.next({ type: 'mesos.malformed', message: `event stream: ${(error as Error).message}` });
            disconnect('the event stream was malformed');
            return;
          }
          for (const record of records) {
            if (ended) return;
            let json: unknown;
            try {
              json = JSON.parse(record.toString('utf8'));
            } catch {
              subscriber.next({ type: 'mesos.malformed', message: `event stream: a record is not JSON: ${record.subarray(0, 60).toString('utf8')}` });
              disconnect('the event stream was malformed');
              return;
            }
            subscriber.next(inputFromAgentEvent(json));
          }
        });
        stream.on('end', () => disconnect(reader.atBoundary ? 'the agent closed the event stream' : 'the event stream ended inside a record'));
        stream.on('error', (error) => disconnect(`the event stream broke: ${error.message}`));
        stream.on('close', () => disconnect('the event stream closed'));
      },
      (error: Error) => disconnect(`could not reach the agent: ${error.message}`),
    );
    return () => {
      ended = true;
      request.destroy();
    };
  });
}
