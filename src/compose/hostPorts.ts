import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';
import type { PortPlan } from './podPlan.js';
import { setOwn } from './ownRecord.js';
import { rangeLength, showRange, type PortSpec } from './portSyntax.js';

/** A port of the task's `discovery.ports`: Marathon names them after `portDefinitions`. */
export interface DiscoveryPort {
  readonly name: string;
  readonly number: number;
  readonly protocol?: string;
}

type Offer = ReadonlyArray<readonly [number, number]>;

/** The offered ports one by one, in offer order, each once even if ranges overlap. */
function* offeredPorts(ranges: Offer): Generator<number> {
  const seen = new Set<number>();
  for (const [from, to] of ranges) {
    for (let port = Math.max(from, 1); port <= Math.min(to, 65535); port++) {
      if (!seen.has(port)) {
        seen.add(port);
        yield port;
      }
    }
  }
}

const isOffered = (ranges: Offer, port: number): boolean => ranges.some(([from, to]) => from <= port && port <= to);

/** `31000-31099, 32000`, or `none`: how an error shows the task's offer. */
export const showOffer = (ranges: Offer): string => (ranges.length === 0 ? 'none' : ranges.map(([from, to]) => showRange({ from, to })).join(', '));

/** The discovery port a named compose port takes, or why it cannot have one. */
const namedHostPort = (spec: PortSpec & { name: string }, discovery: readonly DiscoveryPort[], offered: Offer): number | string => {
  if (spec.target.from !== spec.target.to) return `a named port maps one container port, not the range ${spec.target.from}-${spec.target.to}`;
  const candidates = discovery.filter((port) => port.name === spec.name);
  const match = candidates.find((port) => (port.protocol ?? 'tcp').toLowerCase() === spec.protocol) ?? candidates[0];
  if (match === undefined) {
    const known = [...new Set(discovery.map((port) => port.name))];
    return `names port ${spec.name}, which the task's discovery.ports ${known.length > 0 ? `do not list (they list: ${known.join(', ')})` : 'do not have: the task has no discovery.ports (Marathon fills them from portDefinitions, Aurora only when its scheduler runs with -populate_discovery_info)'}`;
  }
  if (!isOffered(offered, match.number)) return `names port ${spec.name}, whose number ${match.number} is not among the task's port resources`;
  return match.number;
};

/** Why a fixed `published` cannot be kept as written, or undefined when the offer holds it. */
const notOffered = (spec: PortSpec & { published: NonNullable<PortSpec['published']> }, offered: Offer): string | undefined => {
  const { published, target } = spec;
  if (rangeLength(target) === 1 && rangeLength(published) > 1) {
    const inOffer = Array.from({ length: rangeLength(published) }, (_, i) => published.from + i).some((port) => isOffered(offered, port));
    return inOffer ? undefined : `host ports ${showRange(published)} are not offered to the task (offered: ${showOffer(offered)})`;
  }
  const missing = Array.from({ length: rangeLength(published) }, (_, i) => published.from + i).filter((port) => !isOffered(offered, port));
  if (missing.length === 1) return `host port ${missing[0]} is not offered to the task (offered: ${showOffer(offered)})`;
  if (missing.length > 1) return `host ports ${missing.join(', ')} are not offered to the task (offered: ${showOffer(offered)})`;
  return undefined;
};

/**
 * The host ports a fixed `published` the offer holds asks for, one per
 * container port. A host range for one container port takes the first
 * offered port of the range that is still free, as Docker would take any.
 */
const fixedHostPorts = (spec: PortSpec & { published: NonNullable<PortSpec['published']> }, offered: Offer, taken: (port: number) => boolean): number[] | string => {
  const { published, target } = spec;
  if (rangeLength(target) === 1 && rangeLength(published) > 1) {
    const free = Array.from({ length: rangeLength(published) }, (_, i) => published.from + i).find((port) => isOffered(offered, port) && !taken(port));
    return free === undefined ? `host ports ${showRange(published)} are all taken by other ports of the pod` : [free];
  }
  return Array.from({ length: rangeLength(published) }, (_, i) => published.from + i);
};

/** The ports of the pod by service, and the fixed host ports that the offer did not hold, each moved to an offered one. */
export interface HostPorts {
  readonly ports: Record<string, PortPlan[]>;
  /** `services.web.ports[0]: host port 80 is not offered to the task: published on 31000 instead`. */
  readonly moved: string[];
}

/**
 * Gives every published container port a host port from the task's offered
 * ranges, as the agent may only bind ports it offered to this task. A
 * long-syntax port with a `name` takes the Mesos port of that name from the
 * task's `discovery.ports` (a plan made with no Mesos task, as `validate`
 * and `plan` make one, places it like an unnamed port, with a warning, as
 * Compose reads the name as a label; a Mesos task without that name fails,
 * for its framework announces the named port it chose); a fixed host port (`8080:80`) is kept exactly
 * when the task was offered it; when not, it takes an offered port like a
 * port without one, as dce-go and Marathon users expect (`exact` refuses
 * it instead); the rest take the remaining offered ports in order:
 * services in name order, ports in file order.
 */
