import * as t from 'io-ts';
import { formatComposeError, reportValidation } from '../compose/composeError.js';
import type { InfraContainer } from '../compose/infraContainer.js';
import { keyedMapping } from '../compose/keyedMapping.js';
import { DEFAULT_POLICY, type OperatorPolicy } from '../compose/operatorPolicy.js';
import { commandLine } from '../compose/serviceValues.js';
import { decoder, expected, list, nonEmptyText } from '../compose/valueCodecs.js';

/**
 * The executor config's `policy` and `infra_container` sections: what the
 * operator lets pods do, and the container that holds a pod's network.
 */

const allowDeny = decoder<boolean>('allow or deny', (u, c) => (u === 'allow' ? t.success(true) : u === 'deny' ? t.success(false) : expected('allow or deny', u, c)));

const capAdd = decoder<boolean | string[]>('cap_add', (u, c) => (Array.isArray(u) ? list(nonEmptyText('a capability name')).validate(u, c) : allowDeny.validate(u, c)));

/** `allow` (any), `deny` (none) or a list of driver names. */
const drivers = decoder<boolean | string[]>('drivers', (u, c) => (Array.isArray(u) ? list(nonEmptyText('a driver name')).validate(u, c) : typeof u === 'string' ? allowDeny.validate(u, c) : expected('allow, deny or a list of drivers', u, c)));

const policyFields = keyedMapping('a policy mapping', {
  privileged: allowDeny,
  host_network: allowDeny,
  external_containers: allowDeny,
  host_pid: allowDeny,
  host_ipc: allowDeny,
  bind_mounts_outside_sandbox: allowDeny,
  cap_add: decoder<boolean | string[]>('cap_add', (u, c) => (Array.isArray(u) || typeof u === 'string' ? capAdd.validate(u, c) : expected('allow, deny or a list of capabilities', u, c))),
  devices: allowDeny,
  security_opt: allowDeny,
  host_sysctls: allowDeny,
  build: allowDeny,
  remote_build_contexts: allowDeny,
  host_resources: allowDeny,
  host_namespaces: allowDeny,
  runtimes: list(nonEmptyText('a runtime like runc or nvidia'), 'a list of runtimes'),
  logging_drivers: drivers,
  volume_drivers: drivers,
  network_drivers: drivers,
  docker_socket: allowDeny,
  fixed_subnets: allowDeny,
  external_networks: allowDeny,
  external_volumes: allowDeny,
  ipam_drivers: drivers,
  registries: list(nonEmptyText('a registry like docker.io or registry.local:5000'), 'a list of registries'),
});

const infraFields = keyedMapping('an infra_container mapping', { image: nonEmptyText('an image'), command: commandLine }, { required: { image: 'missing: the infra container needs an image' } });

export interface PodPolicyConfig {
  readonly policy: OperatorPolicy;
  readonly infraContainer?: InfraContainer;
}

const at = (key: string, actual: unknown): t.Context => [{ key: '', type: t.unknown, actual: {} }, { key, type: t.unknown, actual }];

/** Decodes the two sections of a config document, every mistake told as `FILE: policy.KEY: ...`. */
export const podPolicyConfig = (path: string, document: Record<string, unknown>): { errors: string[]; config: PodPolicyConfig } => {
  const policy = policyFields.validate(document.policy ?? {}, at('policy', document.policy));
  const infra = document.infra_container === undefined ? undefined : infraFields.validate(document.infra_container, at('infra_container', document.infra_container));
  const errors = [policy, ...(infra === undefined ? [] : [infra])].flatMap((result) => (result._tag === 'Left' ? reportValidation(path, result.left).map(formatComposeError) : []));
  if (policy._tag === 'Left' || infra?._tag === 'Left') return { errors, config: { policy: DEFAULT_POLICY } };
  const p = policy.right;
  const image = infra?.right.image;
  const command = infra?.right.command;
  return {
    errors: [],
    config: {
      policy: {
        privileged: p.privileged ?? DEFAULT_POLICY.privileged,
        hostNetwork: p.host_network ?? DEFAULT_POLICY.hostNetwork,
        externalContainers: p.external_containers ?? DEFAULT_POLICY.externalContainers,
        hostPid: p.host_pid ?? DEFAULT_POLICY.hostPid,
        hostIpc: p.host_ipc ?? DEFAULT_POLICY.hostIpc,
        bindMountsOutsideSandbox: p.bind_mounts_outside_sandbox ?? DEFAULT_POLICY.bindMountsOutsideSandbox,
        capAdd: p.cap_add ?? DEFAULT_POLICY.capAdd,
        devices: p.devices ?? DEFAULT_POLICY.devices,
        securityOpt: p.security_opt ?? DEFAULT_POLICY.securityOpt,
        hostSysctls: p.host_sysctls ?? DEFAULT_POLICY.hostSysctls,
        build: p.build ?? DEFAULT_POLICY.build,
        remoteBuildContexts: p.remote_build_contexts ?? DEFAULT_POLICY.remoteBuildContexts,
        hostResources: p.host_resources ?? DEFAULT_POLICY.hostResources,
        hostNamespaces: p.host_namespaces ?? DEFAULT_POLICY.hostNamespaces,
        runtimes: p.runtimes ?? DEFAULT_POLICY.runtimes,
        loggingDrivers: p.logging_drivers ?? DEFAULT_POLICY.loggingDrivers,
        volumeDrivers: p.volume_drivers ?? DEFAULT_POLICY.volumeDrivers,
        networkDrivers: p.network_drivers ?? DEFAULT_POLICY.networkDrivers,
        dockerSocket: p.docker_socket ?? DEFAULT_POLICY.dockerSocket,
        fixedSubnets: p.fixed_subnets ?? DEFAULT_POLICY.fixedSubnets,
        externalNetworks: p.external_networks ?? DEFAULT_POLICY.externalNetworks,
        externalVolumes: p.external_volumes ?? DEFAULT_POLICY.externalVolumes,
        ipamDrivers: p.ipam_drivers ?? DEFAULT_POLICY.ipamDrivers,
        ...(p.registries === undefined ? {} : { registries: p.registries }),
      },
      ...(image === undefined ? {} : { infraContainer: { image, ...(command === undefined ? {} : { command }) } }),
    },
  };
};
