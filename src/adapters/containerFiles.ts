import type Dockerode from 'dockerode';
import tar from 'tar-stream';
import type { FileCopyPlan } from '../compose/secretsAndConfigs.js';

/**
 * Secrets and configs given by value, written into a created container
 * before it starts, as Docker Compose writes them (secrets.go): one tar
 * through `PUT /containers/{id}/archive` at `/`, each file with its mode,
 * uid and gid; Docker makes the missing parent directories. The contents
 * never reach a log: a failure is told by target only.
 */
export async function copyFilesInto(container: Dockerode.Container, files: readonly FileCopyPlan[]): Promise<void> {
  if (files.length === 0) return;
  const unset = files.find((file) => file.unset !== undefined);
  if (unset !== undefined) throw new Error(unset.unset);
  const pack = tar.pack();
  for (const file of files) {
    pack.entry({ name: file.target.replace(/^\/+/, ''), mode: file.mode, uid: file.uid ?? 0, gid: file.gid ?? 0, mtime: new Date() }, file.content);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  // Without copyUIDGID Docker gives every file to the container's root, whatever the tar says.
  const owned = files.some((file) => file.uid !== undefined || file.gid !== undefined);
  await container.putArchive(Buffer.concat(chunks), { path: '/', ...(owned ? { copyUIDGID: 'true' } : {}) });
}
