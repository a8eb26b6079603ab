import * as t from 'io-ts';
import { deviceReservations, type DeviceRequest } from './deviceRequests.js';
import { ignoredDeployKeys, ignoredReservationKeys } from './composeKeys.js';
import { keyedMapping } from './keyedMapping.js';
import { settings, type RestartPolicy } from './serviceValues.js';
import { describeValue } from './composeError.js';
import { byteSize, count, decoder, duration, expected, flag, isMapping, list, namedMapping, oneOf, text } from './valueCodecs.js';

/**
 * The values of the keys that shape how a container runs: its limits,
 * namespaces, devices and logging.
 */

const scalar = (u: unknown): u is string | number => typeof u === 'string' || typeof u === 'number';

/** `extra_hosts` as Docker takes it: `host:ip`, from `host:ip`, `host=ip` or a mapping. */
export const extraHosts = decoder<string[]>('extra hosts', (u, c) => {
  const what = 'HOST:IP or HOST=IP';
  if (isMapping(u)) {
    const errors: t.Errors = [];
    const hosts = Object.entries(u).flatMap(([host, ip]) => {
      if (typeof ip === 'string') return [`${host}:${ip}`];
      // Compose takes several addresses for one name.
      if (Array.isArray(ip) && ip.every((each) => typeof each === 'string')) return ip.map((each: string) => `${host}:${each}`);
      errors.push({ value: ip, context: [...c, { key: host, type: text, actual: ip }], message: `expected an IP address, got ${describeValue(ip)}` });
      return [];
    });
    return errors.length > 0 ? t.failures(errors) : t.success(hosts);
  }
  if (!Array.isArray(u)) return expected('a list of HOST:IP or a mapping', u, c);
  return list(
    decoder<string>(what, (entry, ec) => {
      const match = typeof entry === 'string' ? /^([^:=\s]+)[:=](.+)$/.exec(entry) : null;
      return match === null ? expected(what, entry, ec) : t.success(`${match[1]}:${match[2]}`);
    }),
  ).validate(u, c);
});

export interface Ulimit {
  readonly soft: number;
  readonly hard: number;
}

const ulimitRange = keyedMapping('a ulimit', { soft: count, hard: count }, { required: { soft: 'missing: expected soft and hard', hard: 'missing: expected soft and hard' } });

export const ulimits = namedMapping(
  decoder<Ulimit>('a ulimit', (u, c) => {
    if (typeof u === 'number') return count.validate(u, c)._tag === 'Right' ? t.success({ soft: u, hard: u }) : expected('a whole number or soft and hard', u, c);
    if (!isMapping(u)) return expected('a whole number or a mapping with soft and hard', u, c);
    const range = ulimitRange.validate(u, c);
    if (range._tag === 'Left') return range;
    const { soft = 0, hard = 0 } = range.right;
    return soft <= hard ? t.success({ soft, hard }) : t.failure(u, c, `the soft limit ${soft} is above the hard limit ${hard}`);
  }),
  'a mapping of ulimits',
);

export interface Logging {
  readonly driver?: string;
  readonly options: Record<string, string>;
}

const loggingFields = keyedMapping('a logging mapping with driver and options', { driver: text, options: settings });
export const logging = decoder<Logging>('logging', (u, c) => {
  const fields = loggingFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  return t.success({ ...(fields.right.driver === undefined ? {} : { driver: fields.right.driver }), options: fields.right.options ?? {} });
});

/** Another service's namespace, joined by its container: `service:NAME`. */
export interface SharedNamespace {
  readonly service: string;
}

const sharedNamespace = (u: unknown): SharedNamespace | undefined =>
  typeof u === 'string' && u.startsWith('service:') && u.length > 'service:'.length ? { service: u.slice('service:'.length) } : undefined;

