import type { FieldSpec, MessageSpec } from './callSchema.js';

// Reads a JSON value into a message the way the agent's stout `protobuf::parse`
// does: unknown keys and nulls ignored, an unknown enum name drops an optional
// field and fails a required one, bytes are base64, numbers may be strings,
// and unset required fields are reported together with their paths.

export type ParseResult =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly error: string };

class ParseError extends Error {}

export function parseMessage(json: unknown, spec: MessageSpec): ParseResult {
  if (!isObject(json)) return { ok: false, error: 'Expecting a JSON object' };
  try {
    const value = readMessage(json, spec);
    const missing = missingRequired(value, spec, '');
    if (missing.length > 0) return { ok: false, error: `Missing required fields: ${missing.join(', ')}` };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

const BASE64_CHAR = /^[A-Za-z0-9+/]$/;

/** Decodes like stout's base64::decode: stops at '=', skips whitespace, refuses other characters. */
export function decodeBase64(text: string): Buffer | string {
  let clean = '';
  for (const c of text) {
    if (c === '=') break;
    if (/\s/.test(c)) continue;
    if (!BASE64_CHAR.test(c)) return `Invalid character '${c}'`;
    clean += c;
  }
  return Buffer.from(clean, 'base64');
}

function readMessage(json: Record<string, unknown>, spec: MessageSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(json)) {
    const field = spec.fields[key];
    if (field === undefined) {
      if (spec.open === true && raw !== null) out[key] = raw;
      continue;
    }
    if (raw === null) continue;
    if (field.repeated === true) {
      if (!Array.isArray(raw)) throw new ParseError(`Expecting a JSON array for field '${key}'`);
      const items = raw.filter((item) => item !== null).map((item) => readField(key, field, item));
      const kept = items.filter((item) => item !== undefined);
      if (kept.length > 0) out[key] = kept;
      continue;
    }
    const value = readField(key, field, raw);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function readField(name: string, field: FieldSpec, raw: unknown): unknown {
  if (Array.isArray(raw)) throw new ParseError(`Not expecting a JSON array for field '${name}'`);
  if (isObject(raw)) {
    if (field.kind === 'message' && field.message !== undefined) return readMessage(raw, field.message);
    if (field.kind === 'any') return raw;
    throw new ParseError(`Not expecting a JSON object for field '${name}'`);
  }
  switch (field.kind) {
    case 'any':
      return raw;
    case 'string':
      if (typeof raw === 'string') return raw;
      break;
    case 'bytes':
      if (typeof raw === 'string') {
        const decoded = decodeBase64(raw);
        if (typeof decoded === 'string') {
          throw new ParseError(`Failed to base64 decode bytes field '${name}': ${decoded}`);
        }
        return raw;
      }
      break;
    case 'enum':
      if (typeof raw === 'string') {
        if (field.values?.includes(raw) === true) return raw;
        if (field.required === true) throw new ParseError(`Failed to find enum for '${raw}'`);
        return undefined;
      }
      break;
    case 'double':
      if (typeof raw === 'number') return raw;
      if (typeof raw === 'string') {
        if (raw === 'Infinity') return Infinity;
        if (raw === '-Infinity') return -Infinity;
        const n = Number(raw);
        if (raw.trim() === '' || Number.isNaN(n)) {
          throw new ParseError(`Failed to parse '${raw}' as a JSON number for field '${name}'`);
        }
        return n;
      }
      break;
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      if (typeof raw === 'string') {
        throw new ParseError(`Failed to parse '${raw}' as a JSON boolean for field '${name}'`);
      }
      break;
    case 'message':
      break;
  }
  throw new ParseError(`Not expecting a JSON ${jsonKind(raw)} for field '${name}'`);
}

function missingRequired(value: Record<string, unknown>, spec: MessageSpec, prefix: string): string[] {
  const missing: string[] = [];
  for (const [name, field] of Object.entries(spec.fields)) {
    const present = value[name];
    if (present === undefined) {
      if (field.required === true) missing.push(prefix + name);
      continue;
    }
    if (field.kind !== 'message' || field.message === undefined) continue;
    if (field.repeated === true && Array.isArray(present)) {
      present.forEach((item, i) => {
        missing.push(...missingRequired(item as Record<string, unknown>, field.message!, `${prefix}${name}[${i}].`));
      });
    } else {
      missing.push(...missingRequired(present as Record<string, unknown>, field.message, `${prefix}${name}.`));
    }
  }
  return missing;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonKind(value: unknown): string {
  if (typeof value === 'boolean') return 'boolean';
  return typeof value;
}
