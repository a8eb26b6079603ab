import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { replay } from '../../src/cli/replayCommand.js';
import { ordersText } from '../../src/diagrams/pathMarks.js';
import { replayPaths, type MachinePath } from '../../src/diagrams/replayPaths.js';
import { replayLog } from '../../src/replay/replayLog.js';
import { failedPodRun, type RecordedRun } from '../events/recordedRun.js';

/** One machine's drawing in the SVG: its states as highlighted or not, and the text of every edge drawn as taken. */
interface Drawing {
  visited: string[];
  ended: string[];
  untouched: string[];
  taken: Record<string, string[]>;
}

function drawings(svg: string): Record<string, Drawing> {
  const text = (raw: string) => raw.replace(/&#45;/g, '-').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&#160;/g, ' ').replace(/&amp;/g, '&');
  const result: Record<string, Drawing> = {};
  for (const part of svg.split(/<svg x="/).slice(1)) {
    const name = text(/<g id="[^"]*" class="graph"[^>]*>\s*<title>([^<]*)<\/title>/.exec(part)![1]!);
    const drawing: Drawing = { visited: [], ended: [], untouched: [], taken: {} };
    for (const [, classes, title] of part.matchAll(/<g id="[^"]*" class="node([^"]*)">\s*<title>([^<]*)<\/title>/g)) {
      const state = text(title!);
      if (state.includes('[*]') || state === 'in every state') continue;
      if (classes!.includes('visited')) drawing.visited.push(state);
      else drawing.untouched.push(state);
      if (classes!.includes('ended')) drawing.ended.push(state);
    }
    for (const [, title, body] of part.matchAll(/<g id="[^"]*" class="edge taken">\s*<title>([^<]*)<\/title>([\s\S]*?)<\/g>/g)) {
      // The commands after ` / ` are the machine's business; the order numbers and events are this drawing's.
      const labels = [...body!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(([, line]) => text(line!).replace(/\s*\/ [^\]]*$/, ''));
      drawing.taken[text(title!)] = [...(drawing.taken[text(title!)] ?? []), ...labels];
    }
    result[name] = drawing;
  }
  return result;
}

function pathsOf(run: RecordedRun): MachinePath[] {
  const replayed = replayLog(run.log);
  if (!replayed.ok) throw new Error(replayed.message);
  return replayPaths(replayed.replay);
}

/** The edges a path should light up, worked out from the path alone: `source->target` as Graphviz titles them, and each line's label. */
function expectedEdges(machine: MachinePath): Record<string, string[]> {
  const byTransition = new Map<string, { edge: string; orders: number[]; text: string }>();
  for (const step of machine.steps) {
    if (step.start) continue;
    // A transition of the machine's root is drawn as the note of what happens in every state.
    const source = step.source || 'in every state';
    const target = step.target ?? source;
    const key = JSON.stringify([step.source, step.target, step.event, step.guard]);
    const text = [step.event, step.guard && `[${step.guard}]`].filter(Boolean).join(' ');
    const entry = byTransition.get(key) ?? { edge: `${source}->${target}`, orders: [], text };
    entry.orders.push(step.order);
    byTransition.set(key, entry);
  }
  const edges: Record<string, string[]> = { '[*]->planning': ['#1'] };
  const sorted = [...byTransition.values()].sort((a, b) => a.orders[0]! - b.orders[0]!);
  for (const { edge, orders, text } of sorted) edges[edge] = [...(edges[edge] ?? []), `${ordersText(orders)}${text ? `  ${text}` : ''}`];
  return edges;
}

describe('compose-executor replay --svg', () => {
  let dir: string;
  let file: string;
  let run: RecordedRun;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'replay-svg-'));
    file = path.join(dir, 'events.jsonl');
    run = failedPodRun(file);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function svgOf(...options: string[]): Promise<{ code: number; out: string; svg: string }> {
    let out = '';
    const target = path.join(dir, 'path.svg');
    const code = await replay([file, '--svg', target, ...options], { out: (text) => (out += text), err: (text) => (out += text) });
    return { code, out, svg: readFileSync(target, 'utf8') };
  }

  it('draws the pod with exactly the states it visited and the transitions it took, numbered in order', async () => {
    const { code, out, svg } = await svgOf();
    expect(code).to.equal(0);
    const [pod, executor] = pathsOf(run);
    expect(out).to.equal(`wrote ${path.join(dir, 'path.svg')}: pod t1 ${pod!.steps.length} transitions, executor ${executor!.steps.length} transitions\n`);
    expect(svg).to.match(/^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\n$/);
    expect(svg).to.contain('pod t1: TASK_FAILED (service web exited with code 1)');

    const drawn = drawings(svg)['pod t1']!;
    expect(drawn.visited.sort()).to.deep.equal([...pod!.visited].sort());
    expect(drawn.ended).to.deep.equal(['ended']);
    expect(drawn.taken).to.deep.equal(expectedEdges(pod!));
    expect(drawn.taken['[*]->planning']).to.deep.equal(['#1']);
    expect(drawn.taken['planning->launching']).to.deep.equal(['#2  pod.planned']);
    expect(drawn.taken['launching->launching']).to.include.members(['#5 #7 ×2  container.created [knownService]', '#6 #8 ×2  container.started [knownService]']);
    expect(drawn.taken['running->stopping']).to.deep.equal(['#11  [outcomeDecided]']);
  });

  it('draws the executor session beside it, with the states it never reached left grey', async () => {
    const executor = drawings((await svgOf()).svg)['executor']!;
    const [, path] = pathsOf(run);
    expect(executor.visited.sort()).to.deep.equal(path!.visited.filter((state) => state !== 'subscribed').sort());
    expect(executor.untouched.sort()).to.deep.equal(['orphaned', 'recovering.backingOff', 'recovering.resubscribing', 'shuttingDown']);
    expect(executor.taken['subscribing->subscribed.[*]']).to.deep.equal(['#2  mesos.subscribed']);
    const everywhere = executor.taken['in every state->in every state']!;
    expect(everywhere[0]).to.equal('#3  mesos.launch');
    expect(everywhere[1]).to.match(/^#4 #5 .*×\d  update\.queued$/);
    // Each acknowledges an update still pending, so takes the branch that forgets it.
    expect(everywhere[2]).to.match(/^#\d+ .*×3  mesos\.acknowledged \[acknowledgesPendingUpdate\]$/);
  });

  it('draws the path only up to the record given with --to', async () => {
    const died = run.log.records.find((record) => record.kind === 'input' && record.input.type === 'container.died')!.seq;
    const { svg } = await svgOf('--to', String(died));
    const pod = drawings(svg)['pod t1']!;
    expect(pod.visited.sort()).to.deep.equal(['launching', 'planning', 'running', 'stopping']);
    expect(pod.ended).to.deep.equal(['stopping']);
    expect(Object.keys(pod.taken)).to.not.include('stopping->removing');
    expect(pod.taken['running->stopping']).to.deep.equal(['#11  [outcomeDecided]']);
    expect(svg).to.contain(`up to seq ${died}; pod t1: in stopping`);
  });
});
