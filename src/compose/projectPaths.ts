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

/**
 * `~` as compose-go's ExpandUser reads it: a path that starts with it has it
 * replaced by the home directory (`~/data` and `~data` alike), before the
 * path is resolved; without a home it stays, a relative path.
 */
export const expandUser = (written: string, home: string | undefined): string => (home !== undefined && written.startsWith('~') ? path.posix.join(home, written.slice(1)) : written);

type PathMap = (written: string) => string;

/** The host paths of one service: bind sources, env and label files, and the build context (the Dockerfile stays relative to it; a git context is no path). */
const servicePaths = (service: ServiceOverride, to: PathMap): ServiceOverride => ({
  ...service,
  ...(service.volumes === undefined ? {} : { volumes: service.volumes.map((volume) => (volume.type === 'bind' ? { ...volume, source: to(volume.source) } : volume)) }),
  ...(service.envFiles === undefined ? {} : { envFiles: service.envFiles.map((ref) => ({ ...ref, path: to(ref.path) })) }),
  ...(service.labelFiles === undefined ? {} : { labelFiles: service.labelFiles.map(to) }),
  ...(service.build?.context === undefined || isRemoteContext(service.build.context) ? {} : { build: { ...service.build, context: to(service.build.context) } }),
});

/** A service's host paths, read from `dir` instead of its file's own place. */
export const rebased = (service: ServiceOverride, dir: string): ServiceOverride => (dir === '.' ? service : servicePaths(service, (written) => fromDirectory(dir, written)));

const objectPaths = (objects: Record<string, FileObject> | undefined, to: PathMap): Record<string, FileObject> | undefined =>
  objects === undefined ? undefined : Object.fromEntries(Object.entries(objects).map(([key, object]) => [key, object.file === undefined ? object : { ...object, file: to(object.file) }]));

/** A `local` volume bound to a host directory (`o: bind`): Compose resolves its `device`, and only for the `local` driver named. */
export const boundDevice = (volume: VolumeDefinition): string | undefined => {
  const bind = (volume.driverOptions.o ?? '').split(',').some((option) => ['bind', 'rbind'].includes(option.trim()));
  return volume.driver === 'local' && bind ? volume.driverOptions.device : undefined;
};

const volumePaths = (volumes: Record<string, VolumeDefinition> | undefined, to: PathMap): Record<string, VolumeDefinition> | undefined =>
  volumes === undefined
    ? undefined
    : Object.fromEntries(
        Object.entries(volumes).map(([key, volume]) => {
          const device = boundDevice(volume);
          return [key, device === undefined ? volume : { ...volume, driverOptions: { ...volume.driverOptions, device: to(device) } }];
        }),
      );

/** Every host path of a file (services, `secrets`/`configs` files, bound `local` volumes), mapped. */
const filePaths = (model: ComposeFileModel, to: PathMap): ComposeFileModel => {
  const services = Object.fromEntries(Object.entries(model.services).map(([name, service]) => [name, servicePaths(service, to)]));
  const secrets = objectPaths(model.secrets, to);
  const configs = objectPaths(model.configs, to);
  const volumes = volumePaths(model.volumes, to);
  return { ...model, services, ...(secrets === undefined ? {} : { secrets }), ...(configs === undefined ? {} : { configs }), ...(volumes === undefined ? {} : { volumes }) };
};

/** Every host path of a file, read from `dir` instead of the file's own place. */
export const rebasedFile = (model: ComposeFileModel, dir: string): ComposeFileModel => (dir === '.' ? model : filePaths(model, (written) => fromDirectory(dir, written)));

/**
 * Every host path of a file with `~` expanded to `home`, as compose-go
 * expands it in exactly these keys (paths/resolve.go: bind sources, env and
 * label files, build contexts, secret and config files, a bound `local`
 * volume's device), before any is resolved. The path is then absolute, and
 * outside the sandbox like any other.
 */
export const withHomeExpanded = (model: ComposeFileModel, home: string | undefined): ComposeFileModel => (home === undefined ? model : filePaths(model, (written) => expandUser(written, home)));

/** A `build` with no `context` builds from `dir`: Compose's default `.`, read where the file's paths lead from. */
export const withDefaultContexts = <S extends ServiceOverride>(services: Record<string, S>, dir: string): Record<string, S> =>
  dir === '.' ? services : Object.fromEntries(Object.entries(services).map(([name, service]) => [name, service.build === undefined || service.build.context !== undefined ? service : { ...service, build: { ...service.build, context: dir } }]));
