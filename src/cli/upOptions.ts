import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { formatComposeError } from '../compose/composeError.js';
import { parseDotEnv } from '../compose/dotEnv.js';
import { parsePortRanges } from './portRanges.js';

export interface UpOptions {
  files: string[];
  taskId?: string;
  ports?: Array<[number, number]>;
  /** What the executor's process gets beyond the agent's own variables, as a framework's task environment reaches it. */
  environment: Record<string, string>;
  /** Whether the `.env` beside the first file goes into the sandbox: as with Compose, not when --env-file names others. */
  dotEnv: boolean;
  /** The task's labels besides `fileName`. */
  labels: Record<string, string>;
  /** Absolute, as the executor runs in its sandbox. */
  config?: string;
  /** Services whose output is shown; all when absent. */
  attach?: string[];
  noAttach: string[];
  color: boolean;
  logPrefix: boolean;
  abortOnContainerExit: boolean;
  exitCodeFrom?: string;
}

/** The agent's own variables, which a shell's must not override. */
const AGENT_VARIABLE = /^(MESOS_|LIBPROCESS_)/;

/** `up`'s arguments, read as Docker Compose reads them; a string says what is wrong. */
export function readUpOptions(args: string[], shell: NodeJS.ProcessEnv): UpOptions | string {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      file: { type: 'string', short: 'f', multiple: true },
      'project-name': { type: 'string', short: 'p' },
      'task-id': { type: 'string' },
      env: { type: 'string', short: 'e', multiple: true },
      'env-file': { type: 'string', multiple: true },
      config: { type: 'string' },
      label: { type: 'string', multiple: true },
      ports: { type: 'string' },
      attach: { type: 'string', multiple: true },
      'no-attach': { type: 'string', multiple: true },
      'no-color': { type: 'boolean' },
      'no-log-prefix': { type: 'boolean' },
      'abort-on-container-exit': { type: 'boolean' },
      'exit-code-from': { type: 'string' },
      detach: { type: 'boolean', short: 'd' },
    },
  });
  if (values.detach) {
    return '--detach is not offered: the embedded Mesos agent is this process, and a pod whose agent has gone is killed; run `up` in a terminal of its own, or under Mesos';
  }
  if (positionals.length > 0) return `up takes no services to start, got ${positionals.join(' ')}: the pod is the whole file, as under Mesos`;
  const files = values.file?.length ? values.file : ['docker-compose.yml'];
  for (const file of files) if (!existsSync(file)) return `-f ${file}: no such file`;

  const fromFiles: Record<string, string> = {};
  for (const file of values['env-file'] ?? []) {
    const read = readEnvFile(file);
    if (typeof read === 'string') return read;
    Object.assign(fromFiles, read);
  }
  const given: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const [key, value] = splitPair(pair);
    // `-e KEY` takes KEY's value from the shell, as `docker compose run -e KEY` does.
    if (value === undefined && shell[key] === undefined) continue;
    given[key] = value ?? shell[key] ?? '';
  }
  const labels: Record<string, string> = {};
  for (const pair of values.label ?? []) {
    const [key, value] = splitPair(pair);
    if (key === '' || value === undefined) return `--label: expected KEY=VALUE, got ${JSON.stringify(pair)}`;
    if (key === 'fileName') return '--label fileName: the files are named with -f';
    labels[key] = value;
  }
  const config = values.config ?? shell.COMPOSE_EXECUTOR_CONFIG;
  if (config !== undefined && config !== '' && !existsSync(config)) return `--config ${config}: no such file`;
  const exitCodeFrom = values['exit-code-from'];
  const taskId = values['project-name'] ?? values['task-id'];
  const environment = { ...fromFiles, ...shellVariables(shell), ...given };
  delete environment['COMPOSE_EXECUTOR_CONFIG'];
  return {
    files,
    ...(taskId !== undefined ? { taskId } : {}),
    ...(values.ports ? { ports: parsePortRanges(values.ports) } : {}),
    environment,
    dotEnv: (values['env-file'] ?? []).length === 0,
    labels,
    ...(config ? { config: path.resolve(config) } : {}),
    ...(values.attach?.length ? { attach: values.attach } : {}),
    noAttach: values['no-attach'] ?? [],
    color: !values['no-color'] && shell.NO_COLOR === undefined,
    logPrefix: !values['no-log-prefix'],
    abortOnContainerExit: (values['abort-on-container-exit'] ?? false) || exitCodeFrom !== undefined,
    ...(exitCodeFrom !== undefined ? { exitCodeFrom } : {}),
  };
}

/** The shell's environment less the agent's variables, which the embedded agent sets for its executor. */
function shellVariables(shell: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(shell).filter((entry): entry is [string, string] => entry[1] !== undefined && !AGENT_VARIABLE.test(entry[0])));
}

function splitPair(pair: string): [string, string | undefined] {
  const equals = pair.indexOf('=');
  return equals < 0 ? [pair, undefined] : [pair.slice(0, equals), pair.slice(equals + 1)];
}

/** A Compose env file, read by the same parser as the `.env` beside a compose file. */
function readEnvFile(file: string): Record<string, string> | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `--env-file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`;
  }
  const parsed = parseDotEnv(file, text);
  return E.isLeft(parsed) ? parsed.left.map((error) => `--env-file ${formatComposeError(error)}`).join('\n') : parsed.right;
}
