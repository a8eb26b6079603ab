/**
 * What the pod does with every key of the compose specification, as the
 * README's compose table shows it (`npx tsx scripts/compose-table.ts`
 * rewrites it; a spec fails when the README or the codecs drift from it).
 */

export type Treatment = 'run' | 'rewrite' | 'policy' | 'ignore' | 'refuse';

const shown: Record<Treatment, string> = {
  run: 'runs as Compose runs it',
  rewrite: 'runs, rewritten per task',
  policy: 'runs if the operator allows',
  ignore: 'ignored with a warning',
  refuse: 'refused',
};

type Row = readonly [Treatment, string];

/** Every service key of the compose-spec schema (92). */
export const SERVICE_KEY_TABLE: Readonly<Record<string, Row>> = {
  annotations: ['run', ''],
  attach: ['ignore', 'the executor always captures every log'],
  blkio_config: ['run', ''],
  build: ['policy', '`policy.build`; the Engine\'s classic builder, from a context in the sandbox, tagged by content, or from a git repository the daemon clones (`policy.remote_build_contexts`), tagged by URL and options; BuildKit-only keys refused'],
  cap_add: ['policy', '`policy.cap_add`; the baseline capabilities are allowed'],
  cap_drop: ['run', ''],
  cgroup: ['policy', '`host`: `policy.host_namespaces`; `private` runs'],
  cgroup_parent: ['ignore', "the executor's cgroup holds the pod"],
  command: ['run', ''],
  configs: ['run', '`file:` bound read-only at `/<name>` or `target`; `content:`/`environment:` copied in before start'],
  container_name: ['rewrite', '`<project>_<name>`, and `<name>` stays a network alias'],
  cpu_count: ['ignore', 'Windows only'],
  cpu_percent: ['ignore', 'Windows only'],
  cpu_period: ['run', ''],
  cpu_quota: ['run', ''],
  cpu_rt_period: ['policy', '`policy.host_resources`'],
  cpu_rt_runtime: ['policy', '`policy.host_resources`'],
  cpu_shares: ['run', ''],
  cpus: ['run', ''],
  cpuset: ['policy', '`policy.host_resources`'],
  credential_spec: ['ignore', 'Windows only'],
  depends_on: ['run', ''],
  deploy: ['run', '`resources`, `replicas` (as `scale`), `restart_policy`; `reservations.devices` as `gpus` (other devices: `policy.devices`); swarm keys ignored with a warning'],
  develop: ['ignore', 'only `docker compose watch` reads it'],
  device_cgroup_rules: ['policy', '`policy.devices`'],
  devices: ['policy', '`policy.devices`'],
  dns: ['run', ''],
  dns_opt: ['run', ''],
  dns_search: ['run', ''],
  domainname: ['run', ''],
  entrypoint: ['run', ''],
  env_file: ['run', 'read from the sandbox, relative to the project directory as in Compose; outside the sandbox (symlinks followed) only under `policy.bind_mounts_outside_sandbox`'],
  environment: ['run', 'a bare `KEY` from the task environment or `.env`, else unset'],
  expose: ['run', ''],
  extends: ['run', 'files from the sandbox'],
  external_links: ['policy', '`policy.external_containers`'],
  extra_hosts: ['run', ''],
  gpus: ['rewrite', "Docker DeviceRequests within the task's Mesos `gpus` resource: `count: all` is the task's GPUs; a pod asking for more is refused"],
  group_add: ['run', ''],
  healthcheck: ['run', ''],
  hostname: ['run', ''],
  image: ['run', '`policy.registries` may limit registries'],
  init: ['run', ''],
  ipc: ['run', '`host`: `policy.host_ipc`'],
  isolation: ['ignore', 'Windows only'],
  label_file: ['run', 'read from the sandbox; `labels` win over it; outside the sandbox only under `policy.bind_mounts_outside_sandbox`'],
  labels: ['run', 'the executor\'s labels win'],
  links: ['rewrite', 'a dependency, and the alias on the linked service'],
  logging: ['policy', 'drivers besides json-file and local: `policy.logging_drivers`'],
  mac_address: ['run', 'on the pod\'s own networks'],
  mem_limit: ['run', ''],
  mem_reservation: ['run', ''],
  mem_swappiness: ['run', ''],
  memswap_limit: ['run', ''],
  models: ['refuse', 'no model runner on an agent'],
  network_mode: ['run', '`host`: `policy.host_network`; `container:`: `policy.external_containers`'],
  networks: ['run', 'the pod\'s networks; aliases and endpoint options'],
  oom_kill_disable: ['policy', '`policy.host_resources`'],
  oom_score_adj: ['policy', 'below 0: `policy.host_resources`'],
  pid: ['run', '`host`: `policy.host_pid`'],
  pids_limit: ['run', ''],
  platform: ['run', 'passed to create, so Docker refuses an image of another platform as Compose does; an image held for another platform counts as missing'],
  ports: ['rewrite', 'host ports from the offer (see Ports)'],
  post_start: ['run', 'through exec after the start, before dependants start; a failing hook fails the task; `privileged: true`: `policy.privileged`'],
  pre_stop: ['run', 'through exec before the stop, within the kill grace (the stop gets what the hooks left of it); a failing hook is logged and the container stopped anyway; `privileged: true`: `policy.privileged`'],
  privileged: ['policy', '`policy.privileged`'],
  profiles: ['run', ''],
  provider: ['refuse', 'a plugin program run on the host, not a container; make the resource outside the pod'],
  pull_policy: ['run', '`always`, `never`, `missing`, `build`; `daily`, `weekly`, `every_<duration>` pull when the host\'s image was tagged longer ago (a plain pull: at every launch until the pod machine passes the period); `refresh` as compose-go reads it: `missing`, unless `pull_refresh_after` gives the period'],
  pull_refresh_after: ['run', 'with `pull_policy: refresh`: pull when the host\'s image was tagged longer ago than this duration, as compose-spec says (compose-go reads the key and leaves it unused)'],
  read_only: ['run', ''],
  restart: ['run', ''],
  runtime: ['policy', '`policy.runtimes`'],
  scale: ['rewrite', 'N containers `<service>-<n>`, each with offered ports, all answering to the service name'],
  secrets: ['run', '`file:` bound read-only at `/run/secrets/<name>` or `target` (its uid/gid/mode warned of, as Compose warns); `environment:` copied in before start; never logged'],
  security_opt: ['policy', 'unconfined ones: `policy.security_opt`'],
  shm_size: ['run', ''],
  stdin_open: ['run', ''],
  stop_grace_period: ['run', 'within the kill grace'],
  stop_signal: ['run', ''],
  storage_opt: ['run', ''],
  sysctls: ['policy', 'not namespaced ones: `policy.host_sysctls`'],
  tmpfs: ['run', ''],
  tty: ['run', ''],
  ulimits: ['run', ''],
  use_api_socket: ['policy', '`policy.docker_socket`: the Engine\'s socket bound at `/var/run/docker.sock`; registry logins are not copied in'],
  user: ['run', ''],
  userns_mode: ['policy', '`policy.host_namespaces`'],
  uts: ['policy', '`policy.host_namespaces`'],
  volumes: ['run', 'binds outside the sandbox: `policy.bind_mounts_outside_sandbox`; a leading `~` is the executor\'s HOME, as compose-go expands it'],
  volumes_from: ['run', 'a container outside the pod: `policy.bind_mounts_outside_sandbox`'],
  working_dir: ['run', ''],
};

