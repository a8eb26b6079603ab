import * as t from 'io-ts';
import { keyedMapping } from './keyedMapping.js';
import { splitShellWords } from './shellWords.js';
import { count, decoder, duration, expected, flag, isMapping, list, namedMapping, oneOf, text } from './valueCodecs.js';
import { setOwn } from './ownRecord.js';
import { describeValue } from './composeError.js';

export type Environment = Record<string, string | null>;
export type Labels = Record<string, string>;

export const dependencyConditions = ['service_started', 'service_healthy', 'service_completed_successfully'] as const;
export type DependencyCondition = (typeof dependencyConditions)[number];
export interface Dependency {
  readonly condition: DependencyCondition;
  readonly required: boolean;
  readonly restart: boolean;
}

export type NetworkMode =
  | { kind: 'bridge' }
  | { kind: 'host' }
  | { kind: 'none' }
  | { kind: 'service'; service: string }
  | { kind: 'container'; container: string };

export const restartPolicies = ['no', 'always', 'unless-stopped', 'on-failure'] as const;
export interface RestartPolicy {
  readonly policy: (typeof restartPolicies)[number];
  readonly maxRetries?: number;
}

export interface Healthcheck {
  /** Docker's form: `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`. */
  readonly test?: string[];
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly startPeriodMs?: number;
  readonly startIntervalMs?: number;
  readonly retries?: number;
  readonly disable?: boolean;
}

const scalar = (u: unknown): u is string | number | boolean => typeof u === 'string' || typeof u === 'number' || typeof u === 'boolean';

/** `command` and `entrypoint`: a list, or a string split like a shell would. */
export const commandLine = decoder<string[]>('a command', (u, c) => {
  if (typeof u === 'string') {
    const words = splitShellWords(u);
    return words._tag === 'Right' ? t.success(words.right) : t.failure(u, c, `the command ${JSON.stringify(u)} ${words.left}`);
  }
  return Array.isArray(u) ? list(text).validate(u, c) : expected('a string or a list of strings', u, c);
});

/** `K=V` lists and mappings both; the value of a bare `K` is left to the caller. */
const keyValues = <V>(what: string, bare: V, mapValue: (u: string | number | boolean | null) => V) =>
  decoder<Record<string, V>>(what, (u, c) => {
    const pairs: Record<string, V> = {};
    if (Array.isArray(u)) {
      const errors: t.Errors = [];
      u.forEach((entry, i) => {
        const at: t.Context = [...c, { key: String(i), type: text, actual: entry }];
        if (typeof entry !== 'string' || entry.startsWith('=') || entry === '') {
          errors.push({ value: entry, context: at, message: `expected KEY=VALUE or KEY, got ${describeValue(entry)}` });
          return;
        }
        const eq = entry.indexOf('=');
        if (eq < 0) setOwn(pairs, entry, bare);
        else setOwn(pairs, entry.slice(0, eq), mapValue(entry.slice(eq + 1)));
      });
      return errors.length > 0 ? t.failures(errors) : t.success(pairs);
    }
    if (!isMapping(u)) return expected(`a list of KEY=VALUE or a mapping`, u, c);
    const errors: t.Errors = [];
    for (const [key, value] of Object.entries(u)) {
      if (value === null || scalar(value)) setOwn(pairs, key, mapValue(value));
      else errors.push({ value, context: [...c, { key, type: text, actual: value }], message: `expected a string, number, true/false or nothing, got ${Array.isArray(value) ? 'a list' : 'a mapping'}` });
    }
    return errors.length > 0 ? t.failures(errors) : t.success(pairs);
  });

/** A bare `K` (or `K:` with no value) takes its value from the task's environment. */
export const environment = keyValues<string | null>('an environment', null, (v) => (v === null ? null : String(v)));

export const labels = keyValues<string>('labels', '', (v) => (v === null ? '' : String(v)));

/** `sysctls` and the like: `K=V` lists or mappings of plain values. */
export const settings = keyValues<string>('settings', '', (v) => (v === null ? '' : String(v)));

const longDependency = keyedMapping('a dependency', {
  condition: oneOf(dependencyConditions),
  required: flag,
  restart: flag,
});

