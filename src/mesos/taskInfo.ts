import * as t from 'io-ts';
import { decodeWith, type Decoded } from '../events/codec.js';
import type { LaunchedTask } from '../events/inputs.js';
import { checkFrom, healthCheckFrom } from './checkInfo.js';
import { discoveryPorts } from './discoveryPorts.js';

/** The parts of a Mesos TaskInfo (JSON mapping) the executor uses. */

const Id = t.type({ value: t.string });
const Nanos = t.union([t.number, t.string]);
const Range = t.type({ begin: t.union([t.number, t.string]), end: t.union([t.number, t.string]) });

const TaskInfo = t.intersection([
  t.type({ name: t.string, task_id: Id }),
  t.partial({
    labels: t.partial({ labels: t.array(t.intersection([t.type({ key: t.string }), t.partial({ value: t.string })])) }),
    resources: t.array(
      t.intersection([t.type({ name: t.string }), t.partial({ type: t.string, ranges: t.partial({ range: t.array(Range) }), scalar: t.partial({ value: t.union([t.number, t.string]) }) })]),
    ),
    kill_policy: t.partial({ grace_period: t.type({ nanoseconds: Nanos }) }),
    executor: t.partial({ resources: t.array(t.intersection([t.type({ name: t.string }), t.partial({ scalar: t.partial({ value: t.union([t.number, t.string]) }) })])) }),
    health_check: t.unknown,
    check: t.unknown,
  }),
]);

export function taskFromInfo(json: unknown): Decoded<LaunchedTask> {
  const decoded = decodeWith(TaskInfo, json);
  if (!decoded.ok) return { ok: false, message: `task: ${decoded.message}` };
  const info = decoded.value;
  const labels = Object.fromEntries((info.labels?.labels ?? []).map((label) => [label.key, label.value ?? '']));
  const ports = (info.resources ?? [])
    .filter((resource) => resource.name === 'ports')
    .flatMap((resource) => resource.ranges?.range ?? [])
    .map((range) => [Number(range.begin), Number(range.end)] as [number, number])
    .filter(([begin, end]) => Number.isInteger(begin) && Number.isInteger(end) && begin <= end);
  // GPUs are whole: a Mesos agent offers them as an integer scalar, summed here across roles.
  const gpus = (info.resources ?? []).filter((resource) => resource.name === 'gpus').reduce((sum, resource) => sum + Math.floor(Number(resource.scalar?.value ?? 0) || 0), 0);
  const nanos = info.kill_policy?.grace_period?.nanoseconds;
  const named = discoveryPorts(json);
  // A check the executor cannot run fails the task at planning, naming the field, rather than the LAUNCH going unanswered.
  const healthCheck = info.health_check == null ? undefined : healthCheckFrom(info.health_check);
  const check = info.check == null ? undefined : checkFrom(info.check);
  const checkProblems = [healthCheck, check].flatMap((decoded) => (decoded && !decoded.ok ? [decoded.message] : []));
  return {
    ok: true,
    value: {
      taskId: info.task_id.value,
      name: info.name,
      labels,
      ports,
      ...(nanos !== undefined && Number.isFinite(Number(nanos)) ? { killGracePeriodMs: Number(nanos) / 1e6 } : {}),
      ...(named.length > 0 ? { discoveryPorts: named } : {}),
      ...(gpus > 0 ? { gpus } : {}),
      ...(hasScalar(info.executor?.resources, 'cpus') && hasScalar(info.executor?.resources, 'mem') ? { executorResourced: true } : {}),
      ...(healthCheck?.ok ? { healthCheck: healthCheck.value } : {}),
      ...(check?.ok ? { check: check.value } : {}),
      ...(checkProblems.length > 0 ? { checkProblems } : {}),
    },
  };
}

/** Under the cgroups isolators an executor without both is destroyed at its terminal update (slave.cpp, __statusUpdate). */
function hasScalar(resources: ReadonlyArray<{ name: string; scalar?: { value?: number | string } }> | undefined, name: string): boolean {
  return (resources ?? []).some((resource) => resource.name === name && Number(resource.scalar?.value) > 0);
}
