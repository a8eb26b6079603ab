import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeWith } from './codec.js';
import { parseJson } from './eventLog.js';
import { decodeRecord, LogHeader, type LogRecord } from './logRecord.js';

/**
 * An event log read from its file as it goes, a line at a time, each line
 * decoded and handed on, then dropped: memory stays flat however long the
 * log. The same rules as `parseEventLog`: a header first; a line that does
 * not decode ends the reading with an error naming it; an incomplete last
 * line (the writer stopped mid-write) is only a warning.
 */

export type LogItem = { kind: 'header'; header: LogHeader } | { kind: 'record'; record: LogRecord } | { kind: 'warning'; message: string };

/** A line of the log that is not what it should be; the message names the line. */
export class LogStreamError extends Error {}

/** Keep reading as the executor writes, until the signal aborts; a line still being written waits for its end. */
export interface Following {
  signal?: AbortSignal;
  intervalMs?: number;
}

export async function* streamLog(file: string, following?: Following): AsyncGenerator<LogItem> {
  let lineNumber = 0;
  const take = (line: string, last: boolean): LogItem | undefined => {
    lineNumber++;
    const json = parseJson(line);
    if (lineNumber === 1) {
      const header = decodeWith(LogHeader, json);
      if (!header.ok) throw new LogStreamError(`line 1: not an event log header: ${header.message}`);
      return { kind: 'header', header: header.value };
    }
    if (json === undefined) {
      if (last) return { kind: 'warning', message: `line ${lineNumber}: incomplete last record (the writer stopped mid-line), ignored` };
      throw new LogStreamError(`line ${lineNumber}: not JSON`);
    }
    const record = decodeRecord(json);
    if (!record.ok) throw new LogStreamError(`line ${lineNumber}: ${record.message}`);
    return { kind: 'record', record: record.value };
  };

  let buffered = '';
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new LogStreamError((error as Error).message);
  }
  const chunk = Buffer.alloc(1 << 20);
  const decoder = new TextDecoder('utf-8');
  let position = 0;
  try {
    for (;;) {
      let read: number;
      try {
        ({ bytesRead: read } = await handle.read(chunk, 0, chunk.length, position));
      } catch (error) {
        throw new LogStreamError((error as Error).message);
      }
      if (read === 0) {
        if (!following || following.signal?.aborted) break;
        await sleep(following.intervalMs ?? 250, undefined, { signal: following.signal }).catch(() => {});
        continue;
      }
      position += read;
      buffered += decoder.decode(chunk.subarray(0, read), { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const item = take(line, false);
        if (item) yield item;
      }
    }
  } finally {
    await handle.close();
  }
  buffered += decoder.decode();
  if (buffered !== '' || lineNumber === 0) {
    const item = take(buffered, true);
    if (item) yield item;
  }
}
