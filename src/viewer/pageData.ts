import mergePatch from 'json-merge-patch';
import type { Command } from '../events/commands.js';
import { sameCommands } from '../replay/sameCommands.js';
import { StateTracker } from '../replay/stateReport.js';
import type { CoreState } from '../machines/decider.js';
import { serviceMachineName } from './machineNames.js';
import { replayedItems } from './replaySource.js';
import { stepView, type PageDivergence, type PageRecord, type PodView, type StepView } from './stepView.js';

/**
 * Everything the replay page shows, gathered in one pass over the log: the
 * records of the window asked for, each step's view (whole every
 * KEY_EVERY steps, else as a JSON merge patch of the step before, so a
 * long log costs what changed), when each state was first active and each
 * transition first taken (so the page marks the path so far without
 * walking it), and the first divergence from the recorded commands.
 */

export const KEY_EVERY = 64;

export interface PageData {
  log: string;
  executorVersion: string;
  startedAt: string;
  records: PageRecord[];
  /** One a record: a StepView at every KEY_EVERY-th, else a merge patch of the one before, 0 when nothing changed. */
  frames: Array<StepView | object | 0>;
  keyEvery: number;
  /** By machine (`executor`, `pod t1`): state path -> index of the record it was first active at. */
  firstActive: Record<string, Record<string, number>>;
  /** By machine: `source->target` -> index of the record it was first taken at. */
  firstTaken: Record<string, Record<string, number>>;
  divergence: (PageDivergence & { index: number }) | null;
  warnings: string[];
  window: { from?: number; to?: number };
}

export interface PageWindow {
  from?: number;
  to?: number;
}

export async function pageData(file: string, window: PageWindow = {}): Promise<PageData> {
  const from = window.from ?? 0;
  const to = window.to ?? Infinity;
  const data: PageData = { log: file, executorVersion: '', startedAt: '', records: [], frames: [], keyEvery: KEY_EVERY, firstActive: {}, firstTaken: {}, divergence: null, warnings: [], window };
  let tracker: StateTracker | undefined;
  let previous: StepView | undefined;
  // The step whose recorded commands are being gathered, to be held against what replay gave.
  let pending: { seq: number; index: number; replayed: Command[]; recorded: Command[] } | undefined;

  const settle = (last: boolean) => {
    if (!pending || data.divergence) return;
    if (!sameCommands(pending.recorded, pending.replayed, last && (data.warnings.length > 0 || pending.seq === 0))) {
      data.divergence = { seq: pending.seq, index: pending.index, expected: pending.recorded, got: pending.replayed };
    }
  };

  const lastUpdates = new Map<string, NonNullable<PodView['lastUpdate']>>();
  const add = (seq: number, record: PageRecord, state: CoreState) => {
    for (const command of record.commands) {
      if (command.type === 'status.send') lastUpdates.set(command.taskId, { state: command.state, ...(command.message ? { message: command.message } : {}), seq });
    }
    if (seq < from) return -1;
    const index = data.records.length;
    data.records.push(record);
    const view = stepView(state, tracker!.report(state));
    for (const [taskId, pod] of Object.entries(view.pods)) {
      const update = lastUpdates.get(taskId);
      if (update) pod.lastUpdate = update;
    }
    if (index % KEY_EVERY === 0 || !previous) data.frames.push(view);
    else data.frames.push((mergePatch.generate(previous, view) as object | undefined) ?? 0);
    mark(data, index, view, previous);
    previous = view;
    return index;
  };

  for await (const item of replayedItems(file)) {
    if (item.kind === 'warning') data.warnings.push(item.message);
    else if (item.kind === 'start') {
      data.executorVersion = item.header.executorVersion;
      data.startedAt = item.header.startedAt;
      tracker = new StateTracker(item.commands);
      const index = add(0, { seq: 0, at: item.header.startedAt, commands: item.commands }, item.state);
      pending = { seq: 0, index, replayed: item.commands, recorded: [] };
    } else if (item.kind === 'recorded') {
      if (item.seq > to) break;
      pending?.recorded.push(item.command);
    } else {
      if (item.seq > to) break;
      settle(false);
      tracker!.firstInputAt(item.at);
      tracker!.step(item);
      const index = add(item.seq, { seq: item.seq, at: item.at, input: item.input, commands: item.commands }, item.state);
      pending = { seq: item.seq, index, replayed: item.commands, recorded: [] };
    }
  }
  settle(true);
  if (data.divergence && data.divergence.index < 0) data.divergence = { ...data.divergence, index: -1 };
  return data;
}

/** Which states of each machine became active and which transitions (from a state left to one entered) were taken. */
function mark(data: PageData, index: number, view: StepView, previous: StepView | undefined): void {
  const machines: Array<[string, string[], string[] | undefined]> = [
    ['executor', view.executor.active, previous?.executor.active],
    ...Object.entries(view.pods).flatMap(([taskId, pod]): Array<[string, string[], string[] | undefined]> => {
      const before = previous?.pods[taskId];
      return [
        [`pod ${taskId}`, pod.active, before?.active],
        // A service's machine is in the state named as its phase.
        ...Object.entries(pod.services).map(([name, service]): [string, string[], string[] | undefined] => {
          const was = before?.services[name]?.phase;
          return [serviceMachineName(taskId, name), [service.phase], was === undefined ? undefined : [was]];
        }),
      ];
    }),
  ];
  for (const [machine, active, before] of machines) {
    const first = (data.firstActive[machine] ??= {});
    for (const state of active) first[state] ??= index;
    if (!before || sameList(before, active)) continue;
    const left = before.filter((state) => !active.includes(state));
    const entered = active.filter((state) => !before.includes(state));
    const taken = (data.firstTaken[machine] ??= {});
    for (const source of left) for (const target of entered) taken[`${source}->${target}`] ??= index;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
