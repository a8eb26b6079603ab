import { createReadStream } from 'node:fs';
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

export async function* streamLog(file: string): AsyncGenerator<LogItem> {
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
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const item = take(line, false);
        if (item) yield item;
      }
    }
  } catch (error) {
    throw error instanceof LogStreamError ? error : new LogStreamError((error as Error).message);
  } finally {
    stream.destroy();
  }
  if (buffered !== '' || lineNumber === 0) {
    const item = take(buffered, true);
    if (item) yield item;
  }
}
