import { createRequire } from 'node:module';

/** The package's version, recorded in every event log header. */
export const EXECUTOR_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
