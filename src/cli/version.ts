import { createRequire } from 'node:module';

/** Set by the bundle, which has no package.json beside it. */
declare const COMPOSE_EXECUTOR_VERSION: string | undefined;

/** The package's version, recorded in every event log header. */
export const EXECUTOR_VERSION: string =
  typeof COMPOSE_EXECUTOR_VERSION === 'string'
    ? COMPOSE_EXECUTOR_VERSION
    : (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
