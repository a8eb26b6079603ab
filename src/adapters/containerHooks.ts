import type Dockerode from 'dockerode';
import { PassThrough } from 'node:stream';
import type { CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { execToEnd } from './containerExec.js';
import { dockerMessage } from './dockerErrors.js';
import type { Logger } from './logger.js';

/** What of a failing hook's output its message keeps, as Compose keeps it (hook.go): the last lines, stderr first. */
const TAIL_LINES = 10;
const TAIL_BYTES = 2048;

/** The last lines written to it, bounded, so a chatty hook never grows the executor's memory. */
class OutputTail extends PassThrough {
  private text = '';
  constructor() {
    super();
    this.on('data', (chunk: Buffer) => (this.text = (this.text + chunk.toString('utf8')).slice(-4 * TAIL_BYTES)));
  }

  tail(): string {
    const lines = this.text
      .split('\n')
      .map((line) => line.replace(/\r$/, '').split('\r').at(-1) ?? '')
      .filter((line) => line.trim() !== '');
    const kept = lines.slice(-TAIL_LINES).join('\n').trim();
    return kept.length > TAIL_BYTES ? kept.slice(-TAIL_BYTES) : kept;
  }
}

/** `KEY=VALUE`, or `KEY` alone for a bare key, as Compose's ToMobyEnv passes them. */
const execEnv = (environment: Record<string, string | null> | undefined): string[] | undefined =>
  environment === undefined ? undefined : Object.entries(environment).map(([key, value]) => (value === null ? key : `${key}=${value}`));

/**
 * Runs one `post_start` or `pre_stop` hook as Compose runs it: an exec in
 * the service's container with the hook's user, privileges, directory and
 * environment, waited for to its end, then judged by its exit code. The
 * hook itself has no deadline, as in Compose: the launch timeout bounds a
 * `post_start`, the kill grace a `pre_stop`. `within` bounds each call.
 */
export async function runHook(docker: Dockerode, command: CommandOf<'container.exec_hook'>, within: <T>(call: Promise<T>) => Promise<T>, logger: Logger): Promise<Input> {
  const { taskId, service, stage, index, hook } = command;
  const about = { taskId, service, stage, index };
  const failed = (message: string, exitCode?: number): Input => ({ type: 'container.hook_failed', ...about, message, ...(exitCode === undefined ? {} : { exitCode }) });
  try {
    const out = new OutputTail();
    const err = new OutputTail();
    const exitCode = await execToEnd(
      docker,
      command.containerId,
      {
        Cmd: hook.command,
        ...(hook.user === undefined ? {} : { User: hook.user }),
        ...(hook.privileged === undefined ? {} : { Privileged: hook.privileged }),
        ...(hook.workingDir === undefined ? {} : { WorkingDir: hook.workingDir }),
        ...(hook.environment === undefined ? {} : { Env: execEnv(hook.environment) }),
      },
      { stdout: out, stderr: err },
      within,
    );
    if (exitCode === 0) {
      logger.info(about, 'hook exited 0');
      return { type: 'container.hook_done', ...about };
    }
    const said = err.tail() || out.tail();
    logger.warn({ ...about, exitCode, output: said }, 'hook failed');
    if (exitCode === undefined) return failed(`ended with no exit code${said ? `: ${said}` : ''}`);
    return failed(`exited with status ${exitCode}${said ? `: ${said}` : ''}`, exitCode);
  } catch (error) {
    logger.warn({ ...about, error: dockerMessage(error) }, 'hook could not run');
    return failed(`could not run: ${dockerMessage(error)}`);
  }
}
