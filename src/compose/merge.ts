import { mergeBuild } from './buildSpec.js';
import { byReferenceSource } from './fileObjects.js';
import type { ComposeFileModel, ServiceOverride } from './model.js';
import { setOwn } from './ownRecord.js';
import type { PortSpec } from './portSyntax.js';
import type { VolumeSpec } from './volumeSyntax.js';

const byKey = <V>(base: Record<string, V> | undefined, over: Record<string, V> | undefined): Record<string, V> | undefined =>
  base === undefined ? over : over === undefined ? base : { ...base, ...over };

const appended = <V>(base: V[] | undefined, over: V[] | undefined): V[] | undefined =>
  base === undefined ? over : over === undefined ? base : [...base, ...over];

const unique = <V>(base: V[] | undefined, over: V[] | undefined): V[] | undefined => {
  const all = appended(base, over);
  return all === undefined ? undefined : [...new Set(all)];
};

const bindingKey = (port: PortSpec): string => JSON.stringify([port.hostIp ?? '', port.target, port.published ?? null, port.protocol]);

/** One entry per {host ip, container port, host port, protocol} within one list, the first kept, as Compose loads a file. */
export const uniquePorts = (ports: PortSpec[]): PortSpec[] => ports.filter((port, i) => ports.findIndex((other) => bindingKey(other) === bindingKey(port)) === i);

/** compose-spec's merge rule for ports: one entry per {host ip, container port, host port, protocol}, the later file's kept. */
const portsByBinding = (base: PortSpec[] | undefined, over: PortSpec[] | undefined): PortSpec[] | undefined => {
  if (base === undefined || over === undefined) return base ?? over;
  const key = bindingKey;
  const later = new Map(over.map((port) => [key(port), port]));
  return [...base.filter((port) => !later.has(key(port))), ...over.filter((port, i) => over.findIndex((other) => key(other) === key(port)) === i)];
};

/** A later file's volume replaces an earlier one mounted at the same path, as compose-spec says. */
const byTarget = (base: VolumeSpec[] | undefined, over: VolumeSpec[] | undefined): VolumeSpec[] | undefined => {
  if (base === undefined || over === undefined) return base ?? over;
  const targets = new Set(over.map((volume) => volume.target));
  return [...base.filter((volume) => !targets.has(volume.target)), ...over];
};

/**
 * The compose-spec override rules for one service: a later file wins on
 * single values (command and entrypoint count as one value), mappings are
 * merged key by key, ports are unique by binding, expose is appended, lists of names
 * (dns, cap_add, ...) are joined without repeats, volumes merged by target.
 */
export const mergeService = (base: ServiceOverride, over: ServiceOverride): ServiceOverride => {
  const merged: ServiceOverride = { ...base, ...over };
  const healthcheck = base.healthcheck === undefined || over.healthcheck === undefined ? merged.healthcheck : { ...base.healthcheck, ...over.healthcheck };
  const logging =
    base.logging === undefined || over.logging === undefined || (over.logging.driver !== undefined && over.logging.driver !== base.logging.driver)
      ? merged.logging
      : { ...base.logging, options: { ...base.logging.options, ...over.logging.options } };
  const deploy =
    base.deploy === undefined || over.deploy === undefined
      ? merged.deploy
      : { ...base.deploy, ...over.deploy, limits: { ...base.deploy.limits, ...over.deploy.limits }, reservations: { ...base.deploy.reservations, ...over.deploy.reservations } };
  const combined: ServiceOverride = {
    environment: byKey(base.environment, over.environment),
    labels: byKey(base.labels, over.labels),
    dependsOn: byKey(base.dependsOn, over.dependsOn),
    networks: byKey(base.networks, over.networks),
    tmpfs: byKey(base.tmpfs, over.tmpfs),
    ulimits: byKey(base.ulimits, over.ulimits),
    sysctls: byKey(base.sysctls, over.sysctls),
    ports: portsByBinding(base.ports, over.ports),
    expose: appended(base.expose, over.expose),
    envFiles: appended(base.envFiles, over.envFiles),
    labelFiles: appended(base.labelFiles, over.labelFiles),
    devices: appended(base.devices, over.devices),
    volumesFrom: appended(base.volumesFrom, over.volumesFrom),
    volumes: byTarget(base.volumes, over.volumes),
    secrets: byReferenceSource(base.secrets, over.secrets),
    configs: byReferenceSource(base.configs, over.configs),
    build: mergeBuild(base.build, over.build),
    extraHosts: unique(base.extraHosts, over.extraHosts),
    dns: unique(base.dns, over.dns),
    dnsSearch: unique(base.dnsSearch, over.dnsSearch),
    capAdd: unique(base.capAdd, over.capAdd),
    capDrop: unique(base.capDrop, over.capDrop),
    securityOpt: unique(base.securityOpt, over.securityOpt),
    profiles: unique(base.profiles, over.profiles),
    healthcheck,
    logging,
    deploy,
  };
  for (const [key, value] of Object.entries(combined)) if (value !== undefined) Object.assign(merged, { [key]: value });
  // `!reset` and `!override` in the later file: its value whole, or none.
  for (const field of over.resets ?? []) {
    if (over[field] === undefined) delete merged[field];
    else Object.assign(merged, { [field]: over[field] });
  }
  delete merged.resets;
  return merged;
};

const mergeDefinitions = <D extends object>(base: Record<string, D> | undefined, over: Record<string, D> | undefined): Record<string, D> | undefined => {
  if (base === undefined || over === undefined) return base ?? over;
  const merged = { ...base };
  for (const [name, definition] of Object.entries(over)) setOwn(merged, name, { ...merged[name], ...definition });
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
      const volumes = mergeDefinitions(merged.volumes, file.volumes);
      const networks = mergeDefinitions(merged.networks, file.networks);
      const secrets = mergeDefinitions(merged.secrets, file.secrets);
      const configs = mergeDefinitions(merged.configs, file.configs);
      return {
        ...(name === undefined ? {} : { name }),
        services,
        ...(volumes === undefined ? {} : { volumes }),
        ...(networks === undefined ? {} : { networks }),
        ...(secrets === undefined ? {} : { secrets }),
        ...(configs === undefined ? {} : { configs }),
      };
    },
    { services: {} },
  );
