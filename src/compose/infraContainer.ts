import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';
import type { PodPlan, ServiceNetworkPlan, ServicePlan } from './podPlan.js';

/** The operator's infra container (`infra_container` in the executor config), as dce-go's general plugin runs one. */
export interface InfraContainer {
  readonly image: string;
  readonly command?: readonly string[];
}

/** Sleeps until stopped; the trap lets `docker stop` end it at once rather than after the grace period. */
export const DEFAULT_INFRA_COMMAND: readonly string[] = ['sh', '-c', "trap 'exit 0' TERM INT; sleep infinity & wait"];

/** `infra`, or `infra-2`, `infra-3`... when the pod has a service of that name. */
export const infraName = (services: readonly string[]): string => {
  let name = 'infra';
  for (let n = 2; services.includes(name); n++) name = `infra-${n}`;
  return name;
};

const joinsInfra = (service: ServicePlan): boolean => service.network.kind === 'pod';

const joinsInfraContainer = (service: ComposeModel['services'][string]): boolean => service.networkMode === undefined || service.networkMode.kind === 'bridge';

/**
 * Docker gives a container that joins another's network namespace the
 * holder's hostname and domain name, so the joined services can have one
 * between them, which the infra container takes.
 */
const sharedNameErrors = (model: ComposeModel, file: string, key: 'hostname' | 'domainname'): ComposeError[] => {
  const [first, ...rest] = Object.keys(model.services)
    .sort()
    .flatMap((name) => {
      const service = model.services[name];
      return service !== undefined && joinsInfraContainer(service) && service[key] !== undefined ? [{ name, value: service[key] }] : [];
    });
  if (first === undefined) return [];
  return rest
    .filter(({ value }) => value !== first.value)
    .map(({ name, value }) => composeError(file, `services.${name}.${key}`, `${JSON.stringify(value)} conflicts with ${JSON.stringify(first.value)} of ${first.name}: with the infra container every service shares one ${key}`));
};

/** A fixed address belongs to one network namespace; under the infra container all services share its. */
export const infraErrors = (model: ComposeModel, file: string): ComposeError[] => [
  ...Object.entries(model.services).flatMap(([name, service]) =>
    joinsInfraContainer(service)
      ? Object.entries(service.networks ?? {})
          .filter(([, attachment]) => attachment.ipv4Address !== undefined)
          .map(([key]) => composeError(file, `services.${name}.networks.${key}.ipv4_address`, 'cannot be kept: with the infra container every service shares its network namespace and address'))
      : [],
  ),
  ...sharedNameErrors(model, file, 'hostname'),
  ...sharedNameErrors(model, file, 'domainname'),
];

/** The networks of the joined services, merged: the infra container answers to every service's name and alias. */
const infraNetworks = (infra: string, defaultNetwork: string, joined: readonly ServicePlan[]): ServiceNetworkPlan[] => {
  const aliases = new Map<string, string[]>();
  for (const service of joined) {
    for (const network of service.networks ?? [{ name: defaultNetwork, aliases: service.aliases }]) {
      aliases.set(network.name, [...(aliases.get(network.name) ?? [infra]), ...network.aliases]);
    }
  }
  return [...aliases.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, list]) => ({ name, aliases: [...new Set(list)] }));
};

const union = (services: readonly ServicePlan[], key: 'dns' | 'dnsSearch' | 'extraHosts'): string[] => [...new Set(services.flatMap((service) => service[key] ?? []))];

/**
 * Puts the pod's network namespace in one infra container, as dce-go's
 * general plugin does: every service without a network_mode of its own
 * joins it, and it carries their published ports, names, hostname and DNS
 * settings.
 * Services can then restart without their addresses changing.
 */
export const withInfraContainer = (plan: PodPlan, infra: ServicePlan): PodPlan => {
  const joined = plan.services.filter(joinsInfra);
  if (joined.length === 0) return plan;
  const joinedNames = new Set(joined.map((service) => service.name));
  const networks = infraNetworks(infra.name, plan.network.name, joined);
  const onDefaultOnly = joined.every((service) => service.networks === undefined);
  const [hostname] = joined.flatMap((service) => (service.hostname === undefined ? [] : [service.hostname]));
  const [domainname] = joined.flatMap((service) => (service.domainname === undefined ? [] : [service.domainname]));
  const holder: ServicePlan = {
    ...infra,
    network: { kind: 'pod' },
    aliases: networks.find((network) => network.name === plan.network.name)?.aliases ?? [],
    ...(onDefaultOnly ? {} : { networks }),
    ports: joined.flatMap((service) => service.ports),
    ...Object.fromEntries((['dns', 'dnsSearch', 'extraHosts'] as const).flatMap((key) => (union(joined, key).length > 0 ? [[key, union(joined, key)]] : []))),
    ...(hostname === undefined ? {} : { hostname }),
    ...(domainname === undefined ? {} : { domainname }),
  };
  const services = plan.services.map((service): ServicePlan => {
    const sharesJoined = service.network.kind === 'service' && joinedNames.has(service.network.service);
    if (!joinsInfra(service) && !sharesJoined) return service;
    const { networks: _networks, dns: _dns, dnsSearch: _search, extraHosts: _hosts, hostname: _hostname, domainname: _domain, ...rest } = service;
    return { ...rest, network: { kind: 'service', service: infra.name }, aliases: [], ports: [], dependsOn: [...new Set([infra.name, ...service.dependsOn])].sort() };
  });
  return { ...plan, infra: infra.name, services: [holder, ...services] };
};
