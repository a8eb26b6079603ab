import protobuf from 'protobufjs/light.js';
import type { Decoded } from '../events/codec.js';
import { MESOS_DESCRIPTOR } from './mesosDescriptor.js';

/**
 * mesos.v1.executor Events and Calls in protobuf, mapped to and from the
 * JSON shape the JSON path uses (snake_case names, enum names, base64
 * bytes, 64-bit integers as numbers), so that one decoder reads both.
 */

const root = protobuf.Root.fromJSON(MESOS_DESCRIPTOR as protobuf.INamespace).resolveAll();
const EVENT = root.lookupType('mesos.v1.executor.Event');
const CALL = root.lookupType('mesos.v1.executor.Call');

const AS_JSON: protobuf.IConversionOptions = { enums: String, longs: Number, bytes: String, json: true };

export type JsonMessage = Record<string, unknown>;

export function encodeEvent(event: object): Buffer {
  return encode(EVENT, event);
}

export function encodeCall(call: object): Buffer {
  return encode(CALL, call);
}

export function decodeEvent(bytes: Uint8Array): Decoded<JsonMessage> {
  const decoded = decode(EVENT, bytes);
  // An event type newer than this subset reads as the enum's default, UNKNOWN, as upstream's executor library reads it.
  if (decoded.ok && decoded.value['type'] === undefined && hasField(bytes, 1)) decoded.value['type'] = 'UNKNOWN';
  return decoded;
}

export function decodeCall(bytes: Uint8Array): Decoded<JsonMessage> {
  return decode(CALL, bytes);
}

/** Throws (a TypeError, or protobufjs's Error such as "empty string" for a 64-bit field) when the JSON has a value of the wrong kind. */
function encode(type: protobuf.Type, json: object): Buffer {
  // fromObject keeps an empty nested message, so `"subscribe": {}` is written as field 4 with length 0.
  return Buffer.from(type.encode(type.fromObject(json)).finish());
}

function decode(type: protobuf.Type, bytes: Uint8Array): Decoded<JsonMessage> {
  try {
    const message = type.decode(bytes);
    return { ok: true, value: withoutUnknownEnums(type, type.toObject(message, AS_JSON)) };
  } catch (error) {
    return { ok: false, message: `not a ${type.fullName.slice(1)} in protobuf: ${(error as Error).message}` };
  }
}

/**
 * An enum number this subset does not know is dropped, as Mesos's JSON parser
 * drops an unknown enum name: the JSON path then sees the same message.
 */
function withoutUnknownEnums(type: protobuf.Type, object: JsonMessage): JsonMessage {
  for (const field of type.fieldsArray) {
    const value = object[field.name];
    if (value === undefined) continue;
    const fieldType = field.resolvedType;
    if (fieldType instanceof protobuf.Enum) {
      const known = field.repeated ? (value as unknown[]).filter((item) => typeof item === 'string') : value;
      if (typeof known === 'string' || (Array.isArray(known) && known.length > 0)) object[field.name] = known;
      else delete object[field.name];
    } else if (fieldType instanceof protobuf.Type) {
      for (const item of field.repeated ? (value as JsonMessage[]) : [value as JsonMessage]) withoutUnknownEnums(fieldType, item);
    }
  }
  return object;
}

/** Whether the top level of an encoded message holds the field, whatever its value. */
function hasField(bytes: Uint8Array, id: number): boolean {
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === id) return true;
    reader.skipType(tag & 7);
  }
  return false;
}
