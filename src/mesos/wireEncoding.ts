import type { Decoded } from '../events/codec.js';
import { decodeEvent, encodeCall } from './protobufCodec.js';

/** How calls and events travel between the executor and the agent; the executor's config chooses. */
export type WireEncoding = 'json' | 'protobuf';

export const WIRE_ENCODINGS: readonly WireEncoding[] = ['json', 'protobuf'];

export const MEDIA_TYPE: Readonly<Record<WireEncoding, string>> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

/** A call (in its JSON form) as the request body; throws an Error when protobuf cannot hold it. */
export function encodeCallBody(encoding: WireEncoding, call: object): Buffer {
  return encoding === 'json' ? Buffer.from(JSON.stringify(call), 'utf8') : encodeCall(call);
}

/** One RecordIO record of the event stream, in the JSON form `inputFromAgentEvent` reads. */
export function decodeEventRecord(encoding: WireEncoding, record: Buffer): Decoded<unknown> {
  if (encoding === 'protobuf') return decodeEvent(record);
  try {
    return { ok: true, value: JSON.parse(record.toString('utf8')) };
  } catch {
    return { ok: false, message: `a record is not JSON: ${record.subarray(0, 60).toString('utf8')}` };
  }
}
