import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathSvg } from '../diagrams/pathSvg.js';
import { replayPaths } from '../diagrams/replayPaths.js';
import { stateName, type Replay } from '../events/replay.js';

/**
 * `replay LOG --svg OUT.svg`: the lifecycle diagrams with the path the log
 * took drawn on them, up to record `to` when given. Returns what to tell the user.
 */
export async function writeReplaySvg(replay: Replay, log: string, out: string, to?: number): Promise<string> {
  const steps = replay.steps.filter((step) => step.seq <= (to ?? Infinity));
  const paths = replayPaths({ ...replay, steps });
  const last = steps[steps.length - 1];
  const pods = Object.entries(last?.state.pods ?? {}).map(([taskId, pod]) => {
    const outcome = pod.context.outcome;
    return `pod ${taskId}: ${pod.status === 'done' && outcome ? `${outcome.state} (${outcome.message})` : `in ${stateName(pod.value)}`}`;
  });
  const title = [`${path.basename(log)}, ${steps.length} input${steps.length === 1 ? '' : 's'}${to !== undefined ? ` up to seq ${to}` : ''}`, ...pods].join('; ');
  await writeFile(out, await pathSvg(paths, title));
  return `wrote ${out}: ${paths.map((machine) => `${machine.name} ${machine.steps.length} transition${machine.steps.length === 1 ? '' : 's'}`).join(', ')}\n`;
}
