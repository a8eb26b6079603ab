import * as t from 'io-ts';
import { keyedMapping } from './keyedMapping.js';
import { labels, settings, type Labels } from './serviceValues.js';
import { decoder, expected, isMapping, list, text } from './valueCodecs.js';

/**
 * The top-level `secrets` and `configs` of a compose file, and a service's
 * references to them, as Docker Compose v2 reads them (compose-go's
 * FileObjectConfig and FileReferenceConfig).
 */

export interface FileObject {
  readonly file?: string;
  /** The variable whose value becomes the file's content. */
  readonly environment?: string;
  /** Inline content (configs only); for an `environment` object, its value once read from the task's environment. */
  readonly content?: string;
  readonly external?: boolean;
  readonly name?: string;
  readonly labels?: Labels;
  /** Swarm drivers: Docker Compose refuses them, so do we. */
  readonly driver?: string;
  readonly templateDriver?: string;
}

export interface FileReference {
  /** The key of a top-level secret or config. */
  readonly source: string;
  readonly target?: string;
  readonly uid?: string;
  readonly gid?: string;
  /** Permission bits, e.g. 0o440. */
  readonly mode?: number;
}

/** `external: true`, or the legacy `external: {name}`. */
const external = decoder<{ external: boolean; name?: string }>('external', (u, c) => {
  if (typeof u === 'boolean') return t.success({ external: u });
  if (isMapping(u) && Object.keys(u).every((key) => key === 'name') && (u.name === undefined || typeof u.name === 'string')) {
    return t.success({ external: true, ...(typeof u.name === 'string' ? { name: u.name } : {}) });
  }
  return expected('true, false or {name: ...}', u, c);
});

const definition = (what: string, fields: Record<string, t.Type<any, any, unknown>>) =>
  decoder<FileObject>(what, (u, c) => {
    const decoded = keyedMapping(what, fields).validate(u, c);
    if (decoded._tag === 'Left') return decoded;
    const d = decoded.right as Record<string, any>;
    const object: Record<string, unknown> = {
      file: d.file,
      environment: d.environment,
      content: d.content,
      external: d.external?.external,
      name: d.name ?? d.external?.name,
      labels: d.labels,
      driver: d.driver,
      templateDriver: d.template_driver,
    };
    return t.success(Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as FileObject);
  });

export const secretDefinition = definition('a secret', {
  name: text,
  file: text,
  environment: text,
  external,
  labels,
  driver: text,
  driver_opts: settings,
  template_driver: text,
});

export const configDefinition = definition('a config', {
  name: text,
  file: text,
  environment: text,
  content: text,
  external,
  labels,
  template_driver: text,
});

/**
 * A file mode. Compose reads YAML 1.1, where `0440` is octal: the loader
 * hands such a number over already converted. A string is read as octal
 * too (`"0440"`, `"0o440"`), so no spelling is taken as decimal by mistake.
 */
export const fileMode = decoder<number>('a file mode', (u, c) => {
  const octal = typeof u === 'string' ? /^(?:0o?)?([0-7]{1,4})$/i.exec(u.trim()) : null;
  const mode = typeof u === 'number' ? u : octal !== null ? parseInt(octal[1] as string, 8) : NaN;
  return Number.isInteger(mode) && mode >= 0 && mode <= 0o7777 ? t.success(mode) : expected('a file mode like 0440', u, c);
});

/** Compose's schema takes uid and gid as strings; a number is taken as its digits. */
const numericId = decoder<string>('a numeric id', (u, c) => {
  const value = typeof u === 'number' ? String(u) : u;
  return typeof value === 'string' && /^\d+$/.test(value) ? t.success(value) : expected('a numeric user or group id', u, c);
});

const longReference = keyedMapping('a reference', { source: text, target: text, uid: numericId, gid: numericId, mode: fileMode }, { required: { source: 'missing: the secret or config to use' } });

const reference = decoder<FileReference>('a reference', (u, c) => {
  if (typeof u === 'string') return u === '' ? expected('a name', u, c) : t.success({ source: u });
  const decoded = longReference.validate(u, c);
  if (decoded._tag === 'Left') return decoded;
  return t.success(Object.fromEntries(Object.entries(decoded.right).filter(([, value]) => value !== undefined)) as unknown as FileReference);
});

/** A service's `secrets` or `configs`: names, or `{source, target, uid, gid, mode}`. */
export const fileReferences = (what: string) => list(reference, `a list of ${what}`);

/** compose-spec merge: a later file's reference to the same source replaces the earlier one. */
export const byReferenceSource = (base: FileReference[] | undefined, over: FileReference[] | undefined): FileReference[] | undefined => {
  if (base === undefined || over === undefined) return base ?? over;
  const sources = new Set(over.map((reference) => reference.source));
  return [...base.filter((reference) => !sources.has(reference.source)), ...over];
};
