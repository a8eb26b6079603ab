import type { Command } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import type { Divergence } from '../replay/verifier.js';
import type { MachineStates } from '../replay/machineStates.js';
import type { ReplayStep } from '../replay/replayLog.js';
import type { StateReport } from '../replay/stateReport.js';

/** How `compose-executor replay` shows a replayed log to a person. */

export type InputSource = 'mesos' | 'docker' | 'adapter' | 'timer';

export function inputSource(input: Input): InputSource {
  if (input.type.startsWith('mesos.')) return 'mesos';
  if (input.type === 'timer.fired') return 'timer';
  if (input.type.startsWith('docker.') || ['container.died', 'container.oom', 'container.running', 'container.health'].includes(input.type)) return 'docker';
  return 'adapter';
}

/** `container.died taskId=t1 service=db exitCode=137`: short fields in full, large ones by name or size. */
export function describe(fact: Input | Command): string {
  const { type, ...fields } = fact;
  const parts = Object.entries(fields).flatMap(([key, value]) => {
    const shown = brief(value);
    return shown === undefined ? [] : [`${key}=${shown}`];
  });
  return [type, ...parts].join(' ');
}

function brief(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return /^[\w./:@-]+$/.test(value) && value.length <= 60 ? value : JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.length}]`;
  const named = (value as { name?: unknown; taskId?: unknown }).name ?? (value as { taskId?: unknown }).taskId;
  return typeof named === 'string' ? `{${named}}` : '{…}';
}

export function formatStep(step: Pick<ReplayStep, 'seq' | 'at' | 'input' | 'before' | 'after' | 'commands'>): string {
  const lines = [`${String(step.seq).padStart(5)}  ${clock(step.at)}  ${inputSource(step.input).padEnd(7)}  ${describe(step.input)}`];
  const changes = stateChanges(step.before, step.after);
  lines.push(...(changes.length > 0 ? changes : [`state unchanged (executor ${step.after.executor})`]).map((change) => `${' '.repeat(7)}${change}`));
  for (const command of step.commands) lines.push(`${' '.repeat(7)}=> ${describe(command)}`);
  return lines.join('\n');
}

export function formatStart(commands: Command[], executorState: string): string {
  return [`    0  ${'(start)'.padEnd(12)}  ${'core'.padEnd(7)}  executor ${executorState}`, ...commands.map((command) => `${' '.repeat(7)}=> ${describe(command)}`)].join('\n');
}

function stateChanges(before: MachineStates, after: MachineStates): string[] {
  const changes: string[] = [];
  if (before.executor !== after.executor) changes.push(`executor: ${before.executor} -> ${after.executor}`);
  const pods = Object.keys(after.pods);
  for (const taskId of pods) {
    const was = before.pods[taskId];
    if (was !== after.pods[taskId]) changes.push(`pod ${taskId}: ${was ?? '(launched)'} -> ${after.pods[taskId]}`);
    const services = after.services[taskId] ?? {};
    const wereServices = before.services[taskId] ?? {};
    // With one pod, as Mesos gives this executor, the task id would only repeat the pod line's.
    const of = pods.length > 1 ? ` of ${taskId}` : '';
    for (const [name, phase] of Object.entries(services)) {
      const wasPhase = wereServices[name];
      // A planned pod's services all start pending; the pod's own line says it was planned.
      if (wasPhase === undefined ? phase !== 'pending' : wasPhase !== phase) changes.push(`service ${name}${of}: ${wasPhase ?? '(planned)'} -> ${phase}`);
    }
  }
  return changes;
}

/** `10:00:00.120` of an ISO time; the date is in the header line. */
function clock(at: string): string {
  return /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(at)?.[1]?.padEnd(12) ?? at;
}

export function formatReport(report: StateReport): string {
  const lines = [`state after seq ${report.seq}`, `executor: ${report.executor.state}${report.executor.exitReason ? ` (${report.executor.exitReason})` : ''}`];
  if (report.pods.length === 0) lines.push('pods: none');
  for (const pod of report.pods) {
    lines.push(`pod ${pod.taskId}: ${pod.state}${pod.outcome ? ` (${pod.outcome})` : ''}`);
    for (const service of pod.services) {
      const extra = [
        service.containerId ? `container ${service.containerId}` : '',
        service.exitCode !== undefined ? `exit ${service.exitCode}` : '',
        service.oomKilled ? 'out of memory' : '',
      ].filter(Boolean);
      lines.push(`  ${service.name}: ${service.phase}${extra.length > 0 ? `, ${extra.join(', ')}` : ''}`);
    }
  }
  lines.push(`pending timers: ${report.pendingTimers.length === 0 ? 'none' : ''}`);
  for (const timer of report.pendingTimers) lines.push(`  ${timer.name}: ${timer.ms} ms, started by seq ${timer.startedBySeq} at ${timer.startedAt}`);
  lines.push(`unacknowledged updates: ${report.unacknowledgedUpdates.length === 0 ? 'none' : ''}`);
  for (const update of report.unacknowledgedUpdates) lines.push(`  ${update.uuid}: ${update.taskId} ${update.state}`);
  return lines.map((line) => line.trimEnd()).join('\n');
}

export function formatDivergence(divergence: Divergence): string {
  const where = divergence.input ? `seq ${divergence.seq} (${describe(divergence.input)})` : 'the start, before any input';
  const list = (commands: Command[]) => (commands.length === 0 ? ['  (none)'] : commands.map((command) => `  ${describe(command)}`));
  return [`replay diverges from the log at ${where}`, 'recorded:', ...list(divergence.expected), 'replayed:', ...list(divergence.got)].join('\n');
}
