import { readFile } from 'node:fs/promises';
import { realHostPath, staysInSandbox } from './bindSources.js';
import { hostPath, insideSandbox } from './podVolumes.js';

/**
 * The one rule for a host path a pod names, whether Docker binds it (a bind
 * mount, a secret's or config's `file:`, a volume bound to a directory, a
 * build context) or the executor reads it into the pod (`env_file`,
 * `label_file`): inside the sandbox always; outside only where the operator
 * allows `policy.bind_mounts_outside_sandbox`. One key for both: an env file
 * read into a container's environment gives the pod what a read-only bind of
 * it would, so an operator who lets pods bind host paths lets them read
 * those paths, and one who does not, does not.
 */

const denied = "is denied by the executor's policy (policy.bind_mounts_outside_sandbox)";
const refusal = (what: string): string => `${what}, outside the sandbox, ${denied}`;

/** Why the path (absolute, its symlinks already followed) is refused, in the words every such refusal uses; undefined when the rule lets the pod have it. */
export const outsideSandboxRefusal = (sandbox: string, absolute: string, allowOutside: boolean, what: string = absolute): string | undefined =>
  allowOutside || insideSandbox(sandbox, absolute) ? undefined : refusal(what);

/** A file the executor reads for the pod: its text, `absent`, `refused` with the rule's words, or why it cannot be read. */
export type HostFileRead = { readonly text: string } | { readonly absent: true } | { readonly refused: string } | { readonly unreadable: string };

/**
 * Reads a file a compose file names (relative to the sandbox) under the rule;
 * a symlink in the sandbox is judged by where it leads, so a file fetched
 * into the sandbox cannot read /etc/shadow into a pod.
 */
export async function readHostFile(sandbox: string, name: string, allowOutside: boolean): Promise<HostFileRead> {
  const full = hostPath(sandbox, name);
  if (!allowOutside && !(insideSandbox(sandbox, full) && (await staysInSandbox(sandbox, full)))) {
    const where = insideSandbox(sandbox, full) ? await realHostPath(full) : full;
    // The refusal follows the name as written: say where it leads only when that is elsewhere.
    return { refused: where === name ? `outside the sandbox, ${denied}` : refusal(where) };
  }
  try {
    return { text: await readFile(full, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { absent: true } : { unreadable: `cannot be read: ${code ?? (error instanceof Error ? error.message : String(error))}` };
  }
}
