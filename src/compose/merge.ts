import type { ComposeFileModel, ServiceOverride } from './model.js';
import { setOwn } from './ownRecord.js';

const byKey = <V>(base: Record<string, V> | undefined, over: Record<string, V> | undefined): Record<string, V> | undefined =>
  base === undefined ? over : over === undefined ? base : { ...base, ...over };

const appended = <V>(base: V[] | undefined, over: V[] | undefined): V[] | undefined =>
  base === undefined ? over : over === undefined ? base : [...base, ...over];

/**
 * The compose-spec override rules for one service: a later file wins on
 * single values (command and entrypoint count as one value), mappings are
 * merged key by key, ports and expose are appended.
 */
export const mergeService = (base: ServiceOverride, over: ServiceOverride): ServiceOverride => {
  const merged: ServiceOverride = { ...base, ...over };
  const environment = byKey(base.environment, over.environment);
  const labels = byKey(base.labels, over.labels);
  const dependsOn = byKey(base.dependsOn, over.dependsOn);
  const ports = appended(base.ports, over.ports);
  const expose = appended(base.expose, over.expose);
  const healthcheck = base.healthcheck === undefined || over.healthcheck === undefined ? merged.healthcheck : { ...base.healthcheck, ...over.healthcheck };
  if (environment !== undefined) merged.environment = environment;
  if (labels !== undefined) merged.labels = labels;
  if (dependsOn !== undefined) merged.dependsOn = dependsOn;
  if (ports !== undefined) merged.ports = ports;
  if (expose !== undefined) merged.expose = expose;
  if (healthcheck !== undefined) merged.healthcheck = healthcheck;
  return merged;
};

/** Several compose files read as one, each overriding the ones before it. */
export const mergeComposeFiles = (files: readonly ComposeFileModel[]): ComposeFileModel =>
  files.reduce<ComposeFileModel>(
    (merged, file) => {
      const services = { ...merged.services };
      for (const [name, service] of Object.entries(file.services)) {
        const base = services[name];
        setOwn(services, name, base === undefined ? service : mergeService(base, service));
      }
      const name = file.name ?? merged.name;
      return name === undefined ? { services } : { name, services };
    },
    { services: {} },
  );
