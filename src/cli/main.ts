import { parseArgs } from 'node:util';

const USAGE = `usage:
  compose-executor                       run as a Mesos executor (configured by the agent's environment)
  compose-executor up -f FILE [-f FILE]  run a pod locally through an embedded Mesos agent
      --ports BEGIN-END                  host ports offered to the task (default 31000-31099)
      --task-id ID                       the Mesos task id (default: a random one)
  compose-executor validate -f FILE [-f FILE] [--config FILE]
                                         check compose files: print every error, or ok
  compose-executor plan -f FILE [-f FILE] [--task-id ID] [--ports BEGIN-END] [--config FILE]
                                         print the pod a task would run, as YAML
  compose-executor gc [--dry-run] [--config FILE]        remove containers, networks, volumes and built images whose executor is gone
  compose-executor replay LOG            replay an event log offline (options: compose-executor replay --help)
  compose-executor diagram               draw the lifecycles into diagrams/ (options: compose-executor diagram --help)
`;

/** The commands a person types. */
export async function main(argv: string[]): Promise<void> {
  // Started by a Mesos agent, it is the executor whatever follows it: Marathon appends the app's
  // `cmd` (which it requires to be longer than one character) to the executor's command line.
  const [command, ...rest] = startedByAgent(process.env) ? [] : argv;
  try {
    switch (command) {
      case undefined: {
        const { runExecutor } = await import('./executor.js');
        process.exit(await runExecutor());
      }
      case 'up': {
        const { values } = parseArgs({
          args: rest,
          options: { file: { type: 'string', short: 'f', multiple: true }, ports: { type: 'string' }, 'task-id': { type: 'string' } },
        });
        if (!values.file?.length) throw new UsageError('up needs at least one -f FILE');
        const { up } = await import('./up.js');
        process.exit(
          await up({
            files: values.file,
            ...(values.ports ? { ports: parsePortRanges(values.ports) } : {}),
            ...(values['task-id'] ? { taskId: values['task-id'] } : {}),
          }),
        );
      }
      case 'validate': {
        const { validate } = await import('./validate.js');
        process.exit(await validate(rest));
      }
      case 'plan': {
        const { plan } = await import('./plan.js');
        process.exit(await plan(rest));
      }
      case 'replay': {
        const { replay } = await import('./replay.js');
        process.exit(await replay(rest));
      }
      case 'gc': {
        const { values } = parseArgs({ args: rest, options: { 'dry-run': { type: 'boolean' }, config: { type: 'string' } } });
        const { readExecutorConfig } = await import('./executorConfig.js');
        const configured = readExecutorConfig(values.config ?? process.env.COMPOSE_EXECUTOR_CONFIG);
        if (!configured.ok) throw new Error(configured.errors.join('\n'));
        const { gc } = await import('./gc.js');
        process.exit(await gc({ dryRun: values['dry-run'] ?? false, keptForMs: configured.config.cleanup.keptForMs }));
      }
      case 'diagram': {
        const { diagram } = await import('./diagram.js');
        process.exit(await diagram(rest));
      }
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`compose-executor: ${(error as Error).message}\n${usage ? USAGE : ''}`);
    process.exit(usage ? 2 : 1);
  }
}

class UsageError extends Error {}

/** The agent sets both for every executor it launches; nobody types them. */
export function startedByAgent(env: NodeJS.ProcessEnv): boolean {
  return env.MESOS_AGENT_ENDPOINT !== undefined && env.MESOS_EXECUTOR_ID !== undefined;
}

/** `31000-31010,32000-32005` → [[31000, 31010], [32000, 32005]]. */
export function parsePortRanges(text: string): Array<[number, number]> {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    const begin = Number(match?.[1]);
    const end = Number(match?.[2] ?? match?.[1]);
    if (!match || begin < 1 || end > 65535 || begin > end) throw new UsageError(`--ports: expected BEGIN-END ranges like 31000-31010, got ${JSON.stringify(part)}`);
    return [begin, end];
  });
}
