import * as t from 'io-ts';
import { Command } from './commands.js';
import { decodeWith, type Decoded } from './codec.js';
import { Input } from './inputs.js';

/**
 * The event log's records (JSON Lines). The first line is a header; every
 * later line is an input the executor acted on or a command it issued, in
 * the order it happened, so replaying the inputs must give the commands.
 */

export const LOG_FORMAT = 'compose-executor/event-log';
/**
 * The version this executor writes. A decision added later is gated on the
 * version of the log it is folded for, so an older log still replays to the
 * commands it recorded:
 * 2. `status.forget` once the agent acknowledges an update, `plugin.after_kill`
 *    once a pod has ended (see machines/logVersions.ts).
 * 3. a stopping pod removes each container as soon as it has stopped, not
 *    once every container has, and a service asked to stop has stopped at
 *    its death, not at `docker stop`'s answer.
 * 4. a `tty` service's hooks are attached with a TTY, and a stop after
 *    `pre_stop` hooks gets what they left of the kill grace.
 * 5. a service asked to stop stays stopping when a late start event says it
 *    runs, so it is not stopped, nor its `pre_stop` run, twice.
 */
export const LOG_FORMAT_VERSION = 5;
export const LogVersion = t.union([t.literal(1), t.literal(2), t.literal(3), t.literal(4), t.literal(LOG_FORMAT_VERSION)]);
export type LogVersion = t.TypeOf<typeof LogVersion>;

export const LogHeader = t.type({
  format: t.literal(LOG_FORMAT),
  version: LogVersion,
  executorVersion: t.string,
  startedAt: t.string,
  /** Everything the core was configured with: replay starts from it. */
  config: t.UnknownRecord,
});
export type LogHeader = t.TypeOf<typeof LogHeader>;

/** A record's frame, its payload not yet judged. */
export const RecordEnvelope = t.type({
  seq: t.number,
  at: t.string,
  kind: t.keyof({ input: null, command: null }),
  type: t.string,
  payload: t.UnknownRecord,
});
export type RecordEnvelope = t.TypeOf<typeof RecordEnvelope>;

export type LogRecord =
  | { seq: number; at: string; kind: 'input'; input: Input }
  | { seq: number; at: string; kind: 'command'; command: Command };

export function encodeRecord(record: LogRecord): string {
  const { type, ...payload } = record.kind === 'input' ? record.input : record.command;
  return JSON.stringify({ seq: record.seq, at: record.at, kind: record.kind, type, payload });
}

/**
 * Decodes one line; the message names the field that failed. A record that
 * is well formed, as nearly every one is, is only checked (the codecs'
 * `is`, which builds nothing); the full decode runs to say what is wrong
 * with one that is not. Neither codec changes a value it accepts, so both
 * give the same record.
 */
export function decodeRecord(value: unknown): Decoded<LogRecord> {
  if (!isEnvelope(value)) return decodeWith(RecordEnvelope, value) as Decoded<never>;
  const { seq, at, kind, type, payload } = value;
  const body = { ...payload, type };
  if (!(kind === 'input' ? Input.is(body) : Command.is(body))) {
    const decoded = kind === 'input' ? decodeWith(Input, body) : decodeWith(Command, body);
    return { ok: false, message: `${type}: ${decoded.ok ? 'not a record of this type' : decoded.message}` };
  }
  return { ok: true, value: kind === 'input' ? { seq, at, kind, input: body as Input } : { seq, at, kind, command: body as Command } };
}

/** `RecordEnvelope.is`, written out: it runs for every line of a log. */
function isEnvelope(value: unknown): value is RecordEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const { seq, at, kind, type, payload } = value as Record<string, unknown>;
  return (
    typeof seq === 'number' &&
    typeof at === 'string' &&
    (kind === 'input' || kind === 'command') &&
    typeof type === 'string' &&
    typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload)
  );
}
