import type Dockerode from 'dockerode';
import { PassThrough, Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LABELS } from '../compose/labels.js';
import { ServiceLines } from './serviceLines.js';

export interface LogsOptions {
  task: string;
  services: string[];
  follow: boolean;
  /** Lines per service, from the end. */
  tail?: number;
  /** Unix seconds. */
  since?: number;
  timestamps: boolean;
  color: boolean;
  prefix: boolean;
}

/** `logs`'s arguments; a string says what is wrong. */
export function readLogsOptions(args: string[], now = Date.now()): LogsOptions | string {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      follow: { type: 'boolean', short: 'f' },
      tail: { type: 'string', short: 'n' },
      since: { type: 'string' },
      timestamps: { type: 'boolean', short: 't' },
      'no-color': { type: 'boolean' },
      'no-log-prefix': { type: 'boolean' },
    },
  });
  const [task, ...services] = positionals;
  if (task === undefined) return 'logs needs the TASK whose output to show (compose-executor ps lists them)';
  const tail = values.tail === undefined || values.tail === 'all' ? undefined : Number(values.tail);
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) return `--tail: expected a number of lines or all, got ${JSON.stringify(values.tail)}`;
  const since = values.since === undefined ? undefined : sinceSeconds(values.since, now);
  if (Number.isNaN(since)) return `--since: expected a time like 2026-12-02T10:00:00Z or a duration like 42s, 10m, 2h, got ${JSON.stringify(values.since)}`;
  return {
    task,
    services,
    follow: values.follow ?? false,
    ...(tail !== undefined ? { tail } : {}),
    ...(since !== undefined ? { since } : {}),
    timestamps: values.timestamps ?? false,
    color: !values['no-color'] && process.env.NO_COLOR === undefined,
    prefix: !values['no-log-prefix'],
  };
}

/** `42s`, `10m`, `1h30m` before now, or a date Date.parse reads, as Unix seconds; NaN when neither. */
function sinceSeconds(text: string, now: number): number {
  const relative = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (relative !== null && text !== '') {
    const [, h = '0', m = '0', s = '0'] = relative;
    return Math.floor(now / 1000) - (Number(h) * 3600 + Number(m) * 60 + Number(s));
  }
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : Math.floor(Date.parse(text) / 1000);
}

interface Line {
  service: string;
  at: string;
  text: string;
}

/**
 * `compose-executor logs TASK [SERVICE...]`: the output of a pod's
 * containers from Docker, found by the task's label, so it works for a pod
 * started by Mesos as for one started by `up`, and shown as `up` shows it.
 * Without -f the services' lines are merged in the order Docker stamped them.
 */
export async function logs(options: LogsOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const { default: DockerClient } = await import('dockerode');
  const docker = new DockerClient();
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${LABELS.taskId}=${options.task}`] }) });
  const serviceOf = (container: Dockerode.ContainerInfo) => container.Labels[LABELS.service] ?? container.Names[0]?.replace(/^\//, '') ?? container.Id;
  if (containers.length === 0) {
    err.write(`compose-executor logs: no containers of task ${options.task} on this host (compose-executor ps lists the pods)\n`);
    return 1;
  }
  const services = [...new Set(containers.map(serviceOf))].sort();
  const unknown = options.services.filter((service) => !services.includes(service));
  if (unknown.length > 0) {
    err.write(`compose-executor logs: task ${options.task} has no service ${unknown.join(', ')} (it has ${services.join(', ')})\n`);
    return 1;
  }
  const lines = new ServiceLines({ color: options.color && (out as NodeJS.WriteStream).isTTY === true, prefix: options.prefix, timestamps: options.timestamps });
  lines.setServices(services);
  const chosen = containers.filter((container) => options.services.length === 0 || options.services.includes(serviceOf(container)));
  const write = (line: Line) => out.write(lines.format(line.service, line.text, line.at));

  if (!options.follow) {
    const all = (await Promise.all(chosen.map((container) => readLines(docker, container, serviceOf(container), options)))).flat();
    // Docker's timestamps have a fixed nine digits of fraction, so they sort as text.
    for (const line of all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))) write(line);
    return 0;
  }
  await Promise.all(chosen.map((container) => readLines(docker, container, serviceOf(container), options, write)));
  return 0;
}

/** A container's lines, each with Docker's timestamp; handed to `each` as they come when following. */
async function readLines(docker: Dockerode, info: Dockerode.ContainerInfo, service: string, options: LogsOptions, each?: (line: Line) => void): Promise<Line[]> {
  const container = docker.getContainer(info.Id);
  const tty = (await container.inspect()).Config.Tty;
  const query = {
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
  };
  const body: NodeJS.ReadableStream | Buffer = options.follow
    ? await container.logs({ ...query, follow: true })
    : await container.logs({ ...query, follow: false });
  const raw = Buffer.isBuffer(body) ? Readable.from([body]) : body;
  const text = new PassThrough();
  if (tty) raw.pipe(text);
  else {
    docker.modem.demuxStream(raw, text, text);
    raw.on('end', () => text.end());
    raw.on('error', () => text.end());
  }
  const collected: Line[] = [];
  for await (const message of createInterface({ input: text, crlfDelay: Infinity })) {
    const space = message.indexOf(' ');
    const line = space > 0 ? { service, at: message.slice(0, space), text: message.slice(space + 1).replace(/\r$/, '') } : { service, at: '', text: message };
    if (each) each(line);
    else collected.push(line);
  }
  return collected;
}