const notOutsideThePod = (u: unknown, c: t.Context, key: string): t.Validation<never> | undefined =>
  typeof u === 'string' && u.startsWith('container:') ? t.failure(u, c, `${u} is not supported: the ${key} namespace of a container outside the pod; share a service's with service:NAME`) : undefined;

/** `pid: host` or `pid: service:NAME`. */
export const pidMode = decoder<'host' | SharedNamespace>('a pid mode', (u, c) => {
  if (u === 'host') return t.success(u);
  const shared = sharedNamespace(u);
  return shared !== undefined ? t.success(shared) : (notOutsideThePod(u, c, 'pid') ?? expected('host or service:NAME', u, c));
});

export const ipcModes = ['host', 'private', 'shareable', 'none'] as const;
export type IpcMode = (typeof ipcModes)[number];
export const ipcMode = decoder<IpcMode | SharedNamespace>('an ipc mode', (u, c) => {
  if ((ipcModes as readonly unknown[]).includes(u)) return t.success(u as IpcMode);
  const shared = sharedNamespace(u);
  return shared !== undefined ? t.success(shared) : (notOutsideThePod(u, c, 'ipc') ?? expected('host, private, shareable, none or service:NAME', u, c));
});

/** An entry of `volumes_from`: another service's (`NAME`, `service:NAME`) or a container's (`container:NAME`) volumes. */
export interface VolumesFrom {
  readonly service?: string;
  readonly container?: string;
  readonly readOnly: boolean;
}

export const volumesFrom = list(
  decoder<VolumesFrom>('volumes_from', (u, c) => {
    const match = typeof u === 'string' ? /^(?:(service|container):)?([^:]+)(?::(ro|rw))?$/.exec(u) : null;
    if (match === null) return expected('a service like "db", "service:db:ro" or "container:name:ro"', u, c);
    const [, kind = 'service', name = '', mode] = match;
    return t.success({ ...(kind === 'container' ? { container: name } : { service: name }), readOnly: mode === 'ro' });
  }),
  'a list of services or containers',
);

export const pullPolicies = ['always', 'never', 'missing', 'if_not_present', 'refresh'] as const;
/**
 * `build`: always build the service's image (buildPlan.ts), never pull it.
 * `daily`, `weekly` and `every_<duration>`: pull when the image was last
 * tagged on the host longer ago than that, as Compose does.
 * `refresh`: the same, every `pull_refresh_after` (see `pullPolicyOf`).
 */
export type PullPolicy = 'always' | 'never' | 'missing' | 'build' | 'refresh' | { readonly refreshAfterMs: number };

/**
 * The policy a service's image is fetched by. `refresh` with
 * `pull_refresh_after` refreshes after that long, as compose-spec says; alone,
 * it is `missing`, as compose-go reads it (types.go GetPullPolicy). The two
 * keys may come from different files, so they meet here, after the merge.
 */
export function pullPolicyOf(service: { readonly pullPolicy?: PullPolicy; readonly pullRefreshAfterMs?: number }): Exclude<PullPolicy, 'refresh'> | undefined {
  if (service.pullPolicy !== 'refresh') return service.pullPolicy;
  return service.pullRefreshAfterMs === undefined ? 'missing' : { refreshAfterMs: service.pullRefreshAfterMs };
}

const periodUnitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The period of `every_<duration>`, in str2duration's syntax as compose-go reads it: Go's units and `d`, `w`. */
const refreshPeriodMs = (text: string): number | undefined => {
  if (!/^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w))+$/.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/g)) ms += Number(amount) * (periodUnitMs[unit ?? ''] ?? 0);
  return ms;
};

