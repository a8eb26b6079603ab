import type Dockerode from 'dockerode';
import { BUILT_LABEL } from '../compose/buildPlan.js';
import { LABELS } from '../compose/labels.js';
import { dockerMessage } from './dockerErrors.js';

/**
 * The images executors built (labelled `compose-executor.built`) that `gc`
 * may remove: none of them in use by any container, running or stopped,
 * and the executor that built it gone. Another task may reuse a built image
 * at any time; one whose builder still runs is never touched.
 */

export interface BuiltImage {
  id: string;
  tags: string[];
  taskId: string;
}

export async function findBuiltImages(docker: Dockerode, orphaned: (labels: Record<string, string>) => boolean | Promise<boolean>, taskId?: string): Promise<BuiltImage[]> {
  const label = [BUILT_LABEL, ...(taskId !== undefined ? [`${LABELS.taskId}=${taskId}`] : [])];
  const [images, containers] = await Promise.all([docker.listImages({ filters: JSON.stringify({ label }) }), docker.listContainers({ all: true })]);
  const inUse = new Set(containers.map((container) => container.ImageID));
  const unused = images.filter((image) => !inUse.has(image.Id));
  const verdicts = await Promise.all(unused.map((image) => orphaned(image.Labels ?? {})));
  return unused
    .filter((_, index) => verdicts[index])
    .map((image) => ({ id: image.Id, tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'), taskId: image.Labels?.[LABELS.taskId] ?? '' }));
}

/** Untags each image, tag by tag, so Docker removes it with its layers once the last name goes; a container made meanwhile keeps it. */
export async function removeBuiltImages(docker: Dockerode, images: readonly BuiltImage[]): Promise<{ removed: BuiltImage[]; failures: string[] }> {
  const removed: BuiltImage[] = [];
  const failures: string[] = [];
  for (const image of images) {
    try {
      for (const name of image.tags.length > 0 ? image.tags : [image.id]) await docker.getImage(name).remove();
      removed.push(image);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) removed.push(image);
      else failures.push(`image ${image.tags[0] ?? image.id}: ${dockerMessage(error)}`);
    }
  }
  return { removed, failures };
}
