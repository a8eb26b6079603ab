import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import * as E from 'fp-ts/lib/Either.js';
import { staysInSandbox } from './bindSources.js';
import { INLINE_DOCKERFILE, SANDBOX_OWN_FILES } from './buildPlan.js';
import { isRemoteContext, type BuildSpec } from './buildSpec.js';
import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel, ServiceModel } from './model.js';
import { setOwn } from './ownRecord.js';
import { hostPath, insideSandbox } from './podVolumes.js';

/**
 * What a build context sends to the builder: the directory's entries less
 * those `.dockerignore` excludes, read with @balena/dockerignore, a port of
 * Docker's own matcher (the npm `ignore` package follows .gitignore rules,
 * which differ). The Dockerfile and `.dockerignore` always go, as the docker
 * CLI sends them so the builder can read them.
 */

export interface ContextEntry {
  /** Relative to the context, `/`-separated. */
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink';
  readonly mode: number;
  readonly size: number;
}

const lines = (text: string): string[] => text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));

/** Every entry the context sends, in a stable order; `leaveOut`: names at its root that never go. */
export async function contextEntries(context: string, dockerfile: string, leaveOut: readonly string[] = []): Promise<ContextEntry[]> {
  let patterns: string[] = [];
  try {
    patterns = lines(await readFile(path.join(context, '.dockerignore'), 'utf8'));
  } catch {
    // No .dockerignore: everything goes.
  }
  // The package is CommonJS with a `default` of itself, which is what TypeScript sees under NodeNext.
  const rules = dockerignore.default({ ignorecase: false }).add(patterns);
  // With an exception (`!keep`), an excluded directory may still hold files to send.
  const exceptions = patterns.some((pattern) => pattern.startsWith('!'));
  const always = new Set([path.posix.normalize(dockerfile), '.dockerignore']);
  const entries: ContextEntry[] = [];
  const walk = async (relative: string): Promise<void> => {
    const names = (await readdir(path.join(context, relative))).sort();
    for (const name of names) {
      const entry = relative === '' ? name : `${relative}/${name}`;
      if (relative === '' && leaveOut.includes(name)) continue;
      const info = await lstat(path.join(context, entry));
      const ignored = rules.ignores(entry) && !always.has(entry);
      const type = info.isDirectory() ? 'directory' : info.isSymbolicLink() ? 'symlink' : info.isFile() ? 'file' : undefined;
      if (type === undefined) continue;
      if (!ignored) entries.push({ path: entry, type, mode: info.mode & 0o7777, size: type === 'file' ? info.size : 0 });
      if (type === 'directory' && (!ignored || exceptions)) await walk(entry);
    }
  };
  await walk('');
  return entries;
}

/** A digest of what the context sends: names, types, modes and contents, not times or owners. */
export async function contextDigest(context: string, entries: readonly ContextEntry[]): Promise<string> {
  const hash = createHash('sha256');
  for (const entry of entries) {
    hash.update(`${entry.type}\0${entry.path}\0${entry.mode.toString(8)}\0${entry.size}\0`);
    const full = path.join(context, entry.path);
    if (entry.type === 'symlink') hash.update(await readlink(full));
    if (entry.type !== 'file') continue;
    for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** A directory in the sandbox, once its symlinks are followed; undefined when it leads out or is no directory. */
async function directoryInSandbox(sandbox: string, directory: string): Promise<boolean> {
  if (!insideSandbox(sandbox, directory) || !(await staysInSandbox(sandbox, directory))) return false;
  try {
    return (await stat(directory)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The edge of the build plan: each service's context hashed (the image's tag
 * derives from it), a Dockerfile outside its context read in as an inline
 * one, as the docker CLI sends it, and bare build args given their values
 * from the task's environment. A context outside the sandbox is left for the
 * operator's policy to judge; a missing one for the build to fail on.
 */
export async function withBuildContexts(
  model: ComposeModel,
  sandbox: string,
  env: Readonly<Record<string, string>>,
  file: string,
  ownFiles: readonly string[] = SANDBOX_OWN_FILES,
): Promise<E.Either<ComposeError[], ComposeModel>> {
  const errors: ComposeError[] = [];
  const services: Record<string, ServiceModel> = {};
  for (const [name, service] of Object.entries(model.services)) {
    const spec = service.build;
    if (spec === undefined) {
      setOwn(services, name, service);
      continue;
    }
    const args = spec.args === undefined ? undefined : Object.fromEntries(Object.entries(spec.args).map(([key, value]) => [key, value ?? (Object.hasOwn(env, key) ? (env[key] as string) : null)]));
    let build: BuildSpec = { ...spec, ...(args !== undefined ? { args } : {}) };
    const context = hostPath(sandbox, spec.context ?? '.');
    // A context that is not there fails the build, as in Compose, whose `config` accepts the file all the same; a git one is fetched by the builder.
    if (!isRemoteContext(spec.context ?? '.') && insideSandbox(sandbox, context) && (await directoryInSandbox(sandbox, context))) {
      const dockerfile = spec.dockerfile ?? 'Dockerfile';
      const dockerfilePath = path.posix.resolve(context, dockerfile);
      if (spec.dockerfileInline === undefined && !insideSandbox(context, dockerfilePath)) {
        const read = insideSandbox(sandbox, dockerfilePath) && (await staysInSandbox(sandbox, dockerfilePath)) ? await readFile(dockerfilePath, 'utf8').catch(() => undefined) : undefined;
        if (read === undefined) {
          errors.push(composeError(file, `services.${name}.build.dockerfile`, `${dockerfile} is not a file in the sandbox`));
          continue;
        }
        const { dockerfile: _outside, ...rest } = build;
        build = { ...rest, dockerfileInline: read };
      }
      const entries = await contextEntries(context, build.dockerfileInline === undefined ? dockerfile : INLINE_DOCKERFILE, context === path.posix.resolve(sandbox) ? ownFiles : []);
      build = { ...build, contextDigest: await contextDigest(context, entries) };
    }
    setOwn(services, name, { ...service, build });
  }
  return errors.length > 0 ? E.left(errors) : E.right({ ...model, services });
}
