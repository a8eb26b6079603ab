import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Input } from '../../src/events/inputs.js';
import { obligingAdapters, recordRun, type RecordedRun } from '../events/recordedRun.js';
import { launch, plan, service, subscribed } from '../machines/scenario.js';

/**
 * Event logs written by the real executor loop, adapters answering as
 * Docker would: the pods whose pages the viewer specs look at.
 */

const pod = plan([service('db', { healthcheck: { test: ['CMD', 'true'] } }), service('web', { dependsOn: ['db'] }), service('cache')]);
const container = (name: string) => ({ taskId: 't1', service: name, containerId: `c-${name}` });
const health = (status: 'healthy' | 'unhealthy'): Input => ({ type: 'container.health', ...container('db'), status });
const acknowledged = (uuid: string): Input => ({ type: 'mesos.acknowledged', taskId: 't1', uuid }) as Input;

export type PodStory = 'failed' | 'killed' | 'flapping';

const STORIES: Record<PodStory, Input[]> = {
  // web exits 1: the pod fails and the other services are stopped.
  failed: [subscribed(), launch(), health('healthy'), { type: 'container.died', ...container('web'), exitCode: 1 }],
  killed: [subscribed(), launch(), health('healthy'), { type: 'mesos.kill', taskId: 't1' }],
  flapping: [subscribed(), launch(), health('healthy'), health('unhealthy'), health('healthy'), health('unhealthy'), health('healthy'), { type: 'mesos.kill', taskId: 't1' }],
};

export function recordPod(dir: string, story: PodStory, name: string = story): { file: string; run: RecordedRun } {
  const file = path.join(dir, `${name}.jsonl`);
  return { file, run: recordRun(file, STORIES[story], obligingAdapters(pod)) };
}

/** The failed pod's log with the TASK_FAILED update the executor sent recorded as TASK_FINISHED: replay cannot reach it. */
export function recordDivergentPod(dir: string): { file: string; run: RecordedRun; seq: number } {
  const { run } = recordPod(dir, 'failed', 'recorded-failed');
  const lines = run.text.split('\n');
  const at = lines.findIndex((line) => line.includes('"type":"status.send"') && line.includes('TASK_FAILED'));
  lines[at] = lines[at]!.replace('TASK_FAILED', 'TASK_FINISHED');
  const divergent = path.join(dir, 'divergent.jsonl');
  writeFileSync(divergent, lines.join('\n'));
  // The input whose commands those are: the last input recorded before that command.
  const seq = Math.max(...run.log.records.filter((record) => record.kind === 'input' && record.seq < (JSON.parse(lines[at]!) as { seq: number }).seq).map((record) => record.seq));
  return { file: divergent, run, seq };
}
