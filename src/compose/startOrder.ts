import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';

type ServiceOf = ComposeModel['services'][string];

/** The services whose containers this one joins at create, by the key that names each. */
export const joinedServices = (service: ServiceOf): Array<{ key: string; service: string; what: string }> => [
  ...(service.networkMode?.kind === 'service' ? [{ key: 'network_mode', service: service.networkMode.service, what: 'shares the network of' }] : []),
  ...(typeof service.pid === 'object' ? [{ key: 'pid', service: service.pid.service, what: 'shares the processes of' }] : []),
  ...(typeof service.ipc === 'object' ? [{ key: 'ipc', service: service.ipc.service, what: 'shares the IPC namespace of' }] : []),
  ...(service.volumesFrom ?? []).flatMap((from, i) => (from.service === undefined ? [] : [{ key: `volumes_from[${i}]`, service: from.service, what: 'mounts the volumes of' }])),
];

/** What a service must wait for: its depends_on, and every service whose container it joins. */
export const prerequisites = (model: ComposeModel, name: string): string[] => {
  const service = model.services[name];
  if (service === undefined) return [];
  return [...new Set([...Object.keys(service.dependsOn), ...joinedServices(service).map((joined) => joined.service)])].sort();
};

const unknownServices = (model: ComposeModel, file: string): ComposeError[] =>
  Object.entries(model.services).flatMap(([name, service]) => {
    const missing = (other: string) => !Object.hasOwn(model.services, other);
    const errors = Object.keys(service.dependsOn)
      .filter(missing)
      .map((other) => composeError(file, `services.${name}.depends_on`, `${name} depends on "${other}", which is not a service of this pod`));
    for (const joined of joinedServices(service).filter((other) => missing(other.service))) {
      errors.push(composeError(file, `services.${name}.${joined.key}`, `${name} ${joined.what} "${joined.service}", which is not a service of this pod`));
    }
    return errors;
  });

/** Walks from the first stuck service along stuck prerequisites until one repeats: that loop is a cycle. */
const findCycle = (model: ComposeModel, stuck: ReadonlySet<string>): string[] => {
  const path: string[] = [];
  let current = [...stuck].sort()[0] ?? '';
  while (!path.includes(current)) {
    path.push(current);
    current = prerequisites(model, current).find((other) => stuck.has(other)) ?? current;
  }
  const cycle = path.slice(path.indexOf(current));
  const first = cycle.indexOf([...cycle].sort()[0] ?? '');
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  return [...rotated, rotated[0] ?? ''];
};

/**
 * Services in start order: each after its prerequisites, ties broken by
 * name so the same files always give the same order.
 */
export const startOrder = (model: ComposeModel, file: string): E.Either<ComposeError[], string[]> => {
  const unknown = unknownServices(model, file);
  if (unknown.length > 0) return E.left(unknown);
  const order: string[] = [];
  const placed = new Set<string>();
  const waiting = new Set(Object.keys(model.services));
  for (;;) {
    const ready = [...waiting].filter((name) => prerequisites(model, name).every((other) => placed.has(other))).sort();
    const next = ready[0];
    if (next === undefined) break;
    order.push(next);
    placed.add(next);
    waiting.delete(next);
  }
  if (waiting.size === 0) return E.right(order);
  const cycle = findCycle(model, waiting);
  const [from = '', to = ''] = cycle;
  const service = model.services[from];
  const key = service === undefined || Object.hasOwn(service.dependsOn, to) ? 'depends_on' : (joinedServices(service).find((joined) => joined.service === to)?.key ?? 'depends_on');
  return E.left([composeError(file, `services.${from}.${key}`, `dependency cycle ${cycle.join(' -> ')}`)]);
};
