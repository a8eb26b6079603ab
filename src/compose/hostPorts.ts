import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';
import type { PortPlan } from './podPlan.js';
import { setOwn } from './ownRecord.js';

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

const offeredCount = (ranges: ReadonlyArray<readonly [number, number]>): number => {
  let count = 0;
  for (const _ of offeredPorts(ranges)) count++;
  return count;
};

/**
 * Gives every published container port a host port from the task's offered
 * ranges: services in name order, ports in file order. A host port fixed in
 * the file is remapped too, as dce-go does: the agent may only bind ports
 * it offered to this task, and two tasks of one file must not collide.
 */
export const allocateHostPorts = (
  model: ComposeModel,
  offered: ReadonlyArray<readonly [number, number]>,
  file: string,
): E.Either<ComposeError[], Record<string, PortPlan[]>> => {
  const names = Object.keys(model.services).sort();
  const needed = names.reduce((sum, name) => sum + (model.services[name]?.ports ?? []).reduce((n, p) => n + p.target.to - p.target.from + 1, 0), 0);
  const available = offeredCount(offered);
  const hostPorts = offeredPorts(offered);
  const plans: Record<string, PortPlan[]> = {};
  for (const name of names) {
    const ports: PortPlan[] = [];
    const specs = model.services[name]?.ports ?? [];
    for (const [index, spec] of specs.entries()) {
      for (let containerPort = spec.target.from; containerPort <= spec.target.to; containerPort++) {
        const hostPort = hostPorts.next();
        if (hostPort.done === true) {
          return E.left([composeError(file, `services.${name}.ports[${index}]`, `needs ${needed} host ports in all, the task offers ${available}`)]);
        }
        ports.push({ containerPort, protocol: spec.protocol, hostPort: hostPort.value, ...(spec.hostIp === undefined ? {} : { hostIp: spec.hostIp }) });
      }
    }
    setOwn(plans, name, ports);
  }
  return E.right(plans);
};
