import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel } from './model.js';
import { podResourceName } from './podNames.js';
import { boundDevice } from './projectPaths.js';
import type { VolumeDefinition } from './volumeSyntax.js';
import type { MountPlan, PodVolumePlan } from './podPlan.js';

/** A bind source as Docker needs it: absolute, a relative path taken from the sandbox. */
export const hostPath = (sandbox: string, source: string): string => path.posix.resolve(sandbox, source);

/** Whether a host path stays inside the sandbox once `..` is resolved. */
export const insideSandbox = (sandbox: string, absolute: string): boolean => {
  const relative = path.posix.relative(path.posix.resolve(sandbox), absolute);
  return !relative.startsWith('..') && !path.posix.isAbsolute(relative);
};

/** A `local` volume bound to a directory gets it absolute, as Compose sends it (a relative one is taken from the sandbox). */
const hostDriverOptions = (definition: VolumeDefinition, sandbox: string): Record<string, string> => {
  const device = boundDevice(definition);
  return device === undefined ? definition.driverOptions : { ...definition.driverOptions, device: hostPath(sandbox, device) };
};

/** Labels of a pod volume: the user's, then the pod's, so cleanup finds it by task and executor. */
const volumeLabels = (key: string, own: Record<string, string>, podLabels: Record<string, string>): Record<string, string> => ({
  ...own,
  ...podLabels,
  'com.docker.compose.volume': key,
});

/** The named volumes the pod owns (every declared one that is not external), named after the task. */
export const podVolumes = (model: ComposeModel, project: string, podLabels: Record<string, string>, sandbox: string): PodVolumePlan[] =>
  Object.entries(model.volumes)
    .filter(([, definition]) => !definition.external)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, definition]) => ({
      name: podResourceName(project, definition.name ?? key),
      labels: volumeLabels(key, definition.labels, podLabels),
      ...(definition.driver === undefined ? {} : { driver: definition.driver }),
      ...(Object.keys(definition.driverOptions).length === 0 ? {} : { driverOptions: hostDriverOptions(definition, sandbox) }),
    }));

/** A service's `volumes` as mounts: pod volumes by their task-scoped name, host paths made absolute. */
export const serviceMounts = (
  model: ComposeModel,
  name: string,
  project: string,
  podLabels: Record<string, string>,
  sandbox: string,
  file: string,
): E.Either<ComposeError[], MountPlan[]> => {
  const errors: ComposeError[] = [];
  const mounts: MountPlan[] = [];
  const targets = new Set<string>();
  (model.services[name]?.volumes ?? []).forEach((volume, i) => {
    const at = `services.${name}.volumes[${i}]`;
    if (targets.has(volume.target)) errors.push(composeError(file, at, `${volume.target} is mounted twice`));
    targets.add(volume.target);
    if (volume.type === 'bind') {
      mounts.push({ ...volume, source: hostPath(sandbox, volume.source) });
      return;
    }
    if (volume.type === 'tmpfs' || volume.source === undefined) {
      mounts.push(volume);
      return;
    }
    const definition = Object.hasOwn(model.volumes, volume.source) ? model.volumes[volume.source] : undefined;
    if (definition === undefined) {
      errors.push(composeError(file, at, `volume "${volume.source}" is not declared under the top-level volumes`));
      return;
    }
    if (definition.external) {
      mounts.push({ ...volume, source: definition.name ?? volume.source });
      return;
    }
    mounts.push({
      ...volume,
      source: podResourceName(project, definition.name ?? volume.source),
      labels: volumeLabels(volume.source, definition.labels, podLabels),
      ...(definition.driver === undefined ? {} : { driver: definition.driver }),
      ...(Object.keys(definition.driverOptions).length === 0 ? {} : { driverOptions: hostDriverOptions(definition, sandbox) }),
    });
  });
  return errors.length > 0 ? E.left(errors) : E.right(mounts);
};
