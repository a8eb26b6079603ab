import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';
import type { PortPlan } from './podPlan.js';
import { setOwn } from './ownRecord.js';
import type { PortSpec } from './portSyntax.js';

/** A port of the task's `discovery.ports`: Marathon names them after `portDefinitions`. */
export interface DiscoveryPort {
  readonly name: string;
  readonly number: number;
  readonly protocol?: string;
}

/** The offered ports one by one, in offer order, each once even if ranges overlap. */
function* offeredPorts(ranges: ReadonlyArray<readonly [number, number]>): Generator<number> {
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

const isOffered = (ranges: ReadonlyArray<readonly [number, number]>, port: number): boolean => ranges.some(([from, to]) => from <= port && port <= to);

/** The discovery port a named compose port takes, or why it cannot have one. */
const namedHostPort = (spec: PortSpec & { name: string }, discovery: readonly DiscoveryPort[], offered: ReadonlyArray<readonly [number, number]>): number | string => {
  if (spec.target.from !== spec.target.to) return `a named port maps one container port, not the range ${spec.target.from}-${spec.target.to}`;
  const candidates = discovery.filter((port) => port.name === spec.name);
  const match = candidates.find((port) => (port.protocol ?? 'tcp').toLowerCase() === spec.protocol) ?? candidates[0];
  if (match === undefined) {
    const known = [...new Set(discovery.map((port) => port.name))];
    return `names port ${spec.name}, which the task's discovery.ports ${known.length > 0 ? `do not list (they list: ${known.join(', ')})` : 'do not have: the task names no ports'}`;
  }
  if (!isOffered(offered, match.number)) return `names port ${spec.name}, whose number ${match.number} is not among the task's port resources`;
  return match.number;
};

/**
 * Gives every published container port a host port from the task's offered
 * ranges. A long-syntax port with a `name` takes the Mesos port of that
 * name from the task's `discovery.ports`; the rest take the remaining
 * offered ports in order: services in name order, ports in file order. A
 * host port fixed in the file is remapped too, as dce-go does: the agent may
 * only bind ports it offered to this task, and two tasks of one file must
 * not collide.
 */
export const allocateHostPorts = (
  model: ComposeModel,
  offered: ReadonlyArray<readonly [number, number]>,
  file: string,
  discovery: readonly DiscoveryPort[] = [],
): E.Either<ComposeError[], Record<string, PortPlan[]>> => {
  const names = Object.keys(model.services).sort();
  const errors: ComposeError[] = [];
  const named = new Map<string, number>();
  const takenBy = new Map<string, string>();
  for (const name of names) {
    for (const [index, spec] of (model.services[name]?.ports ?? []).entries()) {
      if (spec.name === undefined) continue;
      const where = `services.${name}.ports[${index}]`;
      const hostPort = namedHostPort({ ...spec, name: spec.name }, discovery, offered);
      if (typeof hostPort === 'string') {
        errors.push(composeError(file, where, hostPort));
        continue;
      }
      const key = `${hostPort}/${spec.protocol}`;
      const other = takenBy.get(key);
      if (other !== undefined) errors.push(composeError(file, where, `names port ${spec.name}, which ${other} already takes`));
      takenBy.set(key, where);
      named.set(where, hostPort);
    }
  }
  if (errors.length > 0) return E.left(errors);

  const positional = names.flatMap((name) => (model.services[name]?.ports ?? []).filter((spec) => spec.name === undefined));
  const needed = positional.reduce((sum, spec) => sum + spec.target.to - spec.target.from + 1, 0);
  const namedNumbers = new Set(named.values());
  const free = [...offeredPorts(offered)].filter((port) => !namedNumbers.has(port));
  let next = 0;
  const plans: Record<string, PortPlan[]> = {};
  for (const name of names) {
    const ports: PortPlan[] = [];
    for (const [index, spec] of (model.services[name]?.ports ?? []).entries()) {
      const where = `services.${name}.ports[${index}]`;
      const hostIp = spec.hostIp === undefined ? {} : { hostIp: spec.hostIp };
      const fixed = named.get(where);
      if (fixed !== undefined) {
        ports.push({ containerPort: spec.target.from, protocol: spec.protocol, hostPort: fixed, ...hostIp, name: spec.name as string });
        continue;
      }
      for (let containerPort = spec.target.from; containerPort <= spec.target.to; containerPort++) {
        const hostPort = free[next++];
        if (hostPort === undefined) {
          const others = namedNumbers.size > 0 ? ` besides the ${namedNumbers.size} named` : '';
          return E.left([composeError(file, where, `needs ${needed} host ports in all, the task offers ${free.length}${others}`)]);
        }
        ports.push({ containerPort, protocol: spec.protocol, hostPort, ...hostIp });
      }
    }
    setOwn(plans, name, ports);
  }
  return E.right(plans);
};
