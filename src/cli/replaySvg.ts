import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathSvg } from '../diagrams/pathSvg.js';
import { PathTracer } from '../diagrams/replayPaths.js';
import { stateName } from '../replay/machineStates.js';
import { replayStream } from '../replay/replayStream.js';
import type { CoreState } from '../machines/decider.js';

/**
 * `replay LOG --svg OUT.svg`: the lifecycle diagrams with the path the log
 * took drawn on them, up to record `to` when given. The log is read as it
 * goes, like the timeline. Returns what to tell the user; warnings about
 * the log go to `warn`. Throws a LogStreamError for a line that does not decode.
 */
export async function writeReplaySvg(log: string, out: string, to: number | undefined, warn: (message: string) => void): Promise<string> {
  let tracer: PathTracer | undefined;
  let last: CoreState | undefined;
  let inputs = 0;
  for await (const item of replayStream(log)) {
    if (item.kind === 'warning') warn(item.message);
    else if (item.kind === 'start') tracer = new PathTracer((last = item.state));
    else {
      if ((item.kind === 'step' ? item.step.seq : item.seq) > (to ?? Infinity)) break;
      if (item.kind !== 'step') continue;
      tracer!.step(item.step);
      last = item.step.state;
      inputs++;
    }
  }
  const paths = tracer!.paths();
  const pods = Object.entries(last!.pods).map(([taskId, pod]) => {
    const outcome = pod.context.outcome;
    return `pod ${taskId}: ${pod.status === 'done' && outcome ? `${outcome.state} (${outcome.message})` : `in ${stateName(pod.value)}`}`;
  });
  const title = [`${path.basename(log)}, ${inputs} input${inputs === 1 ? '' : 's'}${to !== undefined ? ` up to seq ${to}` : ''}`, ...pods].join('; ');
  await writeFile(out, await pathSvg(paths, title));
  return `wrote ${out}: ${paths.map((machine) => `${machine.name} ${machine.steps.length} transition${machine.steps.length === 1 ? '' : 's'}`).join(', ')}\n`;
}
