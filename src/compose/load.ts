import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import { parseComposeYaml } from './composeYaml.js';
import { ignoredKeyWarnings } from './ignoredKeys.js';
import { interpolateDocument } from './interpolate.js';
import { mergeComposeFiles, uniquePorts } from './merge.js';
import { decodeComposeFile, type ComposeFileModel, type ComposeModel, type IncludeEntry, type ServiceModel } from './model.js';
import { setOwn } from './ownRecord.js';
import path from 'node:path';
import { fromDirectory, projectDirectory, rebasedFile, withDefaultContexts, withHomeExpanded } from './projectPaths.js';
import { extendedFilePaths, includeEnvFiles, resolveExtends, type ExtendedFile, type IncludeEnv } from './serviceExtends.js';

export interface ComposeSource {
  /** As the user named it; every error message starts with it. */
  readonly name: string;
  readonly text: string;
}

/** A file that `extends.file` names, as the edge found it: its text, or why there is none. */
export type ExtendedSource = { readonly text: string; /** An included file's variables: its include's env files under the including project's. */ readonly env?: Readonly<Record<string, string>> } | { readonly missing: string };

const readDocuments = (source: ComposeSource, env: Readonly<Record<string, string>>): E.Either<ComposeError[], unknown[]> =>
  E.chain((documents: unknown[]) => {
    const interpolated = documents.map((document) => interpolateDocument(source.name, document, env));
    const errors = interpolated.flatMap((result) => (result._tag === 'Left' ? result.left : []));
    return errors.length > 0 ? E.left(errors) : E.right(interpolated.flatMap((result) => (result._tag === 'Right' ? [result.right] : [])));
  })(parseComposeYaml(source.name, source.text));

const decodeDocument = (name: string, document: unknown): E.Either<ComposeError[], ComposeFileModel> => {
  const decoded = decodeComposeFile(name, document);
  const warnings = ignoredKeyWarnings(document);
  return decoded._tag === 'Left' || warnings.length === 0 ? decoded : E.right({ ...decoded.right, warnings });
};

/** One file; several YAML documents in it override one another in order, as compose-go reads them. */
const readFile = (source: ComposeSource, env: Readonly<Record<string, string>>): E.Either<ComposeError[], ComposeFileModel> =>
  E.chain((documents: unknown[]) => {
    const decoded = documents.map((document) => decodeDocument(source.name, document));
    const errors = decoded.flatMap((result) => (result._tag === 'Left' ? result.left : []));
    if (errors.length > 0) return E.left(errors);
    const models = decoded.flatMap((result) => (result._tag === 'Right' ? [result.right] : []));
    const warnings = models.flatMap((model) => model.warnings ?? []);
    // `~` is the home directory of the process that reads the file, as compose-go takes it: the executor's.
    const merged = withHomeExpanded(models.length === 1 ? (models[0] as ComposeFileModel) : mergeComposeFiles(models), env.HOME);
    return E.right(warnings.length > 0 ? { ...merged, warnings } : merged);
  })(readDocuments(source, env));

/** The files one compose file extends from or includes, relative to the sandbox; none when it does not parse. `dir`: where its paths lead from. */
export const extendedFilesOf = (source: ComposeSource, env: Readonly<Record<string, string>>, dir = path.posix.dirname(source.name)): string[] => {
  const documents = readDocuments(source, env);
  return documents._tag === 'Right' ? documents.right.flatMap((document) => extendedFilePaths(dir, document)) : [];
};

/** The env files of each `include` entry of one compose file (see includeEnvFiles); none when it does not parse. */
export const includeEnvFilesOf = (source: ComposeSource, env: Readonly<Record<string, string>>, dir = path.posix.dirname(source.name)): IncludeEnv[] => {
  const documents = readDocuments(source, env);
  return documents._tag === 'Right' ? documents.right.flatMap((document) => includeEnvFiles(dir, document)) : [];
};

/** Where the paths of each file lead from (see projectPaths.ts). */
export interface PathDirectories {
  /** The project directory for the files the task names, an included file's project directory, else the file's own directory. */
  of(name: string): string;
  /** An included file's project directory, once its `include` entry is read. */
  set(name: string, dir: string): void;
}

