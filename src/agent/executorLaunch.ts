import type { EmbeddedAgent } from './embeddedAgent.js';
import { spawnExecutor, type ExecutorProcess, type SpawnExecutorOptions } from './executorProcess.js';
import { fetchUris, type FetchUri } from './fetcher.js';

/**
 * Launches the executor an ExecutorInfo describes, as the agent does: its
 * URIs fetched into the sandbox, `/bin/sh -c <value>` when `shell` (the
 * default) or `value` with `arguments` otherwise, and the CommandInfo's
 * environment over the agent's own (slave.cpp, executorEnvironment).
 */
export async function launchExecutor(
  agent: EmbeddedAgent,
  executorInfo: Record<string, any>,
  options: Omit<SpawnExecutorOptions, 'agent' | 'command' | 'env'> & { env?: Record<string, string> },
): Promise<ExecutorProcess> {
  const command = (executorInfo['command'] ?? {}) as Record<string, any>;
  await fetchUris((command['uris'] ?? []) as FetchUri[], options.sandbox);
  const value = String(command['value'] ?? '');
  const argv = command['shell'] === false ? [value, ...((command['arguments'] ?? []) as string[]).slice(1)] : ['/bin/sh', '-c', value];
  const variables = (command['environment']?.['variables'] ?? []) as Array<{ name: string; value?: string }>;
  const env = { ...options.env, ...Object.fromEntries(variables.map((variable) => [variable.name, variable.value ?? ''])) };
  return spawnExecutor({ ...options, agent, command: argv, env });
}
