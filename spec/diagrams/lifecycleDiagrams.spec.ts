import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { diagram } from '../../src/cli/diagram.js';
import { lifecycleDiagrams } from '../../src/diagrams/lifecycleDiagrams.js';
import { podMachine } from '../../src/machines/pod.js';
import { README_DIAGRAMS, withReadmeDiagrams } from '../../src/diagrams/readmeDiagrams.js';

const committed = new URL('../../diagrams/', import.meta.url);

describe('lifecycle diagrams', () => {
  it('are up to date with the machines (regenerate with `compose-executor diagram`)', async () => {
    for (const { file, text } of await lifecycleDiagrams()) {
      const path = new URL(file, committed);
      expect(existsSync(path), `diagrams/${file} is missing`).to.equal(true);
      expect(readFileSync(path, 'utf8'), `diagrams/${file} is out of date: run \`compose-executor diagram\``).to.equal(text);
    }
  });

  it('draw the pod lifecycle with its guards and the actions of each step, by the names the machine gives them', async () => {
    const [pod] = await lifecycleDiagrams(['mermaid']);
    expect(pod?.text).to.contain('running --> stopping : mesos.kill / recordKill\n');
    expect(pod?.text).to.contain('planning --> reporting : mesos.kill / recordKill(duringLaunch)\n');
    expect(pod?.text).to.contain('launching : container.created [knownService] / toService(created), startReadyServices, createReadyServices\n');
    expect(pod?.text).to.contain('stopping : entry / reportFailureEarly, reportKilling, startKillTimer, stopReadyServices, removeStoppedContainers\n');
    expect(pod?.text).to.contain('reporting --> ended : / reportEnding\n');
  });

  it('name in the pod diagram every action and guard the pod machine declares', async () => {
    const [pod] = await lifecycleDiagrams(['mermaid']);
    const drawn = new Set([...pod!.text.matchAll(/\b([a-z][A-Za-z]+)(?=[(,\]\n]|$)/gm)].map((match) => match[1]));
    const declared = [...Object.keys(podMachine.implementations.actions), ...Object.keys(podMachine.implementations.guards)].filter((name) => name !== 'command');
    expect(declared.filter((name) => !drawn.has(name)), 'declared but never drawn').to.deep.equal([]);
  });

  it('draw the executor session with its nested states', async () => {
    const files = await lifecycleDiagrams(['mermaid', 'dot']);
    const mermaid = files.find((file) => file.file === 'executor.mmd')!.text;
    expect(mermaid).to.match(/state "subscribed" as subscribed \{\n\s+\[\*\] --> subscribed_serving\n/);
    expect(mermaid).to.contain('recovering_backingOff --> recovering_resubscribing : timer.fired [isTimer(executor/resubscribe)]');
    expect(mermaid).to.contain('shuttingDown : entry / killPods');
    const dot = files.find((file) => file.file === 'executor.dot')!.text;
    expect(dot).to.contain('subgraph "cluster_recovering" {');
    expect(dot).to.contain('exit / cancelTimer(recovery)"');
  });

  it('are shown in the README as generated (regenerate with `npx tsx scripts/readme-diagrams.ts`)', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withReadmeDiagrams(readme, await lifecycleDiagrams(['mermaid']), README_DIAGRAMS)).to.equal(readme);
  });

  it('draw a service through its phases, a death ending where the pod judged it', async () => {
    const service = (await lifecycleDiagrams(['mermaid'])).find((file) => file.file === 'service.mmd')!.text;
    expect(service).to.contain('[*] --> pending\n');
    expect(service).to.contain('running --> restarting : died [diesAs(restarting)]\n');
    expect(service).to.contain('stopping --> exited : stopped\n');
    expect(service).to.contain('removing --> gone : removed\n');
  });

  it('renders SVG without a browser or a Graphviz binary', async () => {
    const svg = (await lifecycleDiagrams(['svg'])).find((file) => file.file === 'pod.svg')!.text;
    expect(svg).to.match(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\n?$/);
    expect(svg).to.contain('>removing</text>');
  });

  it('writes only the formats asked for into the folder asked for', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'diagrams-'));
    try {
      const code = await diagram(['--format', 'dot', '--out', dir], () => {});
      expect(code).to.equal(0);
      expect(readdirSync(dir).sort()).to.deep.equal(['executor.dot', 'pod.dot', 'service.dot']);
      expect(await diagram(['--format', 'png'], () => {}, () => {})).to.equal(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