export const pullPolicy = decoder<PullPolicy>('a pull policy', (u, c) => {
  if (u === 'build') return t.success('build');
  if (u === 'daily') return t.success({ refreshAfterMs: periodUnitMs.d ?? 0 });
  if (u === 'weekly') return t.success({ refreshAfterMs: periodUnitMs.w ?? 0 });
  if (typeof u === 'string' && u.startsWith('every_')) {
    const ms = refreshPeriodMs(u.slice('every_'.length));
    return ms === undefined ? expected('every_ and a duration like every_12h or every_2d', u, c) : t.success({ refreshAfterMs: ms });
  }
  const policy = oneOf(pullPolicies).validate(u, c);
  return policy._tag === 'Left' ? policy : t.success(policy.right === 'if_not_present' ? 'missing' : policy.right);
});

/** Fractions of a CPU: `0.5`, `"1.5"`. */
export const cpus = decoder<number>('a number of CPUs', (u, c) => {
  const value = scalar(u) && String(u).trim() !== '' ? Number(u) : NaN;
  return Number.isFinite(value) && value >= 0 ? t.success(value) : expected('a number of CPUs like 0.5 or 2', u, c);
});

/** A memory limit, where `-1` means unlimited (memswap_limit). */
export const memorySize = decoder<number>('a size', (u, c) => (u === -1 ? t.success(-1) : byteSize.validate(u, c)));

export interface Resources {
  readonly cpus?: number;
  readonly memoryBytes?: number;
  readonly pids?: number;
  /** Reservations only: Docker DeviceRequests (GPUs, within the task's). */
  readonly devices?: DeviceRequest[];
}

const limitFields = keyedMapping('a mapping of limits', { cpus, memory: byteSize, pids: count });
const reservationFields = keyedMapping('a mapping of reservations', { cpus, memory: byteSize, devices: deviceReservations }, { ignored: ignoredReservationKeys });
const resources = (fields: t.Type<{ cpus?: number; memory?: number; pids?: number; devices?: DeviceRequest[] }, unknown, unknown>) =>
  decoder<Resources>('resources', (u, c) => {
    const decoded = fields.validate(u, c);
    if (decoded._tag === 'Left') return decoded;
    const { cpus: cpu, memory, pids, devices: requests } = decoded.right;
    return t.success({
      ...(cpu === undefined ? {} : { cpus: cpu }),
      ...(memory === undefined ? {} : { memoryBytes: memory }),
      ...(pids === undefined ? {} : { pids }),
      ...(requests === undefined ? {} : { devices: requests }),
    });
  });

export interface Deploy {
  readonly limits?: Resources;
  readonly reservations?: Resources;
  /** How many containers of the service, as `scale`. */
  readonly replicas?: number;
  /** `restart_policy`, mapped as Compose maps it; it wins over `restart`. */
  readonly restart?: RestartPolicy;
}

const resourceFields = keyedMapping('a mapping with limits and reservations', { limits: resources(limitFields), reservations: resources(reservationFields) });
const restartPolicyFields = keyedMapping('a restart_policy mapping', { condition: oneOf(['none', 'on-failure', 'any'] as const), max_attempts: count, delay: duration, window: duration });

// Placement and the rest belong to an orchestrator; on Mesos the framework decides them (ignored with a warning).
const deployFields = keyedMapping('a deploy mapping', { resources: resourceFields, replicas: count, restart_policy: restartPolicyFields }, { ignored: ignoredDeployKeys });
export const deploy = decoder<Deploy>('deploy', (u, c) => {
  const fields = deployFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  const { limits, reservations } = fields.right.resources ?? {};
  const policy = fields.right.restart_policy;
  // Compose's mapping: any is always, none is no; max_attempts counts retries.
  const condition = policy === undefined ? undefined : policy.condition === 'none' ? 'no' : policy.condition === 'on-failure' ? 'on-failure' : 'always';
  const restart: RestartPolicy | undefined =
    condition === undefined ? undefined : condition === 'on-failure' && policy?.max_attempts !== undefined ? { policy: condition, maxRetries: policy.max_attempts } : { policy: condition };
  return t.success({
    ...(limits === undefined ? {} : { limits }),
    ...(reservations === undefined ? {} : { reservations }),
    ...(fields.right.replicas === undefined ? {} : { replicas: fields.right.replicas }),
    ...(restart === undefined ? {} : { restart }),
  });
});

