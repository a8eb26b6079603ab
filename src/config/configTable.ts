import * as t from 'io-ts';
import { ConfigFile, DEFAULT_CONFIG, type ExecutorConfig } from './executorConfig.js';
import { OPERATOR_KEYS, TASK_KEYS } from './taskConfig.js';

/**
 * The README's configuration table, generated from the config codec and
 * DEFAULT_CONFIG so that a documented default cannot drift from the real one
 * (`npx tsx scripts/config-table.ts` rewrites it; a spec fails when stale).
 */

export const TABLE_START = '<!-- config-table:start -->';
export const TABLE_END = '<!-- config-table:end -->';

export type ConfigKey = keyof typeof ConfigFile.type.props;

interface KeyDoc {
  /** What a value looks like, where the codec's own name says too little (a duration is a string to io-ts). */
  type?: string;
  /** The default as written in the file; absent: nothing (the key is off). */
  default: (config: ExecutorConfig) => string | undefined;
  /** The default in words, where it is too long for a cell. */
  defaultInWords?: string;
  meaning: string;
}

const duration = (ms: number): string => {
  if (ms === 0) return '0secs';
  for (const [unit, size] of [['hrs', 3_600_000], ['mins', 60_000], ['secs', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
};

/** Every key of the file, in the order the table lists them; the spec checks it names each key of the codec. */
export const CONFIG_KEYS: Record<ConfigKey, KeyDoc> = {
  kill_grace_period: { type: 'duration', default: (c) => duration(c.defaultKillGraceMs), meaning: 'kill grace when neither the KILL nor the TaskInfo gives one' },
  launch_timeout: { type: 'duration', default: (c) => duration(c.launchTimeoutMs), meaning: 'pull, create, start and become healthy within this, or the task fails' },
  unhealthy: { default: (c) => c.unhealthy.policy, meaning: '`fail`: a service unhealthy for `unhealthy_grace` fails the pod; `report`: only Mesos is told' },
  unhealthy_grace: { type: 'duration', default: (c) => duration(c.unhealthy.graceMs), meaning: 'see `unhealthy`' },
  cleanup: {
    type: 'mapping',
    default: (c) => `killed: ${c.cleanup.killed}, failed: ${c.cleanup.failed}, finished: ${c.cleanup.finished}, kept_for: ${duration(c.cleanup.keptForMs)}`,
    meaning: 'per ending (`killed`, `failed`, `finished`), `remove` or `keep` the stopped containers, and `kept_for` how long',
  },
  exact_host_ports: {
    type: '`true` \\| `false`',
    default: (c) => String(c.exactHostPorts),
    meaning: 'a fixed host port (`"80:80"`) the offer lacks fails the task; `false`: it takes the next offered port, reported in `ports.json`, `PORT_*` and the status labels',
  },
  acknowledgement_wait: { type: 'duration', default: (c) => duration(c.acknowledgementWaitMs), meaning: 'how long to wait for the last acknowledgements before exiting anyway' },
  reconcile_interval: { type: 'duration', default: (c) => duration(c.reconcileIntervalMs), meaning: "how often the pod's containers are inspected, to catch what Docker's events missed" },
  docker_timeout: {
    type: 'duration',
    default: (c) => duration(c.dockerTimeoutMs),
    meaning: 'a Docker call unanswered for this long fails (during a kill the executor then ends the pod\'s processes itself)',
  },
  event_log: { default: (c) => c.eventLog, meaning: 'the event log, relative to the sandbox' },
  executor_log: { default: (c) => c.executorLog, meaning: "the executor's own JSON log, relative to the sandbox" },
  container_log_max_bytes: { default: (c) => String(c.containerLogMaxBytes), meaning: 'each `logs/<service>.stdout`/`.stderr` rotates at this size' },
  container_log_files: { default: (c) => String(c.containerLogFiles), meaning: 'rotated files kept of each' },
  encoding: { default: (c) => c.encoding, meaning: 'how calls and events are encoded on the wire to the agent' },
  max_record_bytes: { default: (c) => String(c.maxRecordBytes), meaning: 'largest RecordIO record accepted from the agent' },
  policy: { type: 'mapping', default: () => undefined, defaultInWords: 'host access denied, see below', meaning: 'what pods may do on the agent; host access is denied unless allowed' },
  infra_container: { type: '`{image, command?}`', default: () => undefined, meaning: "a container holding the pod's network namespace" },
  registry_auth: { type: 'mapping', default: () => undefined, meaning: 'registry host to `{username, password}` or `{auth}`; never logged' },
  plugins: { default: (c) => (c.plugins.length > 0 ? c.plugins.join(', ') : undefined), meaning: 'modules loaded at start: paths (relative to this file) or package names' },
};

/** The codec's own words for a key's type: `json` \| `protobuf` for a keyof, `number`, a list. */
function codecType(codec: t.Mixed): string {
  const keys = (codec as unknown as { keys?: Record<string, unknown> }).keys;
  if (codec instanceof t.KeyofType && keys) return Object.keys(keys).map((key) => `\`${key}\``).join(' \\| ');
  if (codec.name === 'number') return 'whole number';
  if (codec.name === 'Array<string>') return 'list of text';
  return 'text';
}

export function configTable(defaults: ExecutorConfig = DEFAULT_CONFIG): string {
  const rows = (Object.entries(CONFIG_KEYS) as Array<[ConfigKey, KeyDoc]>).map(([key, doc]) => {
    const fallback = doc.default(defaults);
    const perTask = (TASK_KEYS as readonly string[]).includes(key) ? 'yes' : 'no';
    const shown = doc.defaultInWords ?? (fallback === undefined ? 'off' : `\`${fallback}\``);
    return `| \`${key}\` | ${doc.type ?? codecType(ConfigFile.type.props[key] as t.Mixed)} | ${shown} | ${perTask} | ${doc.meaning} |`;
  });
  return ['| key | type | default | task label | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The README with the table between its markers replaced; null when the markers are missing. */
export function withConfigTable(readme: string, table = configTable()): string | null {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) return null;
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** Keys neither a task may set nor refused with a reason: the spec keeps this empty. */
export function unclassifiedKeys(): string[] {
  return Object.keys(ConfigFile.type.props).filter((key) => !(TASK_KEYS as readonly string[]).includes(key) && !Object.hasOwn(OPERATOR_KEYS, key));
}
