import { parseArgs } from 'node:util';
import { UsageError } from './usageError.js';

// Each command's usage, here so `--help` and a usage error answer without loading the command.
const COMMANDS: Record<string, string> = {
  up: `  compose-executor up [-f FILE]... [options]
                                         run a pod here as Mesos would, through an embedded agent, and show it
      -f, --file FILE                    a compose file (may be repeated; default docker-compose.yml)
      -p, --project-name NAME            the Mesos task id, which names the project (default pod-<random>)
      -e, --env KEY=VALUE                a variable of the task's environment (may be repeated)
      --env-file FILE                    variables from a KEY=VALUE file, beneath the shell's and -e's
      --config FILE                      the operator's executor config (default $COMPOSE_EXECUTOR_CONFIG)
      --label KEY=VALUE                  a task label (may be repeated), e.g. compose-executor.launch_timeout=2mins
      --ports BEGIN-END[,BEGIN-END]      host ports offered to the task (default 31000-31099)
      --attach SERVICE                   show only these services' output (may be repeated)
      --no-attach SERVICE                do not show this service's output (may be repeated)
      --no-color                         no colours
      --no-log-prefix                    no "service-1  | " before each line
      --abort-on-container-exit          kill the pod when any container exits
      --exit-code-from SERVICE           exit with SERVICE's exit code (implies --abort-on-container-exit)
      -d, --detach                       refused: the embedded agent is this process (see the README)
`,
  ps: `  compose-executor ps [--format table|json]
                                         every pod this executor runs on this host (under Mesos or up):
                                         state, uptime, and each service's phase, health, restarts, ports
      --format table|json                a table (default), or JSON for tools
`,
  logs: `  compose-executor logs TASK [SERVICE...]
                                         the output of a running pod's services, as up shows it
      -f, --follow                       keep following the output
      -n, --tail N|all                   only the last N lines of each service (default all)
      --since TIME                       lines since TIME: 2026-12-02T10:00:00Z, or relative: 42s, 10m, 2h
      -t, --timestamps                   show Docker's timestamp of each line
      --no-color                         no colours
      --no-log-prefix                    no "service-1  | " before each line
`,
  validate: `  compose-executor validate [-f FILE]... [--config FILE]
                                         check compose files: print every error, or ok
`,
  plan: `  compose-executor plan [-f FILE]... [--task-id ID] [--ports BEGIN-END] [--gpus N] [--config FILE]
                                         print the pod a task would run, as YAML
`,
  gc: `  compose-executor gc [--dry-run] [--config FILE]
                                         remove containers, networks, volumes and built images whose executor is gone
`,
  replay: `  compose-executor replay LOG [options] replay an event log offline (options: compose-executor replay --help)
`,
  diagram: `  compose-executor diagram [options]    draw the lifecycles into diagrams/ (options: compose-executor diagram --help)
`,
};

const USAGE = `usage:
  compose-executor                       run as a Mesos executor (configured by the agent's environment)
${Object.values(COMMANDS).join('')}  compose-executor --version             print the version
  compose-executor COMMAND --help        a command's usage
`;

/** The commands a person types. */
export async function main(argv: string[]): Promise<void> {
  // Started by a Mesos agent, it is the executor whatever follows it: Marathon appends the app's
  // `cmd` (which it requires to be longer than one character) to the executor's command line.
  const [command, ...rest] = startedByAgent(process.env) ? [] : argv;
  try {
    if (command === undefined) {
      const { runExecutor } = await loadExecutor();
      process.exit(await runExecutor());
    }
    endQuietlyOnClosedPipe();
    if (command === '--version' || command === '-V' || command === 'version') return writeVersion();
    if (command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(rest[0] && COMMANDS[rest[0]] ? `usage:\n${COMMANDS[rest[0]]}` : USAGE);
      return;
    }
    const usage = COMMANDS[command];
    if (usage === undefined) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    const asked = beforeOperands(rest);
    if (asked.includes('--help') || asked.includes('-h')) {
      process.stdout.write(`usage:\n${usage}`);
      return;
    }
    if (asked.includes('--version')) return writeVersion();
    process.exit(await run(command, rest));
  } catch (error) {
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const usage = command === undefined ? undefined : COMMANDS[command];
    const name = usage === undefined ? 'compose-executor' : `compose-executor ${command}`;
    process.stderr.write(`${name}: ${(error as Error).message}\n${isUsage ? (usage === undefined ? USAGE : `usage:\n${usage}`) : ''}`);
    process.exit(isUsage ? 2 : 1);
  }
}

async function run(command: string, rest: string[]): Promise<number> {
  switch (command) {
    case 'up': {
      const { readUpOptions } = await import('./upOptions.js');
      const options = readUpOptions(rest, process.env);
      if (typeof options === 'string') throw new UsageError(options);
      const { up } = await import('./up.js');
      return up(options);
    }
    case 'ps': {
      const { values } = parseArgs({ args: rest, options: { format: { type: 'string', default: 'table' } } });
      if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format: expected table or json, got ${JSON.stringify(values.format)}`);
      const { ps } = await import('./ps.js');
      return ps({ format: values.format });
    }
    case 'logs': {
      const { readLogsOptions } = await import('./logs.js');
      const options = readLogsOptions(rest);
      if (typeof options === 'string') throw new UsageError(options);
      const { logs } = await import('./logs.js');
      return logs(options);
    }
    case 'validate': {
      const { validate } = await import('./validate.js');
      return validate(rest);
    }
    case 'plan': {
      const { plan } = await import('./planCommand.js');
      return plan(rest);
    }
    case 'replay': {
      const { replay } = await import('./replayCommand.js');
      return replay(rest);
    }
    case 'gc': {
      const { values } = parseArgs({ args: rest, options: { 'dry-run': { type: 'boolean' }, config: { type: 'string' } } });
      const { readExecutorConfig } = await import('../config/executorConfig.js');
      const configured = readExecutorConfig(values.config ?? process.env.COMPOSE_EXECUTOR_CONFIG);
      if (!configured.ok) throw new Error(configured.errors.join('\n'));
      const { gc } = await import('./gc.js');
      return gc({ dryRun: values['dry-run'] ?? false, keptForMs: configured.config.cleanup.keptForMs });
    }
    case 'diagram': {
      const { diagram } = await import('./diagram.js');
      return diagram(rest);
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

/** The executor's modules; the startup snapshot (snapshot.ts) loads them while it is built, so a start only deserializes them. */
export const loadExecutor = () => import('../runtime/runExecutor.js');

/** The arguments before a `--`, after which everything is an operand. */
const beforeOperands = (args: string[]): string[] => (args.includes('--') ? args.slice(0, args.indexOf('--')) : args);

async function writeVersion(): Promise<void> {
  const { EXECUTOR_VERSION } = await import('./version.js');
  process.stdout.write(`compose-executor ${EXECUTOR_VERSION}\n`);
}

/** `compose-executor replay LOG | head`: once the reader has gone, there is nobody left to tell. */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
}

/** The agent sets both for every executor it launches; nobody types them. */
export function startedByAgent(env: NodeJS.ProcessEnv): boolean {
  return env.MESOS_AGENT_ENDPOINT !== undefined && env.MESOS_EXECUTOR_ID !== undefined;
}

