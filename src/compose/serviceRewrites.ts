import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel, ServiceModel } from './model.js';
import { setOwn } from './ownRecord.js';

/**
 * The per-task rewrites of keys that name things on the whole host:
 * `links` become a dependency plus an alias, and `scale` (or
 * `deploy.replicas`) becomes that many services, the second and later
 * named `<service>-<n>`, each with its own host ports.
 */

export interface Rewritten {
  readonly model: ComposeModel;
  /** Replica service name to the service it copies. */
  readonly replicaOf: Record<string, string>;
  /** Aliases peers use for a service: `links` aliases, `container_name`, and the service's name for its replicas. */
  readonly aliases: Record<string, string[]>;
  readonly warnings: string[];
}

const linkTarget = (link: string): [string, string] => {
  const [service = link, alias = service] = link.split(':');
  return [service, alias];
};

const replicaCount = (service: ServiceModel): number => service.scale ?? service.deploy?.replicas ?? 1;

export const rewriteServices = (model: ComposeModel, file: string): E.Either<ComposeError[], Rewritten> => {
  const errors: ComposeError[] = [];
  const warnings: string[] = [];
  const aliases: Record<string, string[]> = {};
  const addAlias = (service: string, alias: string) => setOwn(aliases, service, [...new Set([...(aliases[service] ?? []), alias])]);
  const services: Record<string, ServiceModel> = {};
  for (const [name, service] of Object.entries(model.services)) {
    const dependsOn = { ...service.dependsOn };
    (service.links ?? []).forEach((link, i) => {
      const [target, alias] = linkTarget(link);
      if (!Object.hasOwn(model.services, target)) {
        errors.push(composeError(file, `services.${name}.links[${i}]`, `"${target}" is not a service of the pod`));
        return;
      }
      if (!Object.hasOwn(dependsOn, target)) dependsOn[target] = { condition: 'service_started', required: true, restart: false };
      if (alias !== target) addAlias(target, alias);
    });
    if (service.containerName !== undefined) addAlias(name, service.containerName);
    if (service.containerName !== undefined && replicaCount(service) > 1) {
      errors.push(composeError(file, `services.${name}.container_name`, `cannot name ${replicaCount(service)} containers of one service alike: remove container_name or scale`));
    }
    setOwn(services, name, { ...service, dependsOn });
  }
  const replicaOf: Record<string, string> = {};
  for (const [name, service] of Object.entries(services)) {
    const count = replicaCount(service);
    for (let n = 2; n <= count; n++) {
      const replica = `${name}-${n}`;
      if (Object.hasOwn(services, replica)) {
        errors.push(composeError(file, `services.${name}.scale`, `the replica ${replica} would clash with the service of that name`));
        continue;
      }
      const fixed = service.ports.filter((port) => port.published !== undefined && port.name === undefined);
      if (fixed.length > 0) warnings.push(`services.${name}.ports: replica ${n} of ${count} cannot have the same host ports: it takes offered ones`);
      // A replica takes offered ports: the first container holds the fixed ones.
      setOwn(services, replica, { ...service, ports: service.ports.map(({ published: _published, ...port }) => port) });
      replicaOf[replica] = name;
      addAlias(replica, name);
    }
    if (count === 0) warnings.push(`services.${name}.scale: 0: the service is not started`);
  }
  const scaledToZero = Object.entries(services).filter(([, service]) => replicaCount(service) === 0).map(([name]) => name);
  for (const name of scaledToZero) delete services[name];
  if (errors.length > 0) return E.left(errors);
  return E.right({ model: { ...model, services }, replicaOf, aliases, warnings });
};
