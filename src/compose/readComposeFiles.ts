import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { withRealBindSources } from './bindSources.js';
import { withBuildContexts } from './buildContext.js';
import { composeError, type ComposeError } from './composeError.js';
import { parseDotEnv } from './dotEnv.js';
import { applyEnvFiles, envFilePaths, type EnvFileText } from './envFiles.js';
import { withFileObjectSources } from './fileObjectSources.js';
import { applyLabelFiles, labelFilePaths } from './labelFiles.js';
import { extendedFilesOf, loadCompose, pathDirectories, type ComposeSource, type ExtendedSource } from './load.js';
import type { ComposeModel } from './model.js';
import { readHostFile } from './hostFiles.js';
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

/** Every file that `extends.file` reaches from the sources, read from the sandbox, each once. */
const readExtendedFiles = async (sandbox: string, sources: readonly ComposeSource[], env: Readonly<Record<string, string>>): Promise<Record<string, ExtendedSource>> => {
  const files: Record<string, ExtendedSource> = {};
  const known = new Set(sources.map((source) => path.posix.normalize(source.name)));
  const dirs = pathDirectories(sources.map((source) => source.name));
  const pending = sources.flatMap((source) => extendedFilesOf(source, env, dirs.of(source.name)));
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    if (known.has(name)) continue;
    known.add(name);
    if (known.size > sources.length + maxExtendedFiles) {
      setOwn(files, name, { missing: `not read: the pod extends from more than ${maxExtendedFiles} files` });
      continue;
    }
    const read = await readInSandbox(sandbox, name);
    if (read === 'absent') setOwn(files, name, { missing: `file not found in the sandbox ${sandbox}` });
    else if (read === 'outside') setOwn(files, name, { missing: `outside the sandbox ${sandbox}` });
    else if (read._tag === 'Left') setOwn(files, name, { missing: read.left.message });
    else {
      setOwn(files, name, { text: read.right });
      pending.push(...extendedFilesOf({ name, text: read.right }, env));
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
  const model = loadCompose(sources, env, await readExtendedFiles(sandbox, sources, env));
  if (model._tag === 'Left') return model;
  const withEnvFiles = applyEnvFiles(model.right, await readTexts(sandbox, envFilePaths(model.right), policy.bindMountsOutsideSandbox), names[0] ?? defaultComposeFile, env);
  if (withEnvFiles._tag === 'Left') return withEnvFiles;
  const withLabelFiles = applyLabelFiles(withEnvFiles.right, await readTexts(sandbox, labelFilePaths(withEnvFiles.right), policy.bindMountsOutsideSandbox), names[0] ?? defaultComposeFile);
  if (withLabelFiles._tag === 'Left') return withLabelFiles;
  const withBuilds = await withBuildContexts(withLabelFiles.right, sandbox, env, names.join(','));
  return withBuilds._tag === 'Left' ? withBuilds : E.right(await withFileObjectSources(await withRealBindSources(withBuilds.right, sandbox), sandbox, env));
};
