import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { reportValidation, type ComposeError } from './composeError.js';
import { unsupportedServiceKey, unsupportedTopLevelKey } from './composeKeys.js';
import { keyedMapping } from './keyedMapping.js';
import { exposedPort, portSpec, type PortSpec } from './portSyntax.js';
import {
  commandLine,
  dependsOn,
  environment,
  healthcheck,
  labels,
  networkMode,
  restart,
  type Dependency,
  type Environment,
  type Healthcheck,
  type Labels,
  type NetworkMode,
  type RestartPolicy,
} from './serviceValues.js';
import { decoder, duration, expected, list, namedMapping, text } from './valueCodecs.js';

/** A service as the merged compose files describe it, in one normal shape. */
export interface ServiceModel {
  readonly image: string;
  readonly command?: string[];
  readonly entrypoint?: string[];
  /** `null` for a bare `KEY`: its value comes from the task's environment. */
  readonly environment: Environment;
  readonly labels: Labels;
  readonly dependsOn: Record<string, Dependency>;
  readonly networkMode?: NetworkMode;
  readonly ports: PortSpec[];
  /** Informational only: containers on the pod network reach every port anyway. */
  readonly expose: string[];
  readonly restart?: RestartPolicy;
  readonly stopSignal?: string;
  readonly stopGracePeriodMs?: number;
  readonly workingDir?: string;
  readonly user?: string;
  readonly hostname?: string;
  readonly healthcheck?: Healthcheck;
}

/** A service as one file describes it: an override file may leave out anything, even the image. */
export type ServiceOverride = { -readonly [K in keyof ServiceModel]?: ServiceModel[K] };

export interface ComposeFileModel {
  /** Compose's project name; kept, but the plan names the project after the task. */
  readonly name?: string;
  readonly services: Record<string, ServiceOverride>;
}

export interface ComposeModel {
  readonly name?: string;
  readonly services: Record<string, ServiceModel>;
}

const serviceFields = keyedMapping(
  'a service mapping',
  {
    image: text,
    command: commandLine,
    entrypoint: commandLine,
    environment,
    labels,
    depends_on: dependsOn,
    network_mode: networkMode,
    ports: list(portSpec, 'a list of ports'),
    expose: list(exposedPort, 'a list of ports'),
    restart,
    stop_signal: text,
    stop_grace_period: duration,
    working_dir: text,
    user: decoder<string>('a user', (u, c) => (typeof u === 'string' || (typeof u === 'number' && Number.isInteger(u)) ? t.success(String(u)) : expected('a user name or id', u, c))),
    hostname: text,
    healthcheck,
  },
  { unsupported: unsupportedServiceKey },
);

const defined = <R extends Record<string, unknown>>(record: R): R =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as R;

const service = decoder<ServiceOverride>('a service', (u, c) => {
  const fields = serviceFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  const f = fields.right;
  return t.success(
    defined({
      image: f.image,
      command: f.command,
      entrypoint: f.entrypoint,
      environment: f.environment,
      labels: f.labels,
      dependsOn: f.depends_on,
      networkMode: f.network_mode,
      ports: f.ports,
      expose: f.expose,
      restart: f.restart,
      stopSignal: f.stop_signal,
      stopGracePeriodMs: f.stop_grace_period,
      workingDir: f.working_dir,
      user: f.user,
      hostname: f.hostname,
      healthcheck: f.healthcheck,
    }),
  );
});

const serviceName = (name: string): string | undefined =>
  /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(name) ? undefined : `expected a service name of letters, digits, '.', '_' or '-', got ${JSON.stringify(name)}`;

const composeFileFields = keyedMapping(
  'a compose file mapping',
  {
    // Obsolete in Compose itself; read and dropped so old files keep working.
    version: decoder<unknown>('a version', (u, c) => (typeof u === 'string' || typeof u === 'number' ? t.success(u) : expected('a version string', u, c))),
    name: text,
    services: namedMapping(service, 'a mapping of services', serviceName),
  },
  { unsupported: unsupportedTopLevelKey },
);

/** The codec of one compose file, after YAML parsing and interpolation. */
export const ComposeFile = decoder<ComposeFileModel>('a compose file', (u, c) => {
  const fields = composeFileFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  return t.success(defined({ name: fields.right.name, services: fields.right.services ?? {} }));
});

/** Decodes one file, reporting every mistake in it at once. */
export const decodeComposeFile = (file: string, document: unknown): E.Either<ComposeError[], ComposeFileModel> =>
  E.mapLeft((errors: t.Errors) => reportValidation(file, errors))(ComposeFile.decode(document));
