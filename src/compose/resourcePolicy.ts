import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';
import type { OperatorPolicy } from './operatorPolicy.js';

const allows = (setting: boolean | readonly string[], value: string): boolean => setting === true || (Array.isArray(setting) && setting.includes(value));

const denial = (what: string, key: string, why: string): string => `${what} is denied by the executor's policy (policy.${key}): ${why}`;

/**
 * What the policy says of the networks and volumes a pod creates or joins:
 * a fixed subnet is the same for every pod of the file, so the second pod on
 * an agent fails; an external network or volume is shared with whatever
 * else on the agent uses it; an IPAM driver besides Docker's own hands out
 * addresses from outside the agent.
 */
export const resourceViolations = (model: ComposeModel, policy: OperatorPolicy, file: string): ComposeError[] => {
  const errors: ComposeError[] = [];
  const services = Object.values(model.services);
  const joined = new Set(services.flatMap((service) => Object.keys(service.networks ?? {})));
  const mounted = new Set(services.flatMap((service) => (service.volumes ?? []).flatMap((volume) => (volume.type === 'volume' && volume.source !== undefined ? [volume.source] : []))));
  for (const [key, network] of Object.entries(model.networks)) {
    if (network.external) {
      // An external default network is refused apart (podNetworks.ts).
      if (!policy.externalNetworks && joined.has(key)) {
        errors.push(composeError(file, `networks.${key}.external`, denial(`joining network ${network.name ?? key}, made outside the pod,`, 'external_networks', "its other members, on the agent or off it, reach the pod's containers")));
      }
      continue;
    }
    // The pod creates its default network and the others its services join.
    if (key !== 'default' && !joined.has(key)) continue;
    if (network.subnets.length > 0 && !policy.fixedSubnets) {
      errors.push(composeError(file, `networks.${key}.ipam.config`, denial(`a fixed subnet (${network.subnets.map((subnet) => subnet.subnet).join(', ')})`, 'fixed_subnets', 'two pods of this file on one agent would clash on it ("Pool overlaps with other one"); leave the subnet to Docker')));
    }
    if (network.ipamDriver !== undefined && network.ipamDriver !== 'default' && !allows(policy.ipamDrivers, network.ipamDriver)) {
      errors.push(composeError(file, `networks.${key}.ipam.driver`, denial(`IPAM driver ${network.ipamDriver}`, 'ipam_drivers', 'it hands out addresses from outside the agent')));
    }
  }
  for (const [key, volume] of Object.entries(model.volumes)) {
    if (volume.external && mounted.has(key) && !policy.externalVolumes) {
      errors.push(composeError(file, `volumes.${key}.external`, denial(`mounting volume ${volume.name ?? key}, made outside the pod,`, 'external_volumes', 'its data outlives the task and is shared with whatever else mounts it')));
    }
  }
  return errors;
};
