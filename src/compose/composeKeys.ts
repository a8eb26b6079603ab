/**
 * The keys of the compose specification that we do not run yet, with the
 * message each gets. Any key outside the specification is "unknown key".
 */

const notYet = 'not supported yet';

const unsupportedServiceKeys = [
  'annotations', 'attach', 'blkio_config', 'cgroup', 'cgroup_parent', 'container_name', 'cpu_count',
  'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpuset', 'credential_spec',
  'develop', 'device_cgroup_rules', 'dns_opt', 'driver_opts', 'external_links', 'gpus', 'group_add',
  'isolation', 'label_file', 'links', 'mac_address', 'mem_reservation', 'mem_swappiness', 'models',
  'oom_kill_disable', 'oom_score_adj', 'pids_limit', 'platform', 'post_start', 'pre_stop', 'provider', 'runtime',
  'scale', 'storage_opt', 'use_api_socket', 'userns_mode', 'uts',
] as const;

export const unsupportedServiceKey: Readonly<Record<string, string>> = Object.fromEntries(unsupportedServiceKeys.map((key) => [key, notYet]));

export const unsupportedTopLevelKey: Readonly<Record<string, string>> = Object.fromEntries(
  ['include', 'models'].map((key) => [key, notYet]),
);

export const unsupportedPortKey: Readonly<Record<string, string>> = Object.fromEntries(
  ['mode', 'app_protocol'].map((key) => [key, notYet]),
);
