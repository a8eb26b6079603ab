import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { verifyLogFile } from '../replay/verifier.js';
import { machineStates } from '../replay/machineStates.js';
import { replayStream, type StreamedStep } from '../replay/replayStream.js';
import { StateTracker } from '../replay/stateReport.js';
import type { CoreState } from '../machines/decider.js';
import { writeReplayPage } from '../viewer/writeReplayPage.js';
import { writeReplaySvg } from './replaySvg.js';
import { formatDivergence, formatReport, formatStart, formatStep, inputSource } from './timeline.js';

export const REPLAY_USAGE = `  compose-executor replay LOG            replay an event log offline: each input, the states it moved, its commands
      --verify                           exit 1 naming the first input whose replayed commands differ from the log's
      --at N                             show the whole state once record N was written
      --from N, --to N                   only the inputs numbered N or later, N or earlier
      --follow                           keep reading the log as the executor writes it
      --json                             JSON, one object a line
      --svg OUT.svg                      draw each pod's and the executor's path on their lifecycle diagrams: states
                                         visited, transitions numbered in the order taken (with --to: up to record N)
      --html OUT.html                    write a page to step through the log in a browser: timeline, each step's
                                         states, services, timers and updates, the diagrams lit (with --from/--to: those records)
`;

export interface ReplayOutput {
  /** false when the text was buffered and `drained` should be awaited before more. */
  out: (text: string) => unknown;
  drained?: () => Promise<void>;
  err: (text: string) => void;
  /** Ends --follow. */
  signal?: AbortSignal;
  followIntervalMs?: number;
}

const defaultOutput: ReplayOutput = {
  out: (text) => process.stdout.write(text),
  drained: () => once(process.stdout, 'drain').then(() => {}),
  err: (text) => process.stderr.write(text),
};

/** `compose-executor replay`: 0 when done (or verified), 1 on a divergence or an unreadable log, 2 on a usage error. */
export async function replay(args: string[], output: ReplayOutput = defaultOutput): Promise<number> {
  const { out, err } = output;
  let options;
  try {
    if (args.includes('--help') || args.includes('-h')) {
      out(`usage:\n${REPLAY_USAGE}`);
      return 0;
    }
    options = readOptions(args);
  } catch (error) {
    err(`compose-executor replay: ${(error as Error).message}\nusage:\n${REPLAY_USAGE}`);
    return 2;
  }
  if (options.verify) {
    // Streamed: a day-long log is verified in flat memory, never read whole.
    const verified = await verifyLogFile(options.file);
    if (!verified.ok) return fail(err, options.file, verified.message);
    for (const warning of verified.warnings) err(`${options.file}: ${warning}\n`);
    const { divergence } = verified;
    if (options.json) out(JSON.stringify({ verified: divergence === null, divergence }) + '\n');
    else if (divergence) out(formatDivergence(divergence) + '\n');
    else out(`${options.file}: ${counted(verified.inputs, verified.commands)} replay to the recorded commands\n`);
    return divergence ? 1 : 0;
  }

  if (options.svg !== undefined) {
    try {
      out(await writeReplaySvg(options.file, options.svg, options.to, (warning) => err(`${options.file}: ${warning}\n`)));
      return 0;
    } catch (error) {
      return fail(err, options.file, (error as Error).message);
    }
  }
  if (options.html !== undefined) {
    try {
      const window = { ...(options.from !== undefined ? { from: options.from } : {}), ...(options.to !== undefined ? { to: options.to } : {}) };
      out(await writeReplayPage(options.file, options.html, window, (warning) => err(`${options.file}: ${warning}\n`)));
      return 0;
    } catch (error) {
      return fail(err, options.file, (error as Error).message);
    }
  }
  return streamedReplay(options, output);
}

/** The timeline, or with --at the state at one record, read as the log is: the timeline stops after --to, --at after its record. */
async function streamedReplay(options: ReplayOptions, { out, err, drained, signal, followIntervalMs }: ReplayOutput): Promise<number> {
  const wanted = (seq: number) => seq >= (options.from ?? 0);
  let tracker: StateTracker | undefined;
  let state: CoreState | undefined;
  try {
    // --follow (not with --at) keeps reading what the executor adds until interrupted.
    const following = options.follow && options.at === undefined ? { ...(signal ? { signal } : {}), ...(followIntervalMs !== undefined ? { intervalMs: followIntervalMs } : {}) } : undefined;
    for await (const item of replayStream(options.file, undefined, following)) {
      if (item.kind === 'warning') err(`${options.file}: ${item.message}\n`);
      else if (item.kind === 'start') {
        state = item.state;
        if (options.at !== undefined) tracker = new StateTracker(item.commands);
        else if (!options.json) {
          out(`${options.file}: compose-executor ${item.header.executorVersion}, started ${item.header.startedAt}\n`);
          if (wanted(0)) out(formatStart(item.commands, machineStates(item.state).executor) + '\n');
        }
      } else {
        // Any record past the last one asked for ends the reading, so what lies beyond is never read.
        if (item.kind === 'step') tracker?.firstInputAt(item.step.at);
        if ((item.kind === 'step' ? item.step.seq : item.seq) > (options.at ?? options.to ?? Infinity)) break;
        if (item.kind === 'recorded') continue;
        const { step } = item;
        if (tracker) {
          tracker.step(step);
          state = step.state;
        } else if (wanted(step.seq)) {
          // A reader slower than the replay (a pager, a pipe) holds it back rather than letting the output pile up in memory.
          if (out((options.json ? JSON.stringify(stepJson(step)) : formatStep(step)) + '\n') === false) await drained?.();
        }
      }
    }
  } catch (error) {
    return fail(err, options.file, (error as Error).message);
  }
  if (tracker && state) {
    const report = tracker.report(state);
    out((options.json ? JSON.stringify(report) : formatReport(report)) + '\n');
  }
  return 0;
}

interface ReplayOptions {
  file: string;
  verify: boolean;
  json: boolean;
  follow: boolean;
  svg?: string;
  html?: string;
  at?: number;
  from?: number;
  to?: number;
}

function readOptions(args: string[]): ReplayOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      verify: { type: 'boolean' },
      json: { type: 'boolean' },
      follow: { type: 'boolean' },
      at: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      svg: { type: 'string' },
      html: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'replay needs a LOG file' : `replay takes one LOG file, got ${positionals.length}`);
  const seq = (name: string, text: string | undefined) => {
    if (text === undefined) return {};
    if (!/^\d+$/.test(text)) throw new Error(`--${name}: expected a record number, got ${JSON.stringify(text)}`);
    return { [name]: Number(text) };
  };
  return {
    file: positionals[0]!,
    verify: values.verify ?? false,
    json: values.json ?? false,
    follow: values.follow ?? false,
    ...(values.svg !== undefined ? { svg: values.svg } : {}),
    ...(values.html !== undefined ? { html: values.html } : {}),
    ...seq('at', values.at),
    ...seq('from', values.from),
    ...seq('to', values.to),
  };
}

function fail(err: ReplayOutput['err'], file: string, message: string): number {
  err(`compose-executor replay: ${file}: ${message}\n`);
  return 1;
}

function counted(inputs: number, commands: number): string {
  return `${inputs} input${inputs === 1 ? '' : 's'} and ${commands} command${commands === 1 ? '' : 's'}`;
}

function stepJson(step: StreamedStep) {
  return { seq: step.seq, at: step.at, source: inputSource(step.input), input: step.input, before: step.before, after: step.after, commands: step.commands };
}
