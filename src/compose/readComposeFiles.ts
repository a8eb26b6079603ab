import { access } from 'node:fs/promises';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { withRealBindSources } from './bindSources.js';
import { withBuildContexts } from './buildContext.js';
import { SANDBOX_OWN_FILES } from './buildPlan.js';
import { composeError, type ComposeError } from './composeError.js';
import { parseDotEnv } from './dotEnv.js';
import { applyEnvFiles, envFilePaths, type EnvFileText } from './envFiles.js';
import { withFileObjectSources } from './fileObjectSources.js';
import { readHostFile } from './hostFiles.js';
import { applyLabelFiles, labelFilePaths } from './labelFiles.js';
import { extendedFilesOf, includeEnvFilesOf, loadCompose, pathDirectories, type ComposeSource, type ExtendedSource } from './load.js';
import type { ComposeModel } from './model.js';
import { DEFAULT_POLICY, type OperatorPolicy } from './operatorPolicy.js';
import { setOwn } from './ownRecord.js';
import { hostPath, insideSandbox } from './podVolumes.js';

export const defaultComposeFile = 'docker-compose.yml';

/** The task label `fileName`: comma-separated paths relative to the sandbox. */
export const composeFileNames = (label: string | undefined): string[] => {
  const names = (label ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  return names.length > 0 ? names : [defaultComposeFile];
};

type Read = E.Either<ComposeError, string> | 'absent' | 'outside';

/** A compose file (named, extended or included) is the task's own: read from the sandbox only, whatever the policy. */
const readInSandbox = async (sandbox: string, name: string): Promise<Read> => {
  const read = await readHostFile(sandbox, name, false);
  if ('refused' in read) return 'outside';
  if ('absent' in read) return 'absent';
  return 'text' in read ? E.right(read.text) : E.left(composeError(name, '', read.unreadable));
};

const readDotEnv = async (sandbox: string, name: string, taskEnv: Readonly<Record<string, string>>): Promise<E.Either<ComposeError[], Record<string, string>>> => {
  const read = await readInSandbox(sandbox, name);
  // A .env beside a file outside the sandbox is as absent as that file.
  if (read === 'absent' || read === 'outside') return E.right({});
  return read._tag === 'Left' ? E.left([read.left]) : parseDotEnv(name, read.right, taskEnv);
};

/** Env and label files, read into the pod under the rule of every host path it names (hostFiles.ts). */
const readTexts = async (sandbox: string, names: readonly string[], allowOutside: boolean): Promise<Record<string, EnvFileText>> => {
  const texts: Record<string, EnvFileText> = {};
  for (const name of names) {
    const read = await readHostFile(sandbox, name, allowOutside);
    const text: EnvFileText =
      'absent' in read ? { missing: insideSandbox(sandbox, hostPath(sandbox, name)) ? `file not found in the sandbox ${sandbox}` : 'file not found' } : 'refused' in read ? { missing: read.refused } : 'unreadable' in read ? { missing: read.unreadable } : { text: read.text };
    setOwn(texts, name, text);
  }
  return texts;
};

/** Far more than any real pod extends from; a bound on what one file can make the executor read. */
const maxExtendedFiles = 64;

type Env = Readonly<Record<string, string>>;

const exists = (file: string): Promise<boolean> => access(file).then(
  () => true,
  () => false,
);
/** A file's variables, or why its include's env file could not give them. */
type FileEnv = { readonly vars: Env } | { readonly missing: string };

/**
 * The variables of the files one compose file includes, per file: each
 * include's env files (under the rule of every host file, hostFiles.ts),
 * interpolated with the including file's variables, which win over them.
 */
const includedEnvironments = async (sandbox: string, source: ComposeSource, env: Env, dir: string, allowOutside: boolean): Promise<Map<string, FileEnv>> => {
  const envs = new Map<string, FileEnv>();
  for (const { files, envFiles, optional } of includeEnvFilesOf(source, env, dir)) {
    let found: FileEnv = { vars: {} };
    for (const envFile of envFiles) {
      const read = await readHostFile(sandbox, envFile, allowOutside);
      // A project directory outside the sandbox without a .env asks for nothing outside.
      if (optional && ('absent' in read || ('refused' in read && !(await exists(hostPath(sandbox, envFile)))))) continue;
      const parsed = 'text' in read ? parseDotEnv(envFile, read.text, env) : undefined;
      if (parsed?._tag === 'Right') {
        found = { vars: { ...found.vars, ...parsed.right } };
        continue;
      }
      const why = 'refused' in read ? read.refused : 'unreadable' in read ? read.unreadable : 'absent' in read ? 'file not found' : (parsed?.left ?? []).map((error) => error.message).join('; ');
      found = { missing: `env_file ${envFile}: ${why}` };
      break;
    }
    for (const file of files) envs.set(file, 'vars' in found ? { vars: { ...found.vars, ...env } } : found);
  }
  return envs;
};

/** Every file that `extends.file` or `include` reaches from the sources, read from the sandbox, each once, with the variables it is read with. */
const readExtendedFiles = async (sandbox: string, sources: readonly ComposeSource[], env: Env, allowOutside: boolean): Promise<Record<string, ExtendedSource>> => {
  const files: Record<string, ExtendedSource> = {};
  const known = new Set(sources.map((source) => path.posix.normalize(source.name)));
  const dirs = pathDirectories(sources.map((source) => source.name));
  const pending: Array<{ name: string; env: FileEnv }> = [];
  const follow = async (source: ComposeSource, sourceEnv: Env, dir?: string) => {
    const included = await includedEnvironments(sandbox, source, sourceEnv, dir ?? path.posix.dirname(source.name), allowOutside);
    for (const name of extendedFilesOf(source, sourceEnv, dir)) pending.push({ name, env: included.get(name) ?? { vars: sourceEnv } });
  };
  for (const source of sources) await follow(source, env, dirs.of(source.name));
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const { name, env: fileEnv } = next;
    if (known.has(name)) continue;
    known.add(name);
    if (known.size > sources.length + maxExtendedFiles) {
      setOwn(files, name, { missing: `not read: the pod extends from more than ${maxExtendedFiles} files` });
      continue;
    }
    if ('missing' in fileEnv) {
      setOwn(files, name, { missing: fileEnv.missing });
      continue;
    }
    const read = await readInSandbox(sandbox, name);
    if (read === 'absent') setOwn(files, name, { missing: `file not found in the sandbox ${sandbox}` });
    else if (read === 'outside') setOwn(files, name, { missing: `outside the sandbox ${sandbox}` });
    else if (read._tag === 'Left') setOwn(files, name, { missing: read.left.message });
    else {
      setOwn(files, name, fileEnv.vars === env ? { text: read.right } : { text: read.right, env: fileEnv.vars });
      await follow({ name, text: read.right }, fileEnv.vars);
    }
  }
  return files;
};

