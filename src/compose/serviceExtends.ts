import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import { mergeService } from './merge.js';
import type { ComposeFileModel, ServiceOverride } from './model.js';
import { setOwn } from './ownRecord.js';
import { fromDirectory, rebased } from './projectPaths.js';

/** A compose file that `extends.file` names, read and decoded, or why it could not be. */
export type ExtendedFile = E.Either<ComposeError[], ComposeFileModel> | { readonly missing: string };

/** The paths an `include` entry names: `path`, `{path: path}` or `{path: [paths]}`. */
export const includedPaths = (entry: unknown): string[] => {
  const paths = typeof entry === 'string' ? [entry] : typeof entry === 'object' && entry !== null ? (entry as { path?: unknown }).path : undefined;
  const list = typeof paths === 'string' ? [paths] : Array.isArray(paths) ? paths : [];
  return list.filter((item): item is string => typeof item === 'string' && item !== '');
};

/**
 * The files a parsed (not yet decoded) document extends from or includes, so the edge can read them first;
 * `dir` is where the document's paths lead from (see projectPaths.ts).
 */
export const extendedFilePaths = (dir: string, document: unknown): string[] => {
  const include = (document as { include?: unknown } | null)?.include;
  const included = (Array.isArray(include) ? include : []).flatMap(includedPaths).filter((file) => !/^[a-z]+:\/\/|^git@/.test(file)).map((file) => fromDirectory(dir, file));
  const services = (document as { services?: unknown } | null)?.services;
  if (typeof services !== 'object' || services === null) return included;
  return [
    ...included,
    ...Object.values(services).flatMap((service) => {
      const file = (service as { extends?: { file?: unknown } } | null)?.extends?.file;
      return typeof file === 'string' && file !== '' ? [fromDirectory(dir, file)] : [];
    }),
  ];
};

/**
 * The env files of each `include` entry of a parsed document, as compose-go
 * reads them (loader/include.go): the entry's `env_file`, relative to the
 * including file's directory, else a `.env` in the included project's
 * directory when there is one (`optional`). They feed the interpolation of
 * the included files, the including project's variables winning.
 */
export interface IncludeEnv {
  readonly files: string[];
  readonly envFiles: string[];
  readonly optional: boolean;
}

export const includeEnvFiles = (dir: string, document: unknown): IncludeEnv[] => {
  const include = (document as { include?: unknown } | null)?.include;
  return (Array.isArray(include) ? include : []).flatMap((entry): IncludeEnv[] => {
    const files = includedPaths(entry).filter((file) => !/^[a-z]+:\/\/|^git@/.test(file)).map((file) => fromDirectory(dir, file));
    if (files.length === 0) return [];
    const fields = typeof entry === 'object' && entry !== null ? (entry as { env_file?: unknown; project_directory?: unknown }) : {};
    const written = typeof fields.env_file === 'string' ? [fields.env_file] : Array.isArray(fields.env_file) ? fields.env_file.filter((file): file is string => typeof file === 'string') : [];
    if (written.length > 0) return [{ files, envFiles: written.map((file) => fromDirectory(dir, file)), optional: false }];
    const project = typeof fields.project_directory === 'string' && fields.project_directory !== '' ? fromDirectory(dir, fields.project_directory) : path.posix.dirname(files[0] as string);
    return [{ files, envFiles: [path.posix.join(project, '.env')], optional: true }];
  });
};

/** A base that shares another service's namespace carries a dependency, which compose-spec forbids a base. */
const tiesToServices = (base: ServiceOverride, local: ServiceOverride): string[] =>
  [
    base.networkMode?.kind === 'service' && local.networkMode === undefined ? 'network_mode' : '',
    typeof base.pid === 'object' && local.pid === undefined ? 'pid' : '',
    typeof base.ipc === 'object' && local.ipc === undefined ? 'ipc' : '',
  ].filter((key) => key !== '');

/** What a service takes from its base: all of it, `depends_on` and `volumes_from` too, as compose-go does. */
const inherited = ({ extends: _extends, ...base }: ServiceOverride): ServiceOverride => base;

interface Node {
  readonly file: string;
  readonly service: string;
}

const nodeKey = (node: Node): string => `${node.file}\u0000${node.service}`;

