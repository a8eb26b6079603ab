import type { Command } from '../../events/commands.js';
import type { PageData } from '../pageData.js';
import type { StepView } from '../stepView.js';
import { commandText, inputText } from './recordText.js';

/** The middle pane for one step: machines' states, services, timers, updates, commands and the raw record. */

const element = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function cell(text: string | number | undefined, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text === undefined ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function item(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

export function renderState(data: PageData, index: number, view: StepView, selected: { taskId: string; service: string } | undefined, choose: (taskId: string, service: string) => void): void {
  const record = data.records[index]!;
  const machines = element('machines');
  machines.replaceChildren();
  const line = (name: string, state: string, extra?: string) => {
    const div = document.createElement('div');
    div.className = 'machine';
    div.innerHTML = `<b></b> <span class="state-name"></span> <span class="extra"></span>`;
    div.querySelector('b')!.textContent = name;
    div.querySelector('.state-name')!.textContent = state;
    div.querySelector('.extra')!.textContent = extra ?? '';
    machines.append(div);
  };
  line('executor', view.executor.state, view.executor.exitReason);
  const pods = Object.entries(view.pods);
  if (pods.length === 0) line('pods', 'none');
  for (const [taskId, pod] of pods) {
    line(`pod ${taskId}`, pod.state, pod.outcome);
    if (pod.lastUpdate) line('last update', pod.lastUpdate.state, `${pod.lastUpdate.message ?? ''} (seq ${pod.lastUpdate.seq})`);
  }

  const body = element<HTMLTableElement>('services').tBodies[0]!;
  body.replaceChildren(
    ...pods.flatMap(([taskId, pod]) =>
      Object.entries(pod.services).map(([name, service]) => {
        const row = document.createElement('tr');
        row.dataset['service'] = name;
        row.dataset['task'] = taskId;
        if (selected?.taskId === taskId && selected.service === name) row.className = 'selected';
        row.append(
          cell(taskId),
          cell(name),
          cell(service.phase + (service.oomKilled ? ' (out of memory)' : ''), `phase-${service.phase}`),
          cell(service.health, service.health ? `health-${service.health}` : ''),
          cell(service.exitCode),
          cell(service.restarts),
          cell(service.containerId?.slice(0, 12)),
        );
        row.addEventListener('click', () => choose(taskId, name));
        return row;
      }),
    ),
  );

  const timers = Object.entries(view.timers);
  element('timers').replaceChildren(...(timers.length === 0 ? [item('none')] : timers.map(([name, timer]) => item(`${name}: ${timer.ms} ms, started by seq ${timer.bySeq}`))));
  const updates = Object.entries(view.unacknowledged);
  element('unacknowledged').replaceChildren(...(updates.length === 0 ? [item('none')] : updates.map(([uuid, update]) => item(`${update.taskId} ${update.state} (${uuid})`))));
  element('commands').replaceChildren(...(record.commands.length === 0 ? [item('none')] : record.commands.map((command) => item(commandText(command)))));
  element('raw').textContent = JSON.stringify(record.input ? { seq: record.seq, at: record.at, kind: 'input', ...record.input } : { seq: 0, at: record.at, start: true }, null, 2);
}

/** The first divergence, recorded beside replayed, shown at its record. */
export function renderDivergence(data: PageData, index: number): void {
  const box = element('divergence');
  const divergence = data.divergence;
  box.hidden = !divergence;
  if (!divergence) return;
  const record = divergence.index >= 0 ? data.records[divergence.index] : undefined;
  const here = divergence.index === index;
  const list = (commands: Command[]) => (commands.length === 0 ? '<li>(none)</li>' : commands.map((command) => `<li>${escape(commandText(command))}</li>`).join(''));
  box.innerHTML = `<b>replay diverges from the log at seq ${divergence.seq}</b>${record ? ` (${escape(inputText(record))})` : ''}${here ? '' : ' <a href="#seq=' + divergence.seq + '">go there</a>'}
<div class="sides"><div><b>recorded</b><ul class="expected">${list(divergence.expected)}</ul></div><div><b>replayed</b><ul class="got">${list(divergence.got)}</ul></div></div>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
