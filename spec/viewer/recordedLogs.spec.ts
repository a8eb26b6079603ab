import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildViewerPage } from '../../scripts/viewerPage.js';
import { replay } from '../../src/cli/replayCommand.js';
import { currentSeq, launchChromium, litStates, openPage, servicesTable } from './pageBrowser.js';

/** Pages of the logs the executor recorded against real Docker (spec/fixtures/logs, scripts/record-fixture-logs.ts). */

const FIXTURES = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));

describe('the replay page of recorded runs', function () {
  this.timeout(60_000);
  let dir: string;
  let browser: Browser;
  const pages: Page[] = [];

  before(async () => {
    await buildViewerPage();
    browser = await launchChromium();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'recorded-page-'));
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.context().close()));
  });
  after(async () => {
    await browser?.close();
  });

  async function pageOf(log: string) {
    const html = path.join(dir, `${path.basename(path.dirname(log))}.html`);
    let err = '';
    expect(await replay([log, '--html', html], { out: () => {}, err: (text) => (err += text) }), err).to.equal(0);
    const opened = await openPage(browser, html);
    pages.push(opened.page);
    expect(opened.refused).to.deep.equal([]);
    expect(opened.errors).to.deep.equal([]);
    return opened.page;
  }
  const fixture = (name: string) => path.join(FIXTURES, name, 'events.jsonl');
  const records = (name: string) => readFileSync(fixture(name), 'utf8').trim().split('\n').slice(1).map((line) => JSON.parse(line) as { seq: number; kind: string; type: string; payload: Record<string, unknown> });

  it('ends a killed pod killed, its TASK_KILLED the last update sent', async () => {
    const page = await pageOf(fixture('killed'));
    await page.keyboard.press('End');
    const machines = await page.locator('#machines').innerText();
    expect(machines).to.match(/pod pod-\w+\s+ended\s+TASK_KILLED/);
    expect(machines).to.match(/last update\s+TASK_KILLED/);
    expect(await litStates(page, 'pod')).to.deep.equal(['ended']);
    await page.screenshot({ path: path.join(dir, 'killed-end.png') });
  });

  it('shows, back at the death that failed the pod, the service that died and the pod stopping', async () => {
    const died = records('failed').find((record) => record.kind === 'input' && record.type === 'container.died')!;
    const page = await pageOf(fixture('failed'));
    await page.keyboard.press('End');
    expect(await page.locator('#machines').innerText()).to.match(/last update\s+TASK_FAILED\s+service db exited with code 137/);
    while ((await currentSeq(page)) > died.seq) await page.keyboard.press('ArrowLeft');
    const services = await servicesTable(page);
    expect(services[died.payload['service'] as string]).to.deep.include({ phase: 'exited', exitCode: '137' });
    expect(await litStates(page, 'pod')).to.deep.equal(['stopping']);
    await page.screenshot({ path: path.join(dir, 'failed-at-death.png') });
  });

  it('lights the phase of the service chosen in the table on the service diagram', async () => {
    const died = records('failed').find((record) => record.kind === 'input' && record.type === 'container.died')!;
    const page = await pageOf(fixture('failed'));
    await page.goto(page.url().replace(/#.*$/, '') + `#seq=${died.seq}`);
    await page.locator(`#services tbody tr[data-service="${died.payload['service'] as string}"]`).click();
    expect(await page.locator('figure.diagram[data-machine="service"] figcaption').innerText()).to.match(new RegExp(`service .*/${died.payload['service'] as string}$`));
    expect(await litStates(page, 'service')).to.deep.equal(['exited']);
    expect(await page.locator('figure.diagram[data-machine="service"] g.node.visited > title').allTextContents()).to.include.members(['pending', 'creating', 'running', 'exited']);
    await page.screenshot({ path: path.join(dir, 'service-diagram.png') });
  });

  it("follows a healthcheck's flaps in the services table", async () => {
    const checks = records('health-flap').filter((record) => record.kind === 'input' && record.type === 'container.health');
    const page = await pageOf(fixture('health-flap'));
    const seen: string[] = [];
    for (const check of checks) {
      await page.goto(page.url().replace(/#.*$/, '') + `#seq=${check.seq}`);
      await page.locator(`#timeline .row.current[data-seq="${check.seq}"]`).waitFor();
      seen.push((await servicesTable(page))['web']!.health);
    }
    expect(seen).to.deep.equal(checks.map((check) => check.payload['status']));
    expect(seen).to.include.members(['healthy', 'unhealthy']);
  });

  it('marks where a tampered log stops replaying to its commands', async () => {
    const lines = readFileSync(fixture('failed'), 'utf8').split('\n');
    const at = lines.findIndex((line) => line.includes('"type":"status.send"') && line.includes('TASK_FAILED'));
    lines[at] = lines[at]!.replace('TASK_FAILED', 'TASK_FINISHED');
    const tampered = path.join(dir, 'tampered', 'events.jsonl');
    mkdirSync(path.dirname(tampered));
    writeFileSync(tampered, lines.join('\n'));
    const commandSeq = (JSON.parse(lines[at]!) as { seq: number }).seq;
    const cause = Math.max(...records('failed').filter((record) => record.kind === 'input' && record.seq < commandSeq).map((record) => record.seq));
    const page = await pageOf(tampered);
    expect(await page.locator('#timeline .row.diverged').getAttribute('data-seq')).to.equal(String(cause));
    expect(await page.locator('#divergence .expected').innerText()).to.contain('state=TASK_FINISHED');
    expect(await page.locator('#divergence .got').innerText()).to.contain('state=TASK_FAILED');
  });
});
