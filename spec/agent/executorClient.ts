import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { decodeEvent } from '../../src/mesos/protobufCodec.js';

// A bare HTTP client speaking the executor API, written for the specs from the
// protocol reference, so that the agent is checked by what a client sees.

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string | undefined>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function post(endpoint: string, body: unknown, opts: RequestOptions = {}): Promise<Reply> {
  const [host, port] = endpoint.split(':');
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers = dropUndefined({ ...JSON_HEADERS, ...opts.headers });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port: Number(port), method: opts.method ?? 'POST', path: opts.path ?? '/api/v1/executor', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** An open SUBSCRIBE response, read as RecordIO records. */
export class Subscription {
  readonly chunks: Buffer[] = [];
  readonly events: any[] = [];
  ended = false;
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];

  constructor(readonly status: number, readonly headers: http.IncomingHttpHeaders, res: http.IncomingMessage) {
    res.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drainRecords();
      this.wake();
    });
    const end = (): void => {
      this.ended = true;
      this.wake();
    };
    res.on('end', end);
    res.on('close', end);
    res.on('error', end);
  }

  /** The n-th event (0-based) of the stream, waiting for it if needed. */
  async event(n: number, timeoutMs = 2000): Promise<any> {
    await this.until(() => this.events.length > n || this.ended, timeoutMs);
    if (this.events.length <= n) throw new Error(`stream ended after ${this.events.length} events: ${JSON.stringify(this.events)}`);
    return this.events[n];
  }

  async eventOfType(type: string, timeoutMs = 2000): Promise<any> {
    await this.until(() => this.events.some((e) => e.type === type) || this.ended, timeoutMs);
    const found = this.events.find((e) => e.type === type);
    if (found === undefined) throw new Error(`no ${type} event; got ${JSON.stringify(this.events)}`);
    return found;
  }

  async closed(timeoutMs = 2000): Promise<void> {
    await this.until(() => this.ended, timeoutMs);
  }

  private until(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; events so far: ${JSON.stringify(this.events)}`)), timeoutMs);
      const check = (): void => {
        if (done()) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(check);
        }
      };
      this.waiters.push(check);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private drainRecords(): void {
    for (;;) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString('ascii');
      if (!/^\d+$/.test(header)) throw new Error(`bad RecordIO length ${JSON.stringify(header)}`);
      const length = Number(header);
      if (this.buffer.length < newline + 1 + length) return;
      const record = this.buffer.subarray(newline + 1, newline + 1 + length);
      this.buffer = this.buffer.subarray(newline + 1 + length);
      this.events.push(decodeRecord(record, this.headers['content-type']));
    }
  }
}

export function subscribe(endpoint: string, call: unknown, opts: RequestOptions = {}): Promise<Subscription | Reply> {
  const [host, port] = endpoint.split(':');
  const headers = dropUndefined({ ...JSON_HEADERS, Accept: 'application/json', ...opts.headers });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port: Number(port), method: 'POST', path: opts.path ?? '/api/v1/executor', headers, agent: false },
      (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          return;
        }
        resolve(new Subscription(200, res.headers, res));
      },
    );
    req.on('error', reject);
    req.end(Buffer.isBuffer(call) ? call : JSON.stringify(call));
  });
}

function decodeRecord(record: Buffer, contentType: string | undefined): any {
  if (contentType === 'application/x-protobuf') {
    const decoded = decodeEvent(record);
    return decoded.ok ? decoded.value : { undecodable: record.toString('hex') };
  }
  try {
    return JSON.parse(record.toString('utf8'));
  } catch {
    return { undecodable: record.toString('utf8') };
  }
}

/** 16 random bytes with the version 4 and RFC 4122 variant bits, base64 encoded. */
export function uuidV4(): string {
  const bytes = randomBytes(16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return bytes.toString('base64');
}

function dropUndefined(headers: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
}
