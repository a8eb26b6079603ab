import * as E from 'fp-ts/lib/Either.js';
import { LineCounter, parseDocument, type ScalarTag, type Tags, type YAMLError } from 'yaml';
import { composeError, type ComposeError } from './composeError.js';
import { ignoredKeyWarnings } from './ignoredKeys.js';
import { interpolateDocument } from './interpolate.js';
import { mergeComposeFiles } from './merge.js';
import { decodeComposeFile, type ComposeFileModel, type ComposeModel, type ServiceModel } from './model.js';
import { setOwn } from './ownRecord.js';
import { extendedFilePaths, resolveExtends, type ExtendedFile } from './serviceExtends.js';

export interface ComposeSource {
  /** As the user named it; every error message starts with it. */
  readonly name: string;
  readonly text: string;
}

/** Enough for real anchors, far too few for a "billion laughs" document. */
const maxAliasCount = 100;

const syntaxError = (file: string, lines: LineCounter, error: YAMLError): ComposeError => {
  const { line, col } = lines.linePos(error.pos[0]);
  return composeError(file, '', `YAML syntax error at line ${line}, column ${col}: ${error.message}`);
};

/**
 * Numbers as Compose (go-yaml v3) reads them: the yaml-1.1 schema's integers
 * (`0755` octal, `0x10`, `0b1`, `1_000`) and floats, with 1.2's `0o17` too;
 * but booleans only `true`/`false` (`yes` stays a string) and no sexagesimal
 * numbers or timestamps (`80:80` and `2024-01-01` stay strings).
 */
const composeTags = (tags: Tags): Tags => [
  ...tags
    .filter((tag) => typeof tag === 'string' || (tag.tag !== 'tag:yaml.org,2002:bool' && tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME'))
    // The schema's float takes a lone `.` (a bind source) for NaN; a float needs a digit.
    .map((tag) => (typeof tag !== 'string' && !('collection' in tag && tag.collection !== undefined) && tag.tag === 'tag:yaml.org,2002:float' && tag.test?.test('.') === true ? { ...(tag as ScalarTag), test: /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/ } : tag)),
  'bool',
  'intOct',
];

/** YAML as Compose reads it (see composeTags), with `<<` merge keys, duplicate keys refused, aliases bounded. */
export const parseComposeYaml = (file: string, text: string): E.Either<ComposeError[], unknown> => {
  const lines = new LineCounter();
  const document = parseDocument(text, { schema: 'yaml-1.1', customTags: composeTags, merge: true, uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) return E.left(problems.map((error) => syntaxError(file, lines, error)));
  try {
    const value: unknown = document.toJS({ maxAliasCount });
    return value === null || value === undefined ? E.left([composeError(file, '', 'the file is empty: expected a mapping with services')]) : E.right(value);
  } catch (error) {
    // yaml throws here for unresolved aliases and alias bombs, which are the user's mistakes.
    return E.left([composeError(file, '', `YAML error: ${error instanceof Error ? error.message : String(error)}`)]);
  }
};

/** A file that `extends.file` names, as the edge found it: its text, or why there is none. */
export type ExtendedSource = { readonly text: string } | { readonly missing: string };

const readDocument = (source: ComposeSource, env: Readonly<Record<string, string>>): E.Either<ComposeError[], unknown> =>
  E.chain((document: unknown) => interpolateDocument(source.name, document, env))(parseComposeYaml(source.name, source.text));

const readFile = (source: ComposeSource, env: Readonly<Record<string, string>>): E.Either<ComposeError[], ComposeFileModel> =>
  E.chain((document: unknown) => {
    const decoded = decodeComposeFile(source.name, document);
    const warnings = ignoredKeyWarnings(document);
    return decoded._tag === 'Left' || warnings.length === 0 ? decoded : E.right({ ...decoded.right, warnings });
  })(readDocument(source, env));

/** The files one compose file extends from, relative to the sandbox; none when it does not parse. */
export const extendedFilesOf = (source: ComposeSource, env: Readonly<Record<string, string>>): string[] => {
  const document = readDocument(source, env);
  return document._tag === 'Right' ? extendedFilePaths(source.name, document.right) : [];
};

/** A bare `KEY` takes its value from the task's environment or `.env`, as in Compose; unset there, it stays null: Docker gets it unset. */
const resolvedEnvironment = (environment: ServiceModel['environment'] | undefined, env: Readonly<Record<string, string>>): ServiceModel['environment'] =>
  Object.fromEntries(Object.entries(environment ?? {}).map(([key, value]) => [key, value ?? (Object.hasOwn(env, key) ? (env[key] ?? null) : null)]));

const complete = (merged: ComposeFileModel, files: readonly ComposeSource[], models: readonly ComposeFileModel[], env: Readonly<Record<string, string>>): E.Either<ComposeError[], ComposeModel> => {
  const firstFile = files[0]?.name ?? 'docker-compose.yml';
  const names = Object.keys(merged.services);
  if (names.length === 0) return E.left([composeError(firstFile, 'services', 'missing: the pod needs at least one service')]);
  const errors: ComposeError[] = [];
  const services: Record<string, ServiceModel> = {};
  for (const name of names) {
    const service = merged.services[name] ?? {};
    if (service.image === undefined) {
      // Blame the file that introduced the service: an override file may rightly leave the image out.
      const definedIn = files[models.findIndex((model) => Object.hasOwn(model.services, name))]?.name ?? firstFile;
      errors.push(composeError(definedIn, `services.${name}.image`, 'missing: every service needs an image'));
      continue;
    }
    const { extends: _resolved, ...rest } = service;
    setOwn(services, name, { labels: {}, dependsOn: {}, ports: [], expose: [], ...rest, environment: resolvedEnvironment(rest.environment, env), image: service.image });
  }
  if (errors.length > 0) return E.left(errors);
  const warnings = models.flatMap((model) => model.warnings ?? []);
  const resources = { volumes: merged.volumes ?? {}, networks: merged.networks ?? {}, ...(warnings.length > 0 ? { warnings } : {}) };
  return E.right(merged.name === undefined ? { services, ...resources } : { name: merged.name, services, ...resources });
};

/**
 * Reads compose files into one model: YAML, variable interpolation from
 * `env`, validation, `extends` within each file and from the `extended`
 * files, then the override rules of compose-spec across files. Pure: the
 * caller reads the files. Every mistake of every file is reported.
 */
export const loadCompose = (
  files: ReadonlyArray<ComposeSource>,
  env: Readonly<Record<string, string>>,
  extended: Readonly<Record<string, ExtendedSource>> = {},
): E.Either<ComposeError[], ComposeModel> => {
  if (files.length === 0) return E.left([composeError('docker-compose.yml', '', 'no compose file given')]);
  const results = files.map((file) => readFile(file, env));
  const errors = results.flatMap((result) => (result._tag === 'Left' ? result.left : []));
  if (errors.length > 0) return E.left(errors);
  const decoded = results.flatMap((result, i) => (result._tag === 'Right' ? [{ name: files[i]?.name ?? '', model: result.right }] : []));
  const extendedFile = (name: string): ExtendedFile => {
    const source = Object.hasOwn(extended, name) ? extended[name] : undefined;
    if (source === undefined) return { missing: 'file not found' };
    return 'missing' in source ? source : readFile({ name, text: source.text }, env);
  };
  const models = resolveExtends(decoded, extendedFile);
  return models._tag === 'Left' ? models : complete(mergeComposeFiles(models.right), files, models.right, env);
};
