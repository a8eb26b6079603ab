import type { ProgressRow } from './podProgress.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Where `up` writes: the progress of the pod's resources, and lines above it. */
export interface ProgressDisplay {
  /** The rows to show now, under a title (`Running`, `Stopping`). */
  update(title: string, rows: readonly ProgressRow[], now: number): void;
  /** A line or lines of text, printed above the progress. */
  print(text: string): void;
  /** Shows the rows one last time and lets them go: later text goes below them. */
  settle(now: number): void;
}

/**
 * A terminal's display, redrawn in place as Docker Compose draws it: a
 * title with the count done, then a spinner, a tick or a cross per row,
 * each row cut to the terminal's width so a redraw never leaves a wrapped
 * remnant behind.
 */
export class LiveProgress implements ProgressDisplay {
  private drawn = 0;
  private title = '';
  private rows: readonly ProgressRow[] = [];
  private frame = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly color: boolean,
  ) {
    this.timer = setInterval(() => {
      this.frame += 1;
      if (this.rows.length > 0) this.redraw(Date.now());
    }, 100);
    this.timer.unref();
  }

  update(title: string, rows: readonly ProgressRow[], now: number): void {
    this.title = title;
    this.rows = rows;
    this.redraw(now);
  }

  print(text: string): void {
    this.out.write(`${this.erase()}${text}${this.render(Date.now())}`);
  }

  settle(now: number): void {
    this.redraw(now);
    this.drawn = 0;
    this.rows = [];
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private redraw(now: number): void {
    this.out.write(this.erase() + this.render(now));
  }

  private erase(): string {
    return this.drawn === 0 ? '' : `\x1b[${this.drawn}A\x1b[0J`;
  }

  private render(now: number): string {
    if (this.rows.length === 0) {
      this.drawn = 0;
      return '';
    }
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    const done = this.rows.filter((row) => row.state !== 'working').length;
    const lines = [`[+] ${this.title} ${done}/${this.rows.length}`];
    const nameWidth = Math.max(...this.rows.map((row) => `${row.kind} ${row.name}`.length));
    for (const row of this.rows) {
      const mark = row.state === 'done' ? '✔' : row.state === 'error' ? '✘' : (SPINNER[this.frame % SPINNER.length] ?? '-');
      const text = rowText(row, nameWidth, now);
      const cut = ` ${mark} ${text}`.slice(0, width);
      const code = row.state === 'done' ? '32' : row.state === 'error' ? '31' : '34';
      lines.push(this.color ? `\x1b[${code}m${cut.slice(0, 3)}\x1b[0m${cut.slice(3)}` : cut);
    }
    this.drawn = lines.length;
    return `${lines.join('\n')}\n`;
  }
}

/**
 * Without a terminal: a plain line each time a row changes its step, as
 * `docker compose --progress plain` prints, so a pipe or a CI log reads
 * top to bottom.
 */
export class PlainProgress implements ProgressDisplay {
  private readonly shown = new Map<string, string>();

  constructor(private readonly out: NodeJS.WritableStream) {}

  update(_title: string, rows: readonly ProgressRow[]): void {
    for (const row of rows) {
      const seen = `${row.status} ${row.detail ?? ''}`;
      if (this.shown.get(row.key) === seen) continue;
      // Pull progress is shown once per ten percent or layer done, not for every summary the executor logged.
      if (row.status === 'Pulling' && this.shown.get(row.key)?.startsWith('Pulling') && pullStep(this.shown.get(row.key) ?? '') === pullStep(seen)) continue;
      this.shown.set(row.key, seen);
      this.out.write(` ${row.kind} ${row.name}  ${row.status}${row.detail ? `  ${row.detail}` : ''}\n`);
    }
  }

  print(text: string): void {
    this.out.write(text);
  }

  settle(): void {}
}

function rowText(row: ProgressRow, nameWidth: number, now: number): string {
  const seconds = (((row.until ?? now) - row.since) / 1000).toFixed(1);
  const detail = row.detail ? `  ${row.detail}` : '';
  return `${`${row.kind} ${row.name}`.padEnd(nameWidth)}  ${row.status.padEnd(9)}${detail}  ${seconds}s`;
}

/** `Pulling 45%  1/3 layers ...` → `4 1/3`. */
const pullStep = (text: string): string => `${Math.floor(Number(/(\d+)%/.exec(text)?.[1] ?? 0) / 10)} ${/\d+\/\d+ layers/.exec(text)?.[0] ?? ''}`;
