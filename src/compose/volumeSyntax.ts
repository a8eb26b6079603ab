import * as t from 'io-ts';
import { ignoredVolumeKeys } from './composeKeys.js';
import { externalFlag } from './networkSyntax.js';
import { keyedMapping } from './keyedMapping.js';
import { setOwn } from './ownRecord.js';
import { labels, settings } from './serviceValues.js';
import { byteSize, count, decoder, expected, flag, isMapping, oneOf, text } from './valueCodecs.js';
import { describeValue } from './composeError.js';

export const propagations = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'] as const;
export type Propagation = (typeof propagations)[number];

/** One entry of a service's `volumes`, short or long syntax, in one shape. */
export type VolumeSpec =
  /** A named volume of the pod, or an anonymous one when `source` is absent. */
  | { readonly type: 'volume'; readonly source?: string; readonly target: string; readonly readOnly: boolean; readonly noCopy?: boolean; readonly subpath?: string }
  /** A host path, as written: relative paths are resolved against the sandbox by the plan. */
  | { readonly type: 'bind'; readonly source: string; readonly target: string; readonly readOnly: boolean; readonly propagation?: Propagation; readonly selinux?: 'z' | 'Z'; readonly createHostPath?: boolean }
  | { readonly type: 'tmpfs'; readonly target: string; readonly sizeBytes?: number; readonly mode?: number };

const volumeName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const shortSyntax = 'a volume like "/data", "data:/data", "./conf:/etc/conf:ro"';

const isHostPath = (source: string): boolean => source.startsWith('/') || source.startsWith('.') || source.startsWith('~');

/** `C:\data`, `\\.\pipe\x`: Compose takes them for Windows containers, which a Mesos agent does not run. */
const windowsPath = /^(?:[a-zA-Z]:[\\/]|\\\\)/;

const containerPath = (target: string, u: unknown, c: t.Context): t.Validation<string> =>
  target.startsWith('/')
    ? t.success(target)
    : t.failure(u, c, `expected an absolute path inside the container, got ${describeValue(target)}${windowsPath.test(target) ? ', a Windows path: the executor runs Linux containers' : ''}`);

const volumeType = decoder<'volume' | 'bind' | 'tmpfs'>('a volume type', (u, c) =>
  u === 'npipe' ? t.failure(u, c, 'a Windows named pipe: the executor runs Linux containers, which have none') : oneOf(['volume', 'bind', 'tmpfs'] as const).validate(u, c));

const decodeShort = (raw: string, c: t.Context): t.Validation<VolumeSpec> => {
  const [first = '', second, modes, ...extra] = raw.split(':');
  if (extra.length > 0 || first === '') return expected(shortSyntax, raw, c);
  if (second === undefined) {
    const target = containerPath(first, raw, c);
    return target._tag === 'Left' ? target : t.success({ type: 'volume', target: target.right, readOnly: false });
  }
  const target = containerPath(second, raw, c);
  if (target._tag === 'Left') return target;
  const flags = modes === undefined ? [] : modes.split(',');
  const bind = isHostPath(first);
  const allowed = bind ? ['ro', 'rw', 'z', 'Z', ...propagations] : ['ro', 'rw', 'nocopy'];
  const unknown = flags.find((mode) => !allowed.includes(mode));
  if (unknown !== undefined) return t.failure(raw, c, `expected volume options among ${allowed.join(', ')}, got ${describeValue(unknown)}`);
  const readOnly = flags.includes('ro');
  if (!bind) {
    if (!volumeName.test(first)) return expected(`a volume name of letters, digits, '.', '_' or '-'`, first, c);
    return t.success({ type: 'volume', source: first, target: target.right, readOnly, ...(flags.includes('nocopy') ? { noCopy: true } : {}) });
  }
  // `~` is expanded with the file's other host paths (projectPaths.ts), as compose-go expands it.
  const propagation = flags.find((mode): mode is Propagation => (propagations as readonly string[]).includes(mode));
  const selinux = flags.find((mode): mode is 'z' | 'Z' => mode === 'z' || mode === 'Z');
  // Short syntax creates a missing host directory, as `docker run -v` and Compose do.
  return t.success({ type: 'bind', source: first, target: target.right, readOnly, ...(propagation ? { propagation } : {}), ...(selinux ? { selinux } : {}), createHostPath: true });
};

const notYet = 'not supported yet';
const longSyntax = keyedMapping(
  'a volume mapping',
  {
    type: volumeType,
    source: text,
    target: text,
    read_only: flag,
    bind: keyedMapping('a mapping of bind options', { propagation: oneOf(propagations), create_host_path: flag, selinux: oneOf(['z', 'Z'] as const) }),
    volume: keyedMapping('a mapping of volume options', { nocopy: flag, subpath: text }),
    tmpfs: keyedMapping('a mapping of tmpfs options', { size: byteSize, mode: count }),
  },
  {
    unsupported: { image: notYet },
    ignored: ignoredVolumeKeys,
    required: { type: 'missing: expected volume, bind or tmpfs', target: 'missing: the path inside the container is required' },
  },
);

