import path from 'node:path';
import { EXECUTOR_VERSION } from '../cli/version.js';
import { EventLogWriter } from '../events/eventLog.js';
import { LOG_FORMAT, LOG_FORMAT_VERSION } from '../events/logRecord.js';
import type { ExecutorStart } from './fromEnvironment.js';

/** The event log in the sandbox, headed by what the core starts from; a log that cannot be written is reported, and the pod goes on. */
export function openEventLog({ environment, config, plugins, logger, settings }: ExecutorStart): EventLogWriter {
  return new EventLogWriter(
    path.resolve(environment.sandbox, config.eventLog),
    {
      format: LOG_FORMAT,
      version: LOG_FORMAT_VERSION,
      executorVersion: EXECUTOR_VERSION,
      startedAt: new Date().toISOString(),
      config: { settings, frameworkId: environment.frameworkId, executorId: environment.executorId, plugins: plugins.map((plugin) => plugin.name) },
    },
    (message) => logger.error({ problem: message }, 'the event log cannot be written; the pod goes on without it'),
  );
}
