import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';
import type { NetworkDefinition } from './networkSyntax.js';
import { networkName, podResourceName, stableHash } from './podNames.js';
import type { PodNetworkPlan, ServiceNetworkPlan } from './podPlan.js';

const defaultKey = 'default';

/** A bridge's interface name is host-global: each task's gets its own, at most 15 characters as Linux allows. */
const bridgeNameOption = 'com.docker.network.bridge.name';
const perTaskOptions = (name: string, options: Record<string, string>): Record<string, string> =>
  Object.hasOwn(options, bridgeNameOption) ? { ...options, [bridgeNameOption]: `br-${stableHash(name)}` } : options;

const networkPlan = (name: string, key: string, definition: NetworkDefinition | undefined, podLabels: Record<string, string>): PodNetworkPlan => ({
  name,
  labels: { ...definition?.labels, ...podLabels, 'com.docker.compose.network': key },
  ...(definition?.driver === undefined ? {} : { driver: definition.driver }),
  ...(definition === undefined || Object.keys(definition.driverOptions).length === 0 ? {} : { driverOptions: perTaskOptions(name, definition.driverOptions) }),
  ...(definition?.internal === true ? { internal: true } : {}),
  ...(definition === undefined || definition.subnets.length === 0 ? {} : { subnets: definition.subnets }),
  ...(definition?.ipamDriver === undefined ? {} : { ipamDriver: definition.ipamDriver }),
  ...(definition?.ipamOptions === undefined ? {} : { ipamOptions: definition.ipamOptions }),
  ...(definition?.enableIpv6 === undefined ? {} : { enableIpv6: definition.enableIpv6 }),
});

const definitionOf = (model: ComposeModel, key: string): NetworkDefinition | undefined => (Object.hasOwn(model.networks, key) ? model.networks[key] : undefined);

/** The Docker name of a network the file calls `key`. */
const dockerName = (model: ComposeModel, project: string, key: string): string => {
  const definition = definitionOf(model, key);
  if (definition?.external === true) return definition.name ?? key;
  return key === defaultKey ? networkName(project) : podResourceName(project, definition?.name ?? key);
};

/** The pod's default network, configured by a top-level `networks.default` when the file has one. */
export const defaultNetwork = (model: ComposeModel, project: string, podLabels: Record<string, string>): PodNetworkPlan =>
  networkPlan(networkName(project), defaultKey, definitionOf(model, defaultKey), podLabels);

/** The other networks the pod creates: those declared, not external, and joined by a service. */
export const podNetworks = (model: ComposeModel, project: string, podLabels: Record<string, string>): PodNetworkPlan[] => {
  const joined = new Set(Object.values(model.services).flatMap((service) => Object.keys(service.networks ?? {})));
  return Object.entries(model.networks)
    .filter(([key, definition]) => key !== defaultKey && !definition.external && joined.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, definition]) => networkPlan(podResourceName(project, definition.name ?? key), key, definition, podLabels));
};

/** What the plan rewrites of the networks and volumes per task, or cannot: a fixed subnet is the same on every pod of the file. */
export const resourceWarnings = (model: ComposeModel): string[] => [
  ...Object.entries(model.networks).flatMap(([key, definition]) => [
    ...(!definition.external && definition.name !== undefined ? [`networks.${key}.name: ${definition.name} is named within the task's project: ${key === defaultKey ? 'the pod\'s default network' : `<project>_${definition.name}`}`] : []),
    ...(Object.hasOwn(definition.driverOptions, bridgeNameOption) ? [`networks.${key}.driver_opts.${bridgeNameOption}: rewritten per task, as two pods of this file would clash on one bridge name`] : []),
    ...(definition.subnets.length > 0 ? [`networks.${key}.ipam.config: a fixed subnet: a second pod of this file on the same agent fails ("Pool overlaps"); leave the subnet to Docker to run several`] : []),
  ]),
  ...Object.entries(model.volumes).flatMap(([key, definition]) => (!definition.external && definition.name !== undefined ? [`volumes.${key}.name: ${definition.name} is named within the task's project: <project>_${definition.name}`] : [])),
];

/** Refuses what Docker would refuse later, or what the pod cannot run. */
export const networkDefinitionErrors = (model: ComposeModel, file: string): ComposeError[] =>
  definitionOf(model, defaultKey)?.external === true ? [composeError(file, 'networks.default.external', 'not supported yet: the pod creates its own default network')] : [];

export interface ServiceAttachments {
  /** Every network of the service, when its file names them; absent: the default network only. */
  readonly networks?: ServiceNetworkPlan[];
  /** The service's aliases on the default network. */
  readonly aliases: string[];
}

/** Where one service sits: by its name on the default network, or on the networks its `networks` names. */
export const serviceAttachments = (model: ComposeModel, name: string, project: string, file: string): E.Either<ComposeError[], ServiceAttachments> => {
  const service = model.services[name];
  if (service?.networks === undefined) return E.right({ aliases: service?.networkMode === undefined || service.networkMode.kind === 'bridge' ? [name] : [] });
  if (service.networkMode !== undefined) return E.left([composeError(file, `services.${name}.networks`, 'cannot be combined with network_mode')]);
  const errors: ComposeError[] = [];
  const keys = Object.keys(service.networks).sort();
  for (const key of keys) {
    const definition = definitionOf(model, key);
    const at = `services.${name}.networks.${key}`;
    if (definition === undefined && key !== defaultKey) errors.push(composeError(file, at, `network "${key}" is not declared under the top-level networks`));
    else if (service.networks[key]?.ipv4Address !== undefined && (definition === undefined || definition.subnets.length === 0)) {
      errors.push(composeError(file, `${at}.ipv4_address`, `needs a subnet: set networks.${key}.ipam.config`));
    }
  }
  if (errors.length > 0) return E.left(errors);
  const networks = keys.map((key) => {
    const attachment = service.networks?.[key];
    const { aliases = [], ...endpoint } = attachment ?? {};
    return { name: dockerName(model, project, key), aliases: [name, ...aliases], ...endpoint };
  });
  return E.right({ networks, aliases: networks.find((network) => network.name === networkName(project))?.aliases ?? [] });
};
