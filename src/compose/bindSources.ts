import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { ComposeModel, ServiceModel } from './model.js';
import { setOwn } from './ownRecord.js';
import { hostPath, insideSandbox } from './podVolumes.js';

/** Symlinks followed before giving up, as Linux's own limit (ELOOP). */
const MAX_LINKS = 40;

/**
 * Where a host path really leads: every symlink on the way followed, as the
 * kernel follows them when Docker mounts the path. Parts that do not exist
 * yet are taken as written; a dangling link leads where it points.
 */
export async function realHostPath(absolute: string): Promise<string> {
  let resolved = '/';
  const pending = absolute.split('/').filter((part) => part !== '' && part !== '.');
  for (let links = 0; pending.length > 0; ) {
    const part = pending.shift() as string;
    if (part === '..') {
      resolved = path.posix.dirname(resolved);
      continue;
    }
    const next = path.posix.join(resolved, part);
    const target = await linkTarget(next);
    if (target === undefined) {
      resolved = next;
      continue;
    }
    if (++links > MAX_LINKS) return next;
    pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
    if (target.startsWith('/')) resolved = '/';
  }
  return resolved;
}

async function linkTarget(file: string): Promise<string | undefined> {
  try {
    return (await lstat(file)).isSymbolicLink() ? await readlink(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a path inside the sandbox, as written, really stays there once its symlinks are followed. */
export async function staysInSandbox(sandbox: string, absolute: string): Promise<boolean> {
  return insideSandbox(await realHostPath(path.posix.resolve(sandbox)), await realHostPath(absolute));
}

/**
 * A bind source that a symlink in the sandbox leads out of is replaced by
 * where it leads, so that the operator's policy judges the real host path.
 */
export async function withRealBindSources(model: ComposeModel, sandbox: string): Promise<ComposeModel> {
  const services: Record<string, ServiceModel> = {};
  for (const [name, service] of Object.entries(model.services)) {
    const volumes = [];
    for (const volume of service.volumes ?? []) {
      const source = volume.type === 'bind' ? hostPath(sandbox, volume.source) : undefined;
      const escapes = source !== undefined && insideSandbox(sandbox, source) && !(await staysInSandbox(sandbox, source));
      volumes.push(escapes && volume.type === 'bind' ? { ...volume, source: await realHostPath(source) } : volume);
    }
    setOwn(services, name, service.volumes === undefined ? service : { ...service, volumes });
  }
  return { ...model, services };
}
