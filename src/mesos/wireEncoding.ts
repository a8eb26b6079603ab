import type { Decoded } from '../events/codec.js';

/** How calls and events travel between the executor and the agent; the executor's config chooses. */
export type WireEncoding = 'json' | 'protobuf';

export const WIRE_ENCODINGS: readonly WireEncoding[] = ['json', 'protobuf'];

export const MEDIA_TYPE: Readonly<Record<WireEncoding, string>> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

/** Calls (in their JSON form) to request bodies, and event records to the JSON form `inputFromAgentEvent` reads. */
export interface WireCodec {
  /** Throws an Error when the encoding cannot hold the call. */
  encodeCall(call: object): Buffer;
  decodeEvent(record: Buffer): Decoded<unknown>;
}

const JSON_CODEC: WireCodec = {
  encodeCall: (call) => Buffer.from(JSON.stringify(call), 'utf8'),
  decodeEvent: (record) => {
    try {
      return { ok: true, value: JSON.parse(record.toString('utf8')) };
    } catch {
      return { ok: false, message: `a record is not JSON: ${record.subarray(0, 60).toString('utf8')}` };
    }
  },
};

let protobufCodec: Promise<WireCodec> | undefined;
let protobufLoaded: WireCodec | undefined;

/**
 * The codec of an encoding. protobufjs and the Mesos descriptor load at the
 * first protobuf call only: an executor speaking JSON, the default, never
 * pays for them (20 ms of the plain build's start). Every caller awaits the
 * same promise, so calls keep their order.
 */
export function wireCodec(encoding: WireEncoding): Promise<WireCodec> {
  if (encoding === 'json') return Promise.resolve(JSON_CODEC);
  protobufCodec ??= import('./protobufCodec.js').then(({ decodeEvent, encodeCall }) => (protobufLoaded = { encodeCall, decodeEvent }));
  return protobufCodec;
}

/** The codec of an encoding if it is loaded already, for a caller that must not wait a turn of the event loop. */
export function loadedWireCodec(encoding: WireEncoding): WireCodec | undefined {
  return encoding === 'json' ? JSON_CODEC : protobufLoaded;
}
