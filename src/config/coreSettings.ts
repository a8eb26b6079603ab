import { podSettingsOf, type CoreSettings } from '../events/settings.js';
import type { ExecutorEnvironment } from '../mesos/environment.js';
import type { ExecutorConfig } from './executorConfig.js';

/**
 * What the core starts on: the session's settings from the agent's
 * environment, the acknowledgement wait and the pod settings from the config
 * file. The log header records it; replay starts from it.
 */
export function coreSettings(environment: ExecutorEnvironment, config: ExecutorConfig): CoreSettings {
  return {
    checkpoint: environment.checkpoint,
    shutdownGraceMs: environment.shutdownGraceMs,
    recoveryTimeoutMs: environment.recoveryTimeoutMs,
    subscriptionBackoffMaxMs: environment.subscriptionBackoffMaxMs,
    acknowledgementWaitMs: config.acknowledgementWaitMs,
    ...podSettingsOf(config),
  };
}