/** `depends_on`: a list of service names, or the long form keyed by service. */
export const dependsOn = decoder<Record<string, Dependency>>('depends_on', (u, c) => {
  const simple: Dependency = { condition: 'service_started', required: true, restart: false };
  if (Array.isArray(u)) {
    const names = list(text).validate(u, c);
    if (names._tag === 'Left') return names;
    const duplicate = names.right.findIndex((name, i) => names.right.indexOf(name) !== i);
    if (duplicate >= 0) return t.failure(u, [...c, { key: String(duplicate), type: text, actual: names.right[duplicate] }], `${JSON.stringify(names.right[duplicate])} is listed twice`);
    return t.success(Object.fromEntries(names.right.map((name) => [name, simple])));
  }
  if (!isMapping(u)) return expected('a list of services or a mapping', u, c);
  const long = namedMapping(decoder('a dependency', (v, vc) => (v === null ? t.success({}) : longDependency.validate(v, vc))), 'depends_on').validate(u, c);
  if (long._tag === 'Left') return long;
  return t.success(Object.fromEntries(Object.entries(long.right).map(([name, d]) => [name, { ...simple, ...d }])));
});

export const networkMode = decoder<NetworkMode>('a network mode', (u, c) => {
  if (u === 'bridge' || u === 'host' || u === 'none') return t.success({ kind: u });
  if (typeof u === 'string' && u.startsWith('service:') && u.length > 'service:'.length) return t.success({ kind: 'service', service: u.slice('service:'.length) });
  if (typeof u === 'string' && u.startsWith('container:') && u.length > 'container:'.length) return t.success({ kind: 'container', container: u.slice('container:'.length) });
  return expected('bridge, host, none, service:NAME or container:NAME', u, c);
});

export const restart = decoder<RestartPolicy>('a restart policy', (u, c) => {
  const what = 'no, always, unless-stopped, on-failure or on-failure:N';
  if (typeof u !== 'string') return expected(what, u, c);
  const retries = /^on-failure:(\d+)$/.exec(u);
  if (retries !== null) return t.success({ policy: 'on-failure', maxRetries: Number(retries[1]) });
  return (restartPolicies as readonly string[]).includes(u) ? t.success({ policy: u as RestartPolicy['policy'] }) : expected(what, u, c);
});

const healthTest = decoder<string[]>('a health test', (u, c) => {
  if (typeof u === 'string') return t.success(['CMD-SHELL', u]);
  const words = list(text).validate(u, c);
  if (words._tag === 'Left') return expected('a string or a list starting with CMD, CMD-SHELL or NONE', u, c);
  const [first] = words.right;
  return first === 'CMD' || first === 'CMD-SHELL' || first === 'NONE' ? words : expected('a list starting with CMD, CMD-SHELL or NONE', u, c);
});

const healthcheckFields = keyedMapping('a healthcheck', {
  test: healthTest,
  interval: duration,
  timeout: duration,
  start_period: duration,
  start_interval: duration,
  retries: count,
  disable: flag,
});

export const healthcheck = decoder<Healthcheck>('a healthcheck', (u, c) => {
  const fields = healthcheckFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  const { test, interval, timeout, start_period, start_interval, retries, disable } = fields.right;
  const defined = Object.entries({ test, intervalMs: interval, timeoutMs: timeout, startPeriodMs: start_period, startIntervalMs: start_interval, retries, disable });
  return t.success(Object.fromEntries(defined.filter(([, v]) => v !== undefined)) as Healthcheck);
});

/** `extends`: the service this one builds on, in this file or in `file`, relative to this file. */
export interface ExtendsRef {
  readonly service: string;
  readonly file?: string;
}

const extendsFields = keyedMapping('an extends mapping', { service: text, file: text }, { required: { service: 'missing: the service to extend is required' } });

export const extendsRef = decoder<ExtendsRef>('extends', (u, c) => {
  if (typeof u === 'string') return u === '' ? expected('a service name', u, c) : t.success({ service: u });
  const fields = extendsFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  const { service = '', file } = fields.right;
  return t.success(file === undefined ? { service } : { service, file });
});
