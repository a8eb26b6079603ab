import type Dockerode from 'dockerode';
import { PassThrough } from 'node:stream';
import type { CommandOf, HookStage } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { execToEnd } from './containerExec.js';
import { dockerMessage } from './dockerErrors.js';
import type { LogLine, OutputStream } from './logFrames.js';
import type { Logger } from './logger.js';
import { OutputLines } from './outputLines.js';

/** Where a hook's output lines go as it writes them: the sandbox's stdout and stderr (PodOutput.writeHook). */
export type HookOutput = (service: string, stage: HookStage, lines: readonly LogLine[]) => void;

/** What of a failing hook's output its message keeps, as Compose keeps it (hook.go): the last lines, stderr first. */
const TAIL_LINES = 10;
const TAIL_BYTES = 2048;

/** The last lines written to it, bounded, so a chatty hook never grows the executor's memory; each line also goes to `forward`. */
class OutputTail extends PassThrough {
  private text = '';
  private readonly lines = new OutputLines();
  constructor(private readonly forward: (lines: string[]) => void) {
    super();
    this.on('data', (chunk: Buffer) => {
      this.text = (this.text + chunk.toString('utf8')).slice(-4 * TAIL_BYTES);
      this.forward(this.lines.push(chunk));
    });
  }

  /** The exec ended: its last line without a newline goes out too. */
  flush(): void {
    this.forward(this.lines.end());
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
 * What it writes goes to `output` line by line, as Compose shows it; only
 * the tail of a failing hook's reaches the event log, in its message. The
 * answer says how long the hook took, so a stop after `pre_stop` gets what
 * is left of the kill's grace.
 */
export async function runHook(
  docker: Dockerode,
  command: CommandOf<'container.exec_hook'>,
  within: <T>(call: Promise<T>) => Promise<T>,
  logger: Logger,
  output: HookOutput = () => {},
): Promise<Input> {
  const { taskId, service, stage, index, hook } = command;
  const about = { taskId, service, stage, index };
  const started = performance.now();
  const took = () => ({ tookMs: Math.round(performance.now() - started) });
  const failed = (message: string, exitCode?: number): Input => ({ type: 'container.hook_failed', ...about, message, ...(exitCode === undefined ? {} : { exitCode }), ...took() });
  const forward = (stream: OutputStream) => (lines: string[]) => {
    if (lines.length > 0) output(service, stage, lines.map((text) => ({ stream, text })));
  };
  try {
    const out = new OutputTail(forward('stdout'));
    const err = new OutputTail(forward('stderr'));
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
      { stdout: out, stderr: err, ...(command.tty ? { tty: true } : {}) },
      within,
    );
    out.flush();
    err.flush();
    if (exitCode === 0) {
      logger.info(about, 'hook exited 0');
      return { type: 'container.hook_done', ...about, ...took() };
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