export const pathDirectories = (names: readonly string[]): PathDirectories => {
  const dirs = new Map(names.map((name) => [path.posix.normalize(name), projectDirectory(names)]));
  return {
    of: (name) => dirs.get(path.posix.normalize(name)) ?? path.posix.dirname(name),
    set: (name, dir) => {
      if (!dirs.has(path.posix.normalize(name))) dirs.set(path.posix.normalize(name), dir);
    },
  };
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
    // A service of a profile is checked when its profile is active (profiles.ts): Compose leaves the others out unread.
    if (service.image === undefined && service.build === undefined && (service.profiles ?? []).length === 0) {
      // Blame the file that introduced the service: an override file may rightly leave the image out.
      const definedIn = files[models.findIndex((model) => Object.hasOwn(model.services, name))]?.name ?? firstFile;
      errors.push(composeError(definedIn, `services.${name}.image`, 'missing: every service needs an image or a build'));
      continue;
    }
    const { extends: _resolved, resets: _resets, ...rest } = service;
    const ports = rest.ports === undefined ? {} : { ports: uniquePorts(rest.ports) };
    setOwn(services, name, { labels: {}, dependsOn: {}, ports: [], expose: [], ...rest, ...ports, environment: resolvedEnvironment(rest.environment, env) });
  }
  if (errors.length > 0) return E.left(errors);
  const warnings = models.flatMap((model) => model.warnings ?? []);
  const resources = {
    volumes: merged.volumes ?? {},
    networks: merged.networks ?? {},
    secrets: merged.secrets ?? {},
    configs: merged.configs ?? {},
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  return E.right(merged.name === undefined ? { services, ...resources } : { name: merged.name, services, ...resources });
};

type Named = { readonly name: string; readonly model: ComposeFileModel };

/**
 * The files of one `include` entry, each with its project directory, as
 * Compose loads them: `project_directory` when the entry sets one, else the
 * first file's directory, for the entry's override files too.
 */
const includedFiles = (entry: IncludeEntry, from: string): Array<{ name: string; dir: string }> => {
  const names = entry.paths.map((written) => fromDirectory(from, written));
  const dir = entry.projectDirectory === undefined ? path.posix.dirname(names[0] ?? '.') : fromDirectory(from, entry.projectDirectory);
  return names.map((name) => ({ name, dir }));
};

/**
 * `include`: each included file's services, networks and volumes come
 * before the including file's, their host paths read relative to the
 * included file, as Compose loads them as a project of their own.
 */
const withIncluded = (files: readonly Named[], extendedFile: (name: string) => ExtendedFile, dirs: PathDirectories, depth = 0): E.Either<ComposeError[], Named[]> => {
  const errors: ComposeError[] = [];
  const out: Named[] = [];
  for (const file of files) {
    for (const { name, dir } of (file.model.include ?? []).flatMap((entry) => includedFiles(entry, dirs.of(file.name)))) {
      const read = depth > 8 ? { missing: 'includes nest deeper than 8 files' } : extendedFile(name);
      if ('missing' in read) errors.push(composeError(file.name, 'include', `${name}: ${read.missing}`));
      else if (read._tag === 'Left') errors.push(...read.left);
      else {
        dirs.set(name, dir);
        const model = rebasedFile({ ...read.right, services: withDefaultContexts(read.right.services, dir) }, dir);
        const nested = withIncluded([{ name, model }], extendedFile, dirs, depth + 1);
        if (nested._tag === 'Left') errors.push(...nested.left);
        else out.push(...nested.right);
      }
    }
    out.push(file);
  }
  return errors.length > 0 ? E.left(errors) : E.right(out);
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
  const dirs = pathDirectories(files.map((file) => file.name));
  const projectDir = projectDirectory(files.map((file) => file.name));
  const topLevel = results.flatMap((result, i) => (result._tag === 'Right' ? [{ name: files[i]?.name ?? '', model: rebasedFile(result.right, projectDir) }] : []));
  const extendedFile = (name: string): ExtendedFile => {
    const source = Object.hasOwn(extended, name) ? extended[name] : undefined;
    if (source === undefined) return { missing: 'file not found' };
    return 'missing' in source ? source : readFile({ name, text: source.text }, source.env ?? env);
  };
  const decoded = withIncluded(topLevel, extendedFile, dirs);
  if (decoded._tag === 'Left') return decoded;
  const models = resolveExtends(decoded.right, extendedFile, dirs.of);
  if (models._tag === 'Left') return models;
  const merged = mergeComposeFiles(models.right);
  return complete({ ...merged, services: withDefaultContexts(merged.services, projectDir) }, decoded.right.map(({ name }) => ({ name, text: '' })), models.right, env);
};