/**
 * Resolves `extends` in every service of the files the task names, as
 * compose-spec says: the extending service's own keys override and merge
 * with its base's like an override file's, `depends_on` and
 * `volumes_from` included; chains are followed across files,
 * and a cycle is refused naming it. Pure: `extendedFile` gives the other
 * files, already read.
 */
export const resolveExtends = (
  files: ReadonlyArray<{ readonly name: string; readonly model: ComposeFileModel }>,
  extendedFile: (name: string) => ExtendedFile,
  /** Where a file's `extends.file` leads from: the project directory for the files the task names, else the file's own. */
  dirOf: (name: string) => string = (name) => path.posix.dirname(name),
): E.Either<ComposeError[], ComposeFileModel[]> => {
  const errors: ComposeError[] = [];
  const topLevel = new Map(files.map((file) => [path.posix.normalize(file.name), file.model]));
  const loaded = new Map<string, ComposeFileModel | undefined>();
  const resolved = new Map<string, ServiceOverride | undefined>();
  const cycles = new Set<string>();

  const modelOf = (name: string, from: Node, at: string): ComposeFileModel | undefined => {
    if (topLevel.has(path.posix.normalize(name))) return topLevel.get(path.posix.normalize(name));
    if (!loaded.has(name)) {
      const file = extendedFile(name);
      if ('missing' in file) errors.push(composeError(from.file, at, `${name}: ${file.missing}`));
      else if (file._tag === 'Left') errors.push(...file.left);
      loaded.set(name, 'missing' in file || file._tag === 'Left' ? undefined : file.right);
    }
    return loaded.get(name);
  };

  const cycleError = (chain: readonly Node[], repeated: Node): void => {
    const cycle = chain.slice(chain.findIndex((node) => nodeKey(node) === nodeKey(repeated)));
    const id = cycle.map(nodeKey).sort().join('\n');
    if (cycles.has(id)) return;
    cycles.add(id);
    const [first = repeated] = cycle;
    const label = (node: Node) => (node.file === first.file ? node.service : `${node.service} (${node.file})`);
    errors.push(composeError(first.file, `services.${first.service}.extends`, `extends cycle ${[...cycle, first].map(label).join(' -> ')}`));
  };

  const resolve = (node: Node, own: ServiceOverride, chain: readonly Node[]): ServiceOverride | undefined => {
    const key = nodeKey(node);
    if (resolved.has(key)) return resolved.get(key);
    if (chain.some((other) => nodeKey(other) === key)) {
      cycleError(chain, node);
      return undefined;
    }
    const ref = own.extends;
    const { extends: _extends, ...local } = own;
    let result: ServiceOverride | undefined = local;
    if (ref !== undefined) {
      const at = `services.${node.service}.extends`;
      const baseFile = ref.file === undefined ? node.file : fromDirectory(dirOf(node.file), ref.file);
      const model = modelOf(baseFile, node, `${at}.file`);
      const written = model !== undefined && Object.hasOwn(model.services, ref.service) ? model.services[ref.service] : undefined;
      if (model !== undefined && written === undefined) errors.push(composeError(node.file, `${at}.service`, `"${ref.service}" is not a service of ${baseFile}`));
      const baseNode = { file: baseFile, service: ref.service };
      const base = written === undefined ? undefined : resolve(baseNode, topLevel.has(path.posix.normalize(baseFile)) ? written : rebased(written, path.posix.dirname(baseFile)), [...chain, node]);
      for (const composeKey of base === undefined ? [] : tiesToServices(base, local)) {
        errors.push(composeError(node.file, at, `${ref.service} cannot be extended: its ${composeKey} ties it to another service; set ${composeKey} on ${node.service}`));
      }
      result = base === undefined ? undefined : mergeService(inherited(base), local);
    }
    resolved.set(key, result);
    return result;
  };

  const models = files.map(({ name, model }) => {
    const services: Record<string, ServiceOverride> = {};
    for (const [service, own] of Object.entries(model.services)) setOwn(services, service, resolve({ file: name, service }, own, []) ?? {});
    return { ...model, services };
  });
  return errors.length > 0 ? E.left(errors) : E.right(models);
};
