import path from 'node:path';
import { createLogger, type Logger } from '../adapters/logger.js';
import { loadPlugins } from '../adapters/pluginModules.js';
import type { Plugin } from '../adapters/pluginHooks.js';
import { readExecutorConfig, type ExecutorConfig } from '../config/executorConfig.js';
import { coreSettings } from '../config/coreSettings.js';
import type { CoreSettings } from '../events/settings.js';
import type { AgentConnection } from '../mesos/agentConnection.js';
import { readExecutorEnvironment, type ExecutorEnvironment } from '../mesos/environment.js';

/** Everything the executor is started with, read and checked before anything runs. */
export interface ExecutorStart {
  environment: ExecutorEnvironment;
  config: ExecutorConfig;
  plugins: Plugin[];
  logger: Logger;
  /** What the core decides with; the log's header records it. */
  settings: CoreSettings;
  connection: AgentConnection;
}

/** `message` is what stderr says, whole. */
export type StartResult = { ok: true; start: ExecutorStart } | { ok: false; message: string };

const cannotStart = (errors: string[]): StartResult => ({ ok: false, message: `compose-executor: cannot start:\n${errors.map((error) => `  ${error}`).join('\n')}\n` });

/** The agent's environment, the operator's config file and its plugins; every problem is named at once. */
export async function fromEnvironment(env: NodeJS.ProcessEnv): Promise<StartResult> {
  const read = readExecutorEnvironment(env);
  const configured = readExecutorConfig(env.COMPOSE_EXECUTOR_CONFIG);
  if (!read.ok || !configured.ok) return cannotStart([...(read.ok ? [] : read.errors), ...(configured.ok ? [] : configured.errors)]);
  const { environment } = read;
  const { config } = configured;
  const loaded = await loadPlugins(config.plugins);
  if (!loaded.ok) return cannotStart(loaded.errors);
  let logger: Logger;
  try {
    logger = createLogger(path.resolve(environment.sandbox, config.executorLog));
  } catch (error) {
    return { ok: false, message: `compose-executor: cannot start: cannot open its log ${config.executorLog}: ${(error as Error).message}\n` };
  }
  const settings = coreSettings(environment, config);
  const connection: AgentConnection = {
    host: environment.agentEndpoint.host,
    port: environment.agentEndpoint.port,
    frameworkId: environment.frameworkId,
    executorId: environment.executorId,
    encoding: config.encoding,
    maxRecordBytes: config.maxRecordBytes,
    ...(environment.authenticationToken ? { authenticationToken: environment.authenticationToken } : {}),
  };
  return { ok: true, start: { environment, config, plugins: loaded.plugins, logger, settings, connection } };
}

/** What compose files may interpolate: the executor's environment, less the agent's secret. */
export function taskEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'MESOS_EXECUTOR_AUTHENTICATION_TOKEN'),
  );
}
