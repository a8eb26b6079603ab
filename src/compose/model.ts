import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { reportValidation, type ComposeError, describeValue } from './composeError.js';
import { unsupportedTopLevelKey } from './composeKeys.js';
import { configDefinition, secretDefinition, type FileObject } from './fileObjects.js';
import { keyedMapping } from './keyedMapping.js';
import { networkDefinitions, type NetworkDefinition } from './networkSyntax.js';
import { service, type ServiceModel, type ServiceOverride } from './serviceModel.js';
import { includedPaths } from './serviceExtends.js';
import { decoder, expected, list, namedMapping, text } from './valueCodecs.js';
import { volumeDefinition, type VolumeDefinition } from './volumeSyntax.js';

export type { ServiceModel, ServiceOverride } from './serviceModel.js';

export interface IncludeEntry {
  readonly paths: string[];
  /** `project_directory`: where the included files' relative paths lead from; by default the first file's directory. */
  readonly projectDirectory?: string;
}

export interface ComposeFileModel {
  /** Compose's project name; kept, but the plan names the project after the task. */
  readonly name?: string;
  readonly services: Record<string, ServiceOverride>;
  readonly volumes?: Record<string, VolumeDefinition>;
  readonly networks?: Record<string, NetworkDefinition>;
  readonly secrets?: Record<string, FileObject>;
  readonly configs?: Record<string, FileObject>;
  /** Keys of this file read and ignored, by key path. */
  readonly warnings?: string[];
  /** The files `include` names, as written (relative to this file), and the project directory of each entry when it sets one. */
  readonly include?: IncludeEntry[];
}

export interface ComposeModel {
  readonly name?: string;
  readonly services: Record<string, ServiceModel>;
  /** The top-level `volumes`, by their key in the file. */
  readonly volumes: Record<string, VolumeDefinition>;
  /** The top-level `networks`, by their key in the file; `default` only when the file configures it. */
  readonly networks: Record<string, NetworkDefinition>;
  /** The top-level `secrets` and `configs`, by their key in the file. */
  readonly secrets: Record<string, FileObject>;
  readonly configs: Record<string, FileObject>;
  /** What loading ignored or rewrote (`services.web.develop: ignored: ...`), by key path; the plan reports them. */
  readonly warnings?: string[];
}

const defined = <R extends Record<string, unknown>>(record: R): R =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as R;

const serviceName = (name: string): string | undefined =>
  /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(name) ? undefined : `expected a service name of letters, digits, '.', '_' or '-', got ${describeValue(name)}`;

const volumeName = (name: string): string | undefined =>
  /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(name) ? undefined : `expected a volume name of letters, digits, '.', '_' or '-', got ${describeValue(name)}`;

const composeFileFields = keyedMapping(
  'a compose file mapping',
  {
    // Obsolete in Compose itself; read and dropped so old files keep working.
    version: decoder<unknown>('a version', (u, c) => (typeof u === 'string' || typeof u === 'number' ? t.success(u) : expected('a version string', u, c))),
    name: text,
    services: namedMapping(service, 'a mapping of services', serviceName),
    volumes: namedMapping(volumeDefinition, 'a mapping of volumes', volumeName),
    networks: networkDefinitions,
    secrets: namedMapping(secretDefinition, 'a mapping of secrets'),
    configs: namedMapping(configDefinition, 'a mapping of configs'),
    include: list(
      decoder<IncludeEntry>('an include', (u, c) => {
        const paths = includedPaths(u);
        if (paths.length === 0) return expected('a path or a mapping with path', u, c);
        const remote = paths.find((file) => /^[a-z]+:\/\/|^git@/.test(file));
        if (remote !== undefined) return t.failure(u, c, `${remote}: a remote include is not supported: the pod reads only files in its sandbox`);
        const projectDirectory = typeof u === 'object' && u !== null ? (u as { project_directory?: unknown }).project_directory : undefined;
        return t.success(typeof projectDirectory === 'string' && projectDirectory !== '' ? { paths, projectDirectory } : { paths });
      }),
      'a list of files',
    ),
  },
  { unsupported: unsupportedTopLevelKey },
);

/** The codec of one compose file, after YAML parsing and interpolation. */
export const ComposeFile = decoder<ComposeFileModel>('a compose file', (u, c) => {
  const fields = composeFileFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  const { name, services = {}, volumes, networks, secrets, configs, include } = fields.right;
  return t.success(defined({ name, services, volumes, networks, secrets, configs, include }));
});

/** Decodes one file, reporting every mistake in it at once. */
export const decodeComposeFile = (file: string, document: unknown): E.Either<ComposeError[], ComposeFileModel> =>
  E.mapLeft((errors: t.Errors) => reportValidation(file, errors))(ComposeFile.decode(document));