/**
 * The I/O edge of compose loading: reads the files the task names from the
 * sandbox, a `.env` beside the first one and the files their services
 * extend from, then hands them to `loadCompose`; then reads the services' env_file files. Relative paths
 * lead from the project directory, the first file's, as in Compose (projectPaths.ts). The task's environment wins over `.env`. Bind sources are
 * followed through symlinks, so the policy sees where they really lead.
 */
export const readComposeFiles = async (
  sandbox: string,
  fileNameLabel: string | undefined,
  taskEnv: Readonly<Record<string, string>>,
  /** The task's compose project: files may interpolate it as ${COMPOSE_PROJECT_NAME}, as Compose lets them. */
  project?: string,
  /** Whether env and label files outside the sandbox may be read, as binds outside it may be made. */
  policy: Pick<OperatorPolicy, 'bindMountsOutsideSandbox'> = DEFAULT_POLICY,
  /** What the executor writes at the sandbox's root, left out of a build whose context is the sandbox (buildPlan.ts `sandboxOwnFiles`). */
  ownFiles: readonly string[] = SANDBOX_OWN_FILES,
): Promise<E.Either<ComposeError[], ComposeModel>> => {
  const names = composeFileNames(fileNameLabel);
  const errors: ComposeError[] = [];
  const sources: ComposeSource[] = [];
  for (const name of names) {
    const read = await readInSandbox(sandbox, name);
    if (read === 'absent') errors.push(composeError(name, '', `file not found in the sandbox ${sandbox}`));
    else if (read === 'outside') errors.push(composeError(name, '', `outside the sandbox ${sandbox}`));
    else if (read._tag === 'Left') errors.push(read.left);
    else sources.push({ name, text: read.right });
  }
  const dotEnv = await readDotEnv(sandbox, path.join(path.dirname(names[0] ?? defaultComposeFile), '.env'), taskEnv);
  if (dotEnv._tag === 'Left') errors.push(...dotEnv.left);
  if (errors.length > 0) return E.left(errors);
  const env = { ...(dotEnv._tag === 'Right' ? dotEnv.right : {}), ...taskEnv, ...(project === undefined ? {} : { COMPOSE_PROJECT_NAME: project }) };
  const model = loadCompose(sources, env, await readExtendedFiles(sandbox, sources, env, policy.bindMountsOutsideSandbox));
  if (model._tag === 'Left') return model;
  const withEnvFiles = applyEnvFiles(model.right, await readTexts(sandbox, envFilePaths(model.right), policy.bindMountsOutsideSandbox), names[0] ?? defaultComposeFile, env);
  if (withEnvFiles._tag === 'Left') return withEnvFiles;
  const withLabelFiles = applyLabelFiles(withEnvFiles.right, await readTexts(sandbox, labelFilePaths(withEnvFiles.right), policy.bindMountsOutsideSandbox), names[0] ?? defaultComposeFile);
  if (withLabelFiles._tag === 'Left') return withLabelFiles;
  const withBuilds = await withBuildContexts(withLabelFiles.right, sandbox, env, names.join(','), ownFiles);
  return withBuilds._tag === 'Left' ? withBuilds : E.right(await withFileObjectSources(await withRealBindSources(withBuilds.right, sandbox), sandbox, env));
};
