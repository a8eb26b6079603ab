import { parseMesosDuration } from './duration.js';

/** What the Mesos agent tells its executor through the environment. */
export interface ExecutorEnvironment {
  agentEndpoint: { host: string; port: number };
  frameworkId: string;
  executorId: string;
  sandbox: string;
  directory: string;
  checkpoint: boolean;
  /** Only with checkpointing: how long to keep re-subscribing. */
  recoveryTimeoutMs: number;
  /** Only with checkpointing: cap of the wait between re-subscriptions. */
  subscriptionBackoffMaxMs: number;
  shutdownGraceMs: number;
  authenticationToken?: string;
  agentId?: string;
}

export type EnvironmentResult =
  | { ok: true; environment: ExecutorEnvironment }
  | { ok: false; errors: string[] };

/** The agent's defaults for the variables it sets only with checkpointing. */
const DEFAULT_RECOVERY_TIMEOUT = '15mins';
const DEFAULT_SUBSCRIPTION_BACKOFF_MAX = '2secs';

/**
 * Reads the executor's environment; every missing or malformed variable is
 * reported at once, by name, with what was expected.
 */
export function readExecutorEnvironment(env: NodeJS.ProcessEnv): EnvironmentResult {
  const errors: string[] = [];

  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') errors.push(`${name}: missing (the Mesos agent sets it for every executor)`);
    return value ?? '';
  };
  const duration = (name: string, fallback: string | undefined): number => {
    const text = env[name] ?? fallback;
    if (text === undefined || text === '') {
      errors.push(`${name}: missing (the Mesos agent sets it for every executor)`);
      return 0;
    }
    const ms = parseMesosDuration(text);
    if (ms === null) errors.push(`${name}: expected a Mesos duration like 5secs or 500ms, got ${JSON.stringify(text)}`);
    return ms ?? 0;
  };

  const endpointText = required('MESOS_AGENT_ENDPOINT');
  const endpoint = parseEndpoint(endpointText);
  if (endpointText && !endpoint) {
    errors.push(`MESOS_AGENT_ENDPOINT: expected IP:port, got ${JSON.stringify(endpointText)}`);
  }
  const frameworkId = required('MESOS_FRAMEWORK_ID');
  const executorId = required('MESOS_EXECUTOR_ID');
  const sandbox = env.MESOS_SANDBOX || env.MESOS_DIRECTORY || '';
  if (!sandbox) errors.push('MESOS_SANDBOX: missing, and no MESOS_DIRECTORY to fall back on');
  const directory = env.MESOS_DIRECTORY || sandbox;

  const checkpointText = env.MESOS_CHECKPOINT ?? '0';
  if (checkpointText !== '0' && checkpointText !== '1') {
    errors.push(`MESOS_CHECKPOINT: expected 0 or 1, got ${JSON.stringify(checkpointText)}`);
  }
  const checkpoint = checkpointText === '1';
  const recoveryTimeoutMs = duration('MESOS_RECOVERY_TIMEOUT', DEFAULT_RECOVERY_TIMEOUT);
  const subscriptionBackoffMaxMs = duration('MESOS_SUBSCRIPTION_BACKOFF_MAX', DEFAULT_SUBSCRIPTION_BACKOFF_MAX);
  const shutdownGraceMs = duration('MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD', undefined);

  if (errors.length > 0 || !endpoint) return { ok: false, errors };
  return {
    ok: true,
    environment: {
      agentEndpoint: endpoint,
      frameworkId,
      executorId,
      sandbox,
      directory,
      checkpoint,
      recoveryTimeoutMs,
      subscriptionBackoffMaxMs,
      shutdownGraceMs,
      ...(env.MESOS_EXECUTOR_AUTHENTICATION_TOKEN ? { authenticationToken: env.MESOS_EXECUTOR_AUTHENTICATION_TOKEN } : {}),
      ...(env.MESOS_SLAVE_ID ? { agentId: env.MESOS_SLAVE_ID } : {}),
    },
  };
}

function parseEndpoint(text: string): { host: string; port: number } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/.exec(text);
  if (!match) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}