export interface Device {
  readonly host: string;
  readonly container: string;
  readonly permissions: string;
}

const longDevice = keyedMapping('a device mapping', { source: text, target: text, permissions: text }, { required: { source: 'missing: the host device is required' } });

/** The letters of a device cgroup rule; Compose passes others to Docker, which (20.10) takes them too. */
export const DEVICE_PERMISSIONS = /^[rwm]+$/;

/** `devices`: `/dev/x`, `/dev/x:/dev/y`, `/dev/x:/dev/y:rwm`, or `{source, target, permissions}`. */
export const devices = list(
  decoder<Device>('a device', (u, c) => {
    if (isMapping(u)) {
      const fields = longDevice.validate(u, c);
      if (fields._tag === 'Left') return fields;
      const { source = '', target = source, permissions = 'rwm' } = fields.right;
      const at = (key: string): t.Context => [...c, { key, type: t.unknown, actual: u[key] }];
      if (!source.startsWith('/')) return expected('an absolute device path like /dev/fuse', source, at('source'));
      if (!target.startsWith('/')) return expected('an absolute device path like /dev/fuse', target, at('target'));
      return permissions === '' ? expected('device permissions like rwm', permissions, at('permissions')) : t.success({ host: source, container: target, permissions });
    }
    const [host = '', container = host, permissions = 'rwm', ...extra] = typeof u === 'string' ? u.split(':') : [];
    if (extra.length > 0 || !host.startsWith('/') || !container.startsWith('/')) return expected('a device like /dev/fuse or /dev/sda:/dev/xvda:rwm', u, c);
    return permissions === '' ? t.failure(u, c, `expected device permissions like rwm after the second colon, got nothing`) : t.success({ host, container, permissions });
  }),
  'a list of devices',
);

/** A device whose permissions are not r, w and m: Compose hands it to Docker as it is, and so does the plan, saying so. */
export const devicePermissionWarnings = (services: Readonly<Record<string, { readonly devices?: readonly Device[] }>>): string[] =>
  Object.entries(services).flatMap(([name, service]) =>
    (service.devices ?? []).flatMap((device, index) =>
      DEVICE_PERMISSIONS.test(device.permissions) ? [] : [`services.${name}.devices[${index}]: permissions ${JSON.stringify(device.permissions)} are not r, w and m: passed to Docker as Compose passes them, which decides what they allow`],
    ),
  );

export interface EnvFileRef {
  readonly path: string;
  readonly required: boolean;
  /** `raw`: each line's value as written, no quotes or variables read. */
  readonly raw?: boolean;
}

const envFileFields = keyedMapping('an env file', { path: text, required: flag, format: oneOf(['raw'] as const) }, { required: { path: 'missing: the file path is required' } });
const envFileRef = decoder<EnvFileRef>('an env file', (u, c) => {
  if (typeof u === 'string') return t.success({ path: u, required: true });
  const fields = envFileFields.validate(u, c);
  return fields._tag === 'Left' ? fields : t.success({ path: fields.right.path ?? '', required: fields.right.required ?? true, ...(fields.right.format === 'raw' ? { raw: true } : {}) });
});

/** `env_file`: a path, or a list of paths and `{path, required}` mappings. */
export const envFiles = decoder<EnvFileRef[]>('env_file', (u, c) =>
  typeof u === 'string' ? t.success([{ path: u, required: true }]) : Array.isArray(u) ? list(envFileRef).validate(u, c) : expected('a path or a list of paths', u, c),
);

const profileName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const profiles = list(
  decoder<string>('a profile', (u, c) => (typeof u === 'string' && profileName.test(u) ? t.success(u) : expected(`a profile name of letters, digits, '.', '_' or '-'`, u, c))),
  'a list of profiles',
);
