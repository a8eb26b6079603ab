import * as t from 'io-ts';
import { ignoredPortKeys, unsupportedPortKey } from './composeKeys.js';
import { keyedMapping } from './keyedMapping.js';
import { decoder, expected, isMapping, oneOf, text } from './valueCodecs.js';

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** Inclusive; a single port has `from === to`. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** One entry of a service's `ports`, short or long syntax, in one shape. */
export interface PortSpec {
  readonly target: PortRange;
  /** The host port(s) the file asked for; the plan keeps them if the task was offered them and refuses them if not. */
  readonly published?: PortRange;
  readonly hostIp?: string;
  readonly protocol: Protocol;
  /** Long syntax only: takes the Mesos port of this name from the task's `discovery.ports`. */
  readonly name?: string;
}

const protocols: readonly Protocol[] = ['tcp', 'udp', 'sctp'];
const shortSyntax = 'a port like "80", "8080:80" or "127.0.0.1:8080:80/udp"';

export const rangeLength = (range: PortRange): number => range.to - range.from + 1;
export const showRange = (range: PortRange): string => (range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`);

const parseRange = (raw: string): PortRange | 'malformed' | 'out of range' => {
  const match = /^(\d+)(?:-(\d+))?$/.exec(raw);
  if (match === null) return 'malformed';
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from >= 1 && to <= 65535 && from <= to ? { from, to } : 'out of range';
};

const combine = (
  target: PortRange,
  published: PortRange | undefined,
  hostIp: string | undefined,
  protocol: Protocol,
  u: unknown,
  c: t.Context,
): t.Validation<PortSpec> => {
  // Docker lets a host range serve one container port, not the reverse.
  if (published !== undefined && rangeLength(target) !== 1 && rangeLength(published) !== rangeLength(target)) {
    return t.failure(u, c, `host ports ${showRange(published)} and container ports ${showRange(target)} differ in number`);
  }
  return t.success({
    target,
    ...(published === undefined ? {} : { published }),
    ...(hostIp === undefined || hostIp === '' ? {} : { hostIp }),
    protocol,
  });
};

const splitHostIp = (rest: string): [string | undefined, string[]] => {
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:');
    if (close < 0) return [undefined, []];
    return [rest.slice(1, close), rest.slice(close + 2).split(':')];
  }
  const parts = rest.split(':');
  return parts.length === 3 ? [parts[0], parts.slice(1)] : [undefined, parts];
};

const decodeShort = (u: string | number, c: t.Context): t.Validation<PortSpec> => {
  const raw = String(u);
  const [rest = '', protocol = 'tcp', ...extra] = raw.split('/');
  if (extra.length > 0 || !protocols.includes(protocol as Protocol)) return expected(shortSyntax, u, c);
  const [hostIp, parts] = splitHostIp(rest);
  if (parts.length < 1 || parts.length > 2) return expected(shortSyntax, u, c);
  const target = parseRange(parts[parts.length - 1] ?? '');
  const published = parts.length === 2 && parts[0] !== '' ? parseRange(parts[0] ?? '') : undefined;
  if (target === 'malformed' || published === 'malformed') return expected(shortSyntax, u, c);
  if (target === 'out of range' || published === 'out of range') return expected('ports between 1 and 65535', u, c);
  return combine(target, published, hostIp, protocol as Protocol, u, c);
};

const portNumber = decoder<PortRange>('a port number', (u, c) =>
  typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= 65535 ? t.success({ from: u, to: u }) : expected('a port number between 1 and 65535', u, c),
);

const publishedPorts = decoder<PortRange>('a port or port range', (u, c) => {
  const range = typeof u === 'number' || typeof u === 'string' ? parseRange(String(u)) : 'malformed';
  return typeof range === 'string' ? expected('a port or range like 8080 or 8000-8010, between 1 and 65535', u, c) : t.success(range);
});

const longSyntax = keyedMapping(
  'a port mapping',
  { target: portNumber, published: publishedPorts, host_ip: text, protocol: oneOf(protocols), name: text },
  { unsupported: unsupportedPortKey, ignored: ignoredPortKeys, required: { target: 'missing: the container port is required' } },
);

/** An entry of `ports`: `"8080:80"`, `80`, or `{ target: 80, published: 8080 }`. */
export const portSpec = decoder<PortSpec>('a port', (u, c) => {
  if (typeof u === 'string' || (typeof u === 'number' && Number.isInteger(u))) return decodeShort(u, c);
  if (!isMapping(u)) return expected(`${shortSyntax}, or a mapping with target`, u, c);
  const long = longSyntax.validate(u, c);
  if (long._tag === 'Left') return long;
  const { target, published, host_ip, protocol, name } = long.right;
  if (target === undefined) return expected('a port mapping with target', u, c);
  const spec = combine(target, published, host_ip, protocol ?? 'tcp', u, c);
  return name === undefined || name === '' || spec._tag === 'Left' ? spec : t.success({ ...spec.right, name });
});

/** An entry of `expose`: a port or range with an optional protocol, kept as written. */
export const exposedPort = decoder<string>('a port', (u, c) => {
  const raw = typeof u === 'number' ? String(u) : u;
  if (typeof raw !== 'string') return expected('a port like "3000" or "8000-8010/udp"', u, c);
  const [ports = '', protocol = 'tcp', ...extra] = raw.split('/');
  const range = parseRange(ports);
  return extra.length > 0 || !protocols.includes(protocol as Protocol) || typeof range === 'string'
    ? expected('a port like "3000" or "8000-8010/udp"', u, c)
    : t.success(raw);
});
