/**
 * The keys of the compose specification that we do not run yet, with the
 * message each gets. Any key outside the specification is "unknown key".
 */

const notYet = 'not supported yet';

const unsupportedServiceKeys = [
  'annotations', 'attach', 'blkio_config', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'configs',
  'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime',
  'cpu_shares', 'cpus', 'cpuset', 'credential_spec', 'deploy', 'develop', 'device_cgroup_rules', 'devices', 'dns',
  'dns_opt', 'dns_search', 'domainname', 'driver_opts', 'env_file', 'extends', 'external_links', 'extra_hosts',
  'gpus', 'group_add', 'init', 'ipc', 'isolation', 'label_file', 'links', 'logging', 'mac_address', 'mem_limit',
  'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models', 'networks', 'oom_kill_disable', 'oom_score_adj',
  'pid', 'pids_limit', 'platform', 'post_start', 'pre_stop', 'privileged', 'profiles', 'provider', 'pull_policy',
  'read_only', 'runtime', 'scale', 'secrets', 'security_opt', 'shm_size', 'stdin_open', 'storage_opt', 'sysctls',
  'tmpfs', 'tty', 'ulimits', 'use_api_socket', 'userns_mode', 'uts', 'volumes', 'volumes_from',
] as const;

export const unsupportedServiceKey: Readonly<Record<string, string>> = {
  ...Object.fromEntries(unsupportedServiceKeys.map((key) => [key, notYet])),
  // A Mesos agent has no build context; the image must exist in a registry.
  build: 'not supported: build the image and reference it with image:',
};

export const unsupportedTopLevelKey: Readonly<Record<string, string>> = Object.fromEntries(
  ['networks', 'volumes', 'configs', 'secrets', 'include', 'models'].map((key) => [key, notYet]),
);

export const unsupportedPortKey: Readonly<Record<string, string>> = Object.fromEntries(
  ['mode', 'name', 'app_protocol'].map((key) => [key, notYet]),
);
