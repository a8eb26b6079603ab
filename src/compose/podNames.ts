import { createHash } from 'node:crypto';

/** Eight hex digits of sha256: stable across runs, so replay and restarts find the same names. */
export const stableHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);

const maxProjectBase = 40;
const maxContainerName = 63;

/**
 * The compose project of a task: the task id if Compose would accept it as
 * is, otherwise a cleaned-up prefix of it with a hash of the whole id, so
 * two task ids that clean up alike still get their own project.
 */
export const projectName = (taskId: string): string => {
  const cleaned = taskId.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^[^a-z0-9]+/, '');
  if (cleaned === taskId && cleaned.length > 0 && cleaned.length <= maxProjectBase) return cleaned;
  const base = cleaned.slice(0, maxProjectBase - 9);
  return `${base === '' ? 'task' : base}-${stableHash(taskId)}`;
};

/** `<project>_<service>`, cut with a hash of the full name when over 63 characters (a hostname's limit). */
export const containerName = (project: string, service: string): string => {
  const full = `${project}_${service}`;
  return full.length <= maxContainerName ? full : `${full.slice(0, maxContainerName - 9)}-${stableHash(full)}`;
};

/** Compose's name for a project's default network. */
export const networkName = (project: string): string => `${project}_default`;

/** A network or volume the pod owns: `<project>_<key>`, as Compose names them. */
export const podResourceName = (project: string, key: string): string => `${project}_${key}`;
