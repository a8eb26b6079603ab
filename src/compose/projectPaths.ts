import path from 'node:path';
import { isRemoteContext } from './buildSpec.js';
import type { FileObject } from './fileObjects.js';
import type { ComposeFileModel, ServiceOverride } from './model.js';
import type { VolumeDefinition } from './volumeSyntax.js';

/**
 * Where relative paths lead, as Docker Compose v2 resolves them
 * (compose-go's paths/resolve.go). Every path the model holds is made
 * relative to the sandbox here, once, so the rest of the code reads it
 * from the sandbox:
 * - in the files the task names (`-f`, overrides included), relative to the
 *   project directory: the first file's directory, as Compose's working
 *   directory; so `-f deploy/compose.yml` finds `./app.env` in `deploy/`;
 * - in a file reached by `extends.file` or `include`, relative to that file.
 */

/** The project directory within the sandbox: the first file's directory, as Compose takes it. */
export const projectDirectory = (names: readonly string[]): string => path.posix.normalize(path.posix.dirname(names[0] ?? '.'));

/** A path written in a file whose paths resolve against `dir` (sandbox-relative), made sandbox-relative; an absolute one is kept. */
export const fromDirectory = (dir: string, written: string): string => (path.posix.isAbsolute(written) ? path.posix.normalize(written) : path.posix.join(dir, written));

/** The host paths of one service: bind sources, env and label files, and the build context (the Dockerfile stays relative to it; a git context is no path). */
export const rebased = (service: ServiceOverride, dir: string): ServiceOverride =>
  dir === '.'
    ? service
    : {
        ...service,
        ...(service.volumes === undefined ? {} : { volumes: service.volumes.map((volume) => (volume.type === 'bind' ? { ...volume, source: fromDirectory(dir, volume.source) } : volume)) }),
        ...(service.envFiles === undefined ? {} : { envFiles: service.envFiles.map((ref) => ({ ...ref, path: fromDirectory(dir, ref.path) })) }),
        ...(service.labelFiles === undefined ? {} : { labelFiles: service.labelFiles.map((labelFile) => fromDirectory(dir, labelFile)) }),
        ...(service.build?.context === undefined || isRemoteContext(service.build.context) ? {} : { build: { ...service.build, context: fromDirectory(dir, service.build.context) } }),
      };

const rebasedObjects = (objects: Record<string, FileObject> | undefined, dir: string): Record<string, FileObject> | undefined =>
  objects === undefined ? undefined : Object.fromEntries(Object.entries(objects).map(([key, object]) => [key, object.file === undefined ? object : { ...object, file: fromDirectory(dir, object.file) }]));

/** A `local` volume bound to a host directory (`o: bind`): Compose resolves its `device`, and only for the `local` driver named. */
export const boundDevice = (volume: VolumeDefinition): string | undefined => {
  const bind = (volume.driverOptions.o ?? '').split(',').some((option) => ['bind', 'rbind'].includes(option.trim()));
  return volume.driver === 'local' && bind ? volume.driverOptions.device : undefined;
};

const rebasedVolumes = (volumes: Record<string, VolumeDefinition> | undefined, dir: string): Record<string, VolumeDefinition> | undefined =>
  volumes === undefined
    ? undefined
    : Object.fromEntries(
        Object.entries(volumes).map(([key, volume]) => {
          const device = boundDevice(volume);
          return [key, device === undefined ? volume : { ...volume, driverOptions: { ...volume.driverOptions, device: fromDirectory(dir, device) } }];
        }),
      );

/** Every host path of a file (services, `secrets`/`configs` files, bound `local` volumes), read from `dir` instead of the file's own place. */
export const rebasedFile = (model: ComposeFileModel, dir: string): ComposeFileModel => {
  if (dir === '.') return model;
  const services = Object.fromEntries(Object.entries(model.services).map(([name, service]) => [name, rebased(service, dir)]));
  const secrets = rebasedObjects(model.secrets, dir);
  const configs = rebasedObjects(model.configs, dir);
  const volumes = rebasedVolumes(model.volumes, dir);
  return { ...model, services, ...(secrets === undefined ? {} : { secrets }), ...(configs === undefined ? {} : { configs }), ...(volumes === undefined ? {} : { volumes }) };
};

/** A `build` with no `context` builds from `dir`: Compose's default `.`, read where the file's paths lead from. */
export const withDefaultContexts = <S extends ServiceOverride>(services: Record<string, S>, dir: string): Record<string, S> =>
  dir === '.' ? services : Object.fromEntries(Object.entries(services).map(([name, service]) => [name, service.build === undefined || service.build.context !== undefined ? service : { ...service, build: { ...service.build, context: dir } }]));
