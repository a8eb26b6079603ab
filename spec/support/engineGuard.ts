import { restoreEngine } from './dockerEngine.js';

/**
 * Whatever happened in the run (a spec that failed, or was interrupted, with the engine down or
 * frozen), the machine's Docker engine is the user's again when the run ends.
 */
export async function mochaGlobalTeardown(): Promise<void> {
  await restoreEngine();
}
