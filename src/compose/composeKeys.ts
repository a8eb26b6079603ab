/**
 * The keys of the compose specification that we do not run, with the
 * message each gets, and those we read and ignore, with why. Any key
 * outside the specification is "unknown key".
 */

const notYet = 'not supported yet';

const unsupportedServiceKeys = ['models', 'provider'] as const;

export const unsupportedServiceKey: Readonly<Record<string, string>> = {
  ...Object.fromEntries(unsupportedServiceKeys.map((key) => [key, notYet])),
  provider:
    'refused: a provider service is no container but a plugin program Compose runs on the host to make a resource (a cloud database, a model); ' +
    'a Mesos agent has no such plugin, so make the resource outside the pod and pass its address in environment',
};

const windowsOnly = 'Windows containers only';
const swarmOnly = 'swarm only: the Mesos framework places and restarts the task';

/** Service keys that mean nothing on a Mesos agent: read, dropped, and reported as a warning. */
export const ignoredServiceKeys: Readonly<Record<string, string>> = {
  attach: 'the executor always captures every service\'s logs to the sandbox',
  cgroup_parent: "the executor's cgroup holds the pod, so the task's limits hold",
  cpu_count: windowsOnly,
  cpu_percent: windowsOnly,
  credential_spec: windowsOnly,
  develop: 'only `docker compose watch` reads it; there is no source tree to sync on an agent',
  isolation: windowsOnly,
};

export const ignoredDeployKeys: Readonly<Record<string, string>> = Object.fromEntries(
  ['mode', 'labels', 'placement', 'update_config', 'rollback_config', 'endpoint_mode'].map((key) => [key, swarmOnly]),
);

export const ignoredReservationKeys: Readonly<Record<string, string>> = { generic_resources: swarmOnly };

export const ignoredPortKeys: Readonly<Record<string, string>> = { mode: swarmOnly, app_protocol: 'informational: Docker does not read it' };

export const ignoredVolumeKeys: Readonly<Record<string, string>> = { consistency: 'Docker Desktop only' };

export const ignoredAttachmentKeys: Readonly<Record<string, string>> = { priority: 'Docker Engine 28 and later only', gw_priority: 'Docker Engine 28 and later only' };

export const ignoredNetworkKeys: Readonly<Record<string, string>> = { attachable: swarmOnly, enable_ipv4: 'Docker Engine 28 and later only; IPv4 is on' };

export const unsupportedTopLevelKey: Readonly<Record<string, string>> = Object.fromEntries(
  ['models'].map((key) => [key, notYet]),
);

export const unsupportedPortKey: Readonly<Record<string, string>> = {};
