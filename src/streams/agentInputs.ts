import type { IncomingMessage } from 'node:http';
import { Observable } from './rx.js';
import type { Input } from '../events/inputs.js';
import { openSubscription, type AgentConnection } from '../mesos/agentConnection.js';
import { inputFromAgentEvent } from '../mesos/events.js';
import { RecordIoError, RecordIoReader } from '../mesos/recordio.js';
import { MEDIA_TYPE, WIRE_ENCODINGS, wireCodec, type WireCodec, type WireEncoding } from '../mesos/wireEncoding.js';

/**
 * The agent's event stream for one SUBSCRIBE call, as inputs. It always ends
 * with `mesos.disconnected`, whatever ended it: a refused call, a broken
 * connection, the stream's end or a frame that does not decode.
 */
export function agentEvents(connection: AgentConnection, call: object, maxRecordBytes = connection.maxRecordBytes): Observable<Input> {
  return new Observable<Input>((subscriber) => {
    let ended = false;
    let opened: Awaited<ReturnType<typeof openSubscription>> | undefined;
    const disconnect = (message: string) => {
      if (ended) return;
      ended = true;
      subscriber.next({ type: 'mesos.disconnected', message });
      subscriber.complete();
      opened?.request.destroy();
    };
    const malformed = (message: string) => {
      if (ended) return;
      subscriber.next({ type: 'mesos.malformed', message: `event stream: ${message}` });
      disconnect('the event stream was malformed');
    };

    const read = (stream: IncomingMessage, codec: WireCodec) => {
      const reader = new RecordIoReader(maxRecordBytes);
      const deliver = (records: readonly Buffer[]) => {
        for (const record of records) {
          if (ended) return;
          const decoded = codec.decodeEvent(record);
          if (!decoded.ok) {
            malformed(decoded.message);
            return;
          }
          subscriber.next(inputFromAgentEvent(decoded.value));
        }
      };
      stream.on('data', (chunk: Buffer) => {
        try {
          deliver(reader.push(chunk));
        } catch (error) {
          // Events that arrived whole before the garbage, in the same chunk, still happened: a KILL among them must not be lost.
          if (error instanceof RecordIoError) deliver(error.completed);
          malformed((error as Error).message);
        }
      });
      stream.on('end', () => disconnect(reader.atBoundary ? 'the agent closed the event stream' : 'the event stream ended inside a record'));
      stream.on('close', () => disconnect('the event stream closed'));
    };

    const subscribed = (stream: IncomingMessage) => {
      if (stream.statusCode !== 200) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => disconnect(`SUBSCRIBE refused: ${stream.statusCode} ${Buffer.concat(chunks).toString('utf8')}`.trim()));
        stream.on('error', (error) => disconnect(`SUBSCRIBE refused: ${stream.statusCode} (${error.message})`));
        return;
      }
      stream.on('error', (error) => disconnect(`the event stream broke: ${error.message}`));
      // Unread, the stream waits (paused) while the codec of the media type it came in loads.
      const encoding = streamEncoding(stream, connection.encoding ?? 'json');
      wireCodec(encoding).then(
        (codec) => {
          if (!ended) read(stream, codec);
        },
        (error: Error) => disconnect(`cannot read ${encoding} events: ${error.message}`),
      );
    };

    openSubscription(connection, call).then(
      (subscription) => {
        opened = subscription;
        if (ended) {
          subscription.request.destroy();
          return;
        }
        subscription.response.then(subscribed, (error: Error) => disconnect(`could not reach the agent: ${error.message}`));
      },
      (error: Error) => disconnect(`SUBSCRIBE not sent: ${error.message}`),
    );
    return () => {
      ended = true;
      opened?.request.destroy();
    };
  });
}

/** The stream is read in the media type the agent says it wrote, which is normally the one asked for. */
function streamEncoding(stream: IncomingMessage, asked: WireEncoding): WireEncoding {
  const mediaType = stream.headers['content-type']?.split(';')[0]?.trim();
  return WIRE_ENCODINGS.find((encoding) => MEDIA_TYPE[encoding] === mediaType) ?? asked;
}
