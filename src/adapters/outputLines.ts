import { StringDecoder } from 'node:string_decoder';
import { MAX_LINE_CHARS } from './logFrames.js';

/** A raw output stream cut into lines, without their newlines; a line with no newline is cut at MAX_LINE_CHARS. */
export class OutputLines {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  push(chunk: Buffer): string[] {
    return this.take(this.decoder.write(chunk));
  }

  /** What is left when the stream ends: a last line without its newline. */
  end(): string[] {
    const lines = this.take(this.decoder.end());
    if (this.pending !== '') lines.push(this.pending.replace(/\r$/, ''));
    this.pending = '';
    return lines;
  }

  private take(text: string): string[] {
    const pieces = `${this.pending}${text}`.split('\n');
    this.pending = pieces.pop() ?? '';
    if (this.pending.length > MAX_LINE_CHARS) {
      pieces.push(this.pending);
      this.pending = '';
    }
    return pieces.map((piece) => piece.replace(/\r$/, ''));
  }
}