/** The top-level keys and the document features around them. */
export const FILE_KEY_TABLE: Readonly<Record<string, Row>> = {
  version: ['ignore', 'obsolete'],
  name: ['rewrite', 'the project is named after the task; `${COMPOSE_PROJECT_NAME}` is it'],
  services: ['run', ''],
  networks: ['rewrite', '`<project>_<name>`; bridge names rewritten; a fixed subnet: `policy.fixed_subnets` (two pods would clash); IPAM drivers besides `default`: `policy.ipam_drivers`; drivers besides bridge: `policy.network_drivers`; `attachable` ignored; `external` and `external: {name}`: `policy.external_networks`'],
  volumes: ['rewrite', '`<project>_<name>`; drivers besides local: `policy.volume_drivers`; `external` and `external: {name}`: `policy.external_volumes`, used as they are'],
  include: ['run', 'compose files from the sandbox, their paths from their own directory or `project_directory`; remote includes refused; an included file is interpolated with its entry\'s `env_file`, else its project directory\'s `.env` (the including project\'s variables win), read under the sandbox rule of every host file'],
  configs: ['run', '`file`, `content`, `environment`; `external` and drivers refused as Compose refuses them'],
  secrets: ['run', '`file`, `environment`; `external` and drivers refused as Compose refuses them'],
  models: ['refuse', 'no model runner on an agent'],
  '`x-*`': ['run', 'extension fields, for anchors'],
  '`!reset`, `!override`': ['run', ''],
  'several YAML documents': ['run', 'each overrides the ones before'],
  '`.env`': ['run', 'beside the first file, `${VAR}` interpolated in it; the task environment wins'],
};

const row = (key: string, [treatment, note]: Row): string => `| ${key.startsWith('`') || key.includes(' ') ? key : `\`${key}\``} | ${shown[treatment]} | ${note} |`;

export const COMPOSE_TABLE_START = '<!-- compose-table:start -->';
export const COMPOSE_TABLE_END = '<!-- compose-table:end -->';

export function composeTable(): string {
  return [
    '| service key | on Mesos | how |',
    '|---|---|---|',
    ...Object.entries(SERVICE_KEY_TABLE).map(([key, r]) => row(key, r)),
    '',
    '| file | on Mesos | how |',
    '|---|---|---|',
    ...Object.entries(FILE_KEY_TABLE).map(([key, r]) => row(key, r)),
  ].join('\n');
}

/** The README with its compose table regenerated between the markers; unchanged when it has none. */
export function withComposeTable(readme: string): string {
  const start = readme.indexOf(COMPOSE_TABLE_START);
  const end = readme.indexOf(COMPOSE_TABLE_END);
  if (start < 0 || end < start) return readme;
  return `${readme.slice(0, start + COMPOSE_TABLE_START.length)}\n${composeTable()}\n${readme.slice(end)}`;
}
