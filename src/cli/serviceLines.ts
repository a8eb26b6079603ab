// Docker Compose's rotation of service colours: cyan, yellow, green, magenta, blue, then their intense forms.
const RAINBOW = ['36', '33', '32', '35', '34', '36;1', '33;1', '32;1', '35;1', '34;1'];

export interface LineStyle {
  color: boolean;
  prefix: boolean;
  timestamps?: boolean;
}

/**
 * A service's output line as Docker Compose prints it: `web-1  | text`,
 * the prefix padded to the pod's longest and coloured per service. The
 * executor writes the same prefix, uncoloured, to the sandbox's stdout.
 */
export class ServiceLines {
  private readonly colors = new Map<string, string>();
  private width = 0;

  constructor(private readonly style: LineStyle) {}

  /** The pod's services: the colours go round them by name, and the prefixes pad to the longest. */
  setServices(services: readonly string[]): void {
    for (const service of [...services].sort()) this.colorOf(service);
    this.width = Math.max(this.width, ...services.map((service) => `${service}-1`.length));
  }

  format(service: string, text: string, timestamp?: string): string {
    const stamp = this.style.timestamps && timestamp ? `${timestamp} ` : '';
    if (!this.style.prefix) return `${stamp}${text}\n`;
    const name = `${service}-1`;
    const prefix = `${name.padEnd(Math.max(this.width, name.length) + 1)}|`;
    return `${this.paint(this.colorOf(service), prefix)} ${stamp}${text}\n`;
  }

  /** A line a service's `post_start` or `pre_stop` hook wrote, as Compose prints it: `web-1 -> | text`. */
  formatHook(service: string, text: string): string {
    if (!this.style.prefix) return `${text}\n`;
    const name = `${service}-1 ->`;
    const prefix = `${name.padEnd(Math.max(this.width, name.length) + 1)}|`;
    return `${this.paint(this.colorOf(service), prefix)} ${text}\n`;
  }

  /** A line about the pod, between the services' lines. */
  note(text: string): string {
    return `${this.paint('2', text)}\n`;
  }

  paint(code: string, text: string): string {
    return this.style.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  private colorOf(service: string): string {
    let color = this.colors.get(service);
    if (color === undefined) {
      color = RAINBOW[this.colors.size % RAINBOW.length] ?? '36';
      this.colors.set(service, color);
    }
    return color;
  }
}

/**
 * `web-1  | text` as the executor writes it to the sandbox's stdout → the
 * service and the text; `web-1 -> | post_start: text`, a hook's line → the
 * service, the text and the hook's stage.
 */
export function splitPrefixed(line: string): { service: string; text: string; hook?: 'post_start' | 'pre_stop' } | undefined {
  const hook = /^(\S+)-1 -> *\| (post_start|pre_stop): (.*)$/s.exec(line);
  if (hook) return { service: hook[1] ?? '', text: hook[3] ?? '', hook: hook[2] as 'post_start' | 'pre_stop' };
  const match = /^(\S+)-1 *\| (.*)$/s.exec(line) ?? /^(\S+)-1 *\|$/.exec(line);
  return match ? { service: match[1] ?? '', text: match[2] ?? '' } : undefined;
}