const decodeLong = (u: Record<string, unknown>, c: t.Context): t.Validation<VolumeSpec> => {
  const long = longSyntax.validate(u, c);
  if (long._tag === 'Left') return long;
  const { type, source, target: rawTarget = '', read_only: readOnly = false, bind, volume, tmpfs } = long.right;
  const at = (key: string): t.Context => [...c, { key, type: t.unknown, actual: u[key] }];
  const target = containerPath(rawTarget, rawTarget, at('target'));
  if (target._tag === 'Left') return target;
  const misplaced = (['bind', 'volume', 'tmpfs'] as const).find((key) => key !== type && long.right[key] !== undefined);
  if (misplaced !== undefined) return t.failure(u[misplaced], at(misplaced), `only for type ${misplaced}, this volume is of type ${type}`);
  switch (type) {
    case 'tmpfs':
      if (source !== undefined) return t.failure(source, at('source'), 'a tmpfs has no source');
      return t.success({ type, target: target.right, ...(tmpfs?.size === undefined ? {} : { sizeBytes: tmpfs.size }), ...(tmpfs?.mode === undefined ? {} : { mode: tmpfs.mode }) });
    case 'bind': {
      if (source === undefined) return t.failure(undefined, at('source'), 'missing: a bind mount needs the host path');
      return t.success({
        type,
        source,
        target: target.right,
        readOnly,
        ...(bind?.propagation ? { propagation: bind.propagation } : {}),
        ...(bind?.selinux ? { selinux: bind.selinux } : {}),
        ...(bind?.create_host_path === undefined ? {} : { createHostPath: bind.create_host_path }),
      });
    }
    default:
      if (source !== undefined && !volumeName.test(source)) return expected(`a volume name of letters, digits, '.', '_' or '-'`, source, at('source'));
      return t.success({ type: 'volume', ...(source === undefined ? {} : { source }), target: target.right, readOnly, ...(volume?.nocopy ? { noCopy: true } : {}), ...(volume?.subpath ? { subpath: volume.subpath } : {}) });
  }
};

/** An entry of `volumes`: `"/data"`, `"cache:/var/cache:ro"`, `"./conf:/etc/app"`, or the long mapping. */
export const volumeSpec = decoder<VolumeSpec>('a volume', (u, c) => {
  if (typeof u === 'string') return decodeShort(u, c);
  return isMapping(u) ? decodeLong(u, c) : expected(`${shortSyntax}, or a mapping with type and target`, u, c);
});

/** The service key `tmpfs`: paths, each with optional mount options after a colon. */
export const tmpfsMounts = decoder<Record<string, string>>('tmpfs', (u, c) => {
  const entries = typeof u === 'string' ? [u] : Array.isArray(u) ? u : undefined;
  if (entries === undefined) return expected('a path or a list of paths', u, c);
  const mounts: Record<string, string> = {};
  const errors: t.Errors = [];
  entries.forEach((entry, i) => {
    const at: t.Context = typeof u === 'string' ? c : [...c, { key: String(i), type: text, actual: entry }];
    if (typeof entry !== 'string' || !entry.startsWith('/')) {
      errors.push({ value: entry, context: at, message: `expected an absolute path like /run or /run:size=64m, got ${describeValue(entry)}` });
      return;
    }
    const colon = entry.indexOf(':');
    setOwn(mounts, colon < 0 ? entry : entry.slice(0, colon), colon < 0 ? '' : entry.slice(colon + 1));
  });
  return errors.length > 0 ? t.failures(errors) : t.success(mounts);
});

/** A top-level `volumes` entry: a volume the pod owns, or an `external` one that exists already. */
export interface VolumeDefinition {
  readonly external: boolean;
  /** The Docker name of an external volume, when it differs from the key; of a pod volume, the name within the project. */
  readonly name?: string;
  readonly driver?: string;
  readonly driverOptions: Record<string, string>;
  readonly labels: Record<string, string>;
}

const volumeDefinitionFields = keyedMapping('a volume definition', { external: externalFlag, name: text, driver: text, driver_opts: settings, labels });

export const volumeDefinition = decoder<VolumeDefinition>('a volume definition', (u, c) => {
  if (u === null) return t.success({ external: false, driverOptions: {}, labels: {} });
  const fields = volumeDefinitionFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  const { external: rawExternal = false, driver, driver_opts: driverOptions = {}, labels: own = {} } = fields.right;
  const external = rawExternal !== false;
  const name = typeof rawExternal === 'object' ? rawExternal.name : fields.right.name;
  const at = (key: string): t.Context => [...c, { key, type: t.unknown, actual: undefined }];
  if (external && (driver !== undefined || Object.keys(driverOptions).length > 0)) return t.failure(driver, at(driver !== undefined ? 'driver' : 'driver_opts'), 'an external volume exists already; its driver cannot be set here');
  return t.success({ external, ...(name === undefined ? {} : { name }), ...(driver === undefined ? {} : { driver }), driverOptions, labels: own });
});
