import { serviceMachineName } from '../machineNames.js';
import { DiagramLights } from './diagramLights.js';
import { loadPageData } from './pageLoad.js';
import { sourceOf } from './recordText.js';
import { renderDivergence, renderState } from './statePanels.js';
import { StepViews } from './stepViews.js';
import { Timeline } from './timeline.js';

/**
 * The replay page: the current step is one record index, moved by the
 * slider, the keys, a click on the timeline or the URL's `#seq=N`; every
 * pane is drawn from it.
 */

const element = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

async function start(): Promise<void> {
  const data = await loadPageData();
  const views = new StepViews(data);
  const last = data.records.length - 1;
  const slider = element<HTMLInputElement>('slider');
  slider.max = String(last);
  let index = -1;
  let selected: { taskId: string; service: string } | undefined;

  const timeline = new Timeline(data, element('timeline'), element('timeline-inner'), (chosen) => go(chosen));
  const serviceFilter = element<HTMLSelectElement>('service-filter');
  for (const name of timeline.serviceNames()) serviceFilter.append(new Option(name, name));
  const sourceFilter = element<HTMLSelectElement>('source-filter');
  const search = element<HTMLInputElement>('search');
  const refilter = () => {
    timeline.filter({ service: serviceFilter.value, source: sourceFilter.value, search: search.value });
    element('shown').textContent = `${timeline.shown.length} of ${data.records.length}`;
    timeline.show(index);
  };
  serviceFilter.addEventListener('change', refilter);
  sourceFilter.addEventListener('change', refilter);
  search.addEventListener('input', refilter);

  const lights = [...document.querySelectorAll('figure.diagram')].map((figure) => ({ kind: (figure as HTMLElement).dataset['machine']!, lights: new DiagramLights(figure, data) }));
  const first = data.records[0]!;
  const lastRecord = data.records[last]!;
  const range = data.window.from !== undefined || data.window.to !== undefined ? `, records ${first.seq} to ${lastRecord.seq}` : '';
  element('summary').textContent = `compose-executor ${data.executorVersion}, started ${data.startedAt}; ${data.records.length} records${range}${
    data.divergence ? `; replay DIVERGES at seq ${data.divergence.seq}` : '; replays to the recorded commands'
  }${data.warnings.length > 0 ? `; ${data.warnings.join('; ')}` : ''}`;

  function go(next: number, fromHash = false): void {
    next = Math.max(0, Math.min(last, next));
    if (next === index) return;
    index = next;
    const record = data.records[index]!;
    const view = views.at(index);
    slider.value = String(index);
    element('position').textContent = `seq ${record.seq} (${index + 1} of ${data.records.length}), ${sourceOf(record)}, ${record.at}`;
    if (!fromHash) history.replaceState(null, '', `#seq=${record.seq}`);
    timeline.show(index);
    const taskIds = Object.keys(view.pods);
    const taskId = selected && view.pods[selected.taskId] ? selected.taskId : taskIds[0];
    const pod = taskId ? view.pods[taskId] : undefined;
    // The service chosen in the table, else the pod's first.
    const service = pod ? (selected && selected.taskId === taskId && pod.services[selected.service] ? selected.service : Object.keys(pod.services)[0]) : undefined;
    renderState(data, index, view, selected, (task, service) => {
      selected = { taskId: task, service };
      index = -1;
      go(next);
    });
    renderDivergence(data, index);
    for (const { kind, lights: diagram } of lights) {
      if (kind === 'executor') {
        diagram.follow('executor');
        diagram.show(index, view.executor.active);
      } else if (kind === 'pod') {
        diagram.follow(taskId ? `pod ${taskId}` : 'pod');
        diagram.show(index, pod ? pod.active : []);
      } else if (kind === 'service') {
        diagram.follow(taskId && service ? serviceMachineName(taskId, service) : 'service');
        diagram.show(index, pod && service ? [pod.services[service]!.phase] : []);
      }
    }
  }

  const seqFromHash = () => Number(/seq=(\d+)/.exec(location.hash)?.[1] ?? NaN);
  const indexOfSeq = (seq: number) => {
    const found = data.records.findIndex((record) => record.seq >= seq);
    return found < 0 ? last : found;
  };
  {
    slider.addEventListener('input', () => go(Number(slider.value)));
    element('prev').addEventListener('click', () => go(index - 1));
    element('next').addEventListener('click', () => go(index + 1));
    addEventListener('hashchange', () => {
      const seq = seqFromHash();
      if (!Number.isNaN(seq)) go(indexOfSeq(seq), true);
    });
    addEventListener('keydown', (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type !== 'range') return;
      if (event.target instanceof HTMLSelectElement) return;
      const moves: Record<string, number> = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: last, PageUp: index - 10, PageDown: index + 10 };
      const to = moves[event.key];
      if (to === undefined) return;
      event.preventDefault();
      go(to);
    });
  }
  refilter();
  const seq = seqFromHash();
  go(Number.isNaN(seq) ? 0 : indexOfSeq(seq), true);
  document.body.dataset['ready'] = 'true';
}

start().catch((error: unknown) => {
  document.body.dataset['error'] = String(error);
  document.body.prepend(Object.assign(document.createElement('pre'), { textContent: `the replay page could not start: ${String(error)}` }));
});