export const allocateHostPorts = (model: ComposeModel, offered: Offer, file: string, discovery: readonly DiscoveryPort[] | undefined, exact = false): E.Either<ComposeError[], HostPorts> => {
  const names = Object.keys(model.services).sort();
  const entries = names.flatMap((name) => (model.services[name]?.ports ?? []).map((spec, index) => ({ name, spec, where: `services.${name}.ports[${index}]` })));
  const errors: ComposeError[] = [];
  const reserved = new Map<string, number[]>();
  const takenBy = new Map<string, string>();
  const claim = (where: string, ports: number[], protocol: string, clash: (port: number, other: string) => string): void => {
    const port = ports.find((number) => takenBy.has(`${number}/${protocol}`));
    if (port !== undefined) errors.push(composeError(file, where, clash(port, takenBy.get(`${port}/${protocol}`) as string)));
    for (const port of ports) takenBy.set(`${port}/${protocol}`, where);
    reserved.set(where, ports);
  };
  // Compose reads `name` as a label only: a plan with no Mesos task to look it up in places a named port like any other.
  const byName = (spec: PortSpec): spec is PortSpec & { name: string } => spec.name !== undefined && discovery !== undefined;
  for (const { spec, where } of entries) {
    if (!byName(spec)) continue;
    const hostPort = namedHostPort({ ...spec, name: spec.name }, discovery ?? [], offered);
    if (typeof hostPort === 'string') errors.push(composeError(file, where, hostPort));
    else claim(where, [hostPort], spec.protocol, (_port, other) => `names port ${spec.name}, which ${other} already takes`);
  }
  const moving = new Map<string, string>();
  for (const { spec, where } of entries) {
    if (byName(spec) || spec.published === undefined) continue;
    const published = { ...spec, published: spec.published };
    const refused = notOffered(published, offered);
    if (refused !== undefined) {
      if (exact) errors.push(composeError(file, where, `${refused}; the task demands exact host ports (exact_host_ports)`));
      else moving.set(where, `host port${rangeLength(spec.published) > 1 ? 's' : ''} ${showRange(spec.published)} ${rangeLength(spec.published) > 1 ? 'are' : 'is'} not offered to the task`);
      continue;
    }
    const hostPorts = fixedHostPorts(published, offered, (port) => takenBy.has(`${port}/${spec.protocol}`));
    const clash = typeof hostPorts === 'string' ? undefined : hostPorts.find((port) => takenBy.has(`${port}/${spec.protocol}`));
    if (!exact && clash !== undefined) {
      moving.set(where, `host port ${clash} is already published by ${takenBy.get(`${clash}/${spec.protocol}`) ?? 'another port'}`);
      continue;
    }
    if (typeof hostPorts === 'string') errors.push(composeError(file, where, hostPorts));
    else claim(where, hostPorts, spec.protocol, (port, other) => `host port ${port} is already published by ${other}`);
  }
  if (errors.length > 0) return E.left(errors);

  const positional = entries.filter(({ where }) => !reserved.has(where));
  const needed = positional.reduce((sum, { spec }) => sum + rangeLength(spec.target), 0);
  const reservedNumbers = new Set([...reserved.values()].flat());
  const free = [...offeredPorts(offered)].filter((port) => !reservedNumbers.has(port));
  const named = entries.filter(({ spec }) => byName(spec)).length;
  const besides = [named > 0 ? `${named} named` : '', reservedNumbers.size > named ? `${reservedNumbers.size - named} fixed` : ''].filter((part) => part !== '').join(' and ');
  const moved: string[] = [];
  let next = 0;
  const plans: Record<string, PortPlan[]> = {};
  for (const name of names) setOwn(plans, name, []);
  for (const { name, spec, where } of entries) {
    const hostIp = spec.hostIp === undefined ? {} : { hostIp: spec.hostIp };
    const kept = reserved.get(where);
    const ports = plans[name] as PortPlan[];
    for (let containerPort = spec.target.from, i = 0; containerPort <= spec.target.to; containerPort++, i++) {
      const hostPort = kept === undefined ? free[next++] : kept[i];
      if (hostPort === undefined) return E.left([composeError(file, where, `needs ${needed} host ports in all, the task offers ${free.length}${besides === '' ? '' : ` besides the ${besides}`}`)]);
      ports.push({ containerPort, protocol: spec.protocol, hostPort, ...hostIp, ...(spec.name === undefined ? {} : { name: spec.name }) });
    }
    const why = moving.get(where);
    const onPorts = ports.slice(-rangeLength(spec.target)).map((port) => port.hostPort).join(', ');
    if (why !== undefined) moved.push(`${where}: ${why}: published on ${onPorts} instead`);
    if (spec.name !== undefined && !byName(spec)) moved.push(`${where}: names port ${spec.name}, and no Mesos task gives it a number here: published on ${onPorts} like an unnamed port`);
  }
  return E.right({ ports: plans, moved });
};
