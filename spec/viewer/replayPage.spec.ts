import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildViewerPage } from '../../scripts/viewerPage.js';
import { replay } from '../../src/cli/replayCommand.js';
import { currentSeq, launchChromium, litStates, openPage, servicesTable } from './pageBrowser.js';
import { recordDivergentPod, recordPod, type PodStory } from './recordedPods.js';

describe('the replay page (replay LOG --html)', function () {
  this.timeout(60_000);
  let dir: string;
  let browser: Browser;
  const pages: Page[] = [];

  beforeEach(() => {
    // Screenshots stay here too, to look at after a run with KEEP_TEST_TMP=1.
    dir = mkdtempSync(path.join(tmpdir(), 'replay-page-'));
  });
  before(async () => {
    await buildViewerPage();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.context().close()));
  });
  after(async () => {
    await browser?.close();
  });

  async function pageOf(file: string, args: string[] = [], hash = '') {
    const html = `${file}.${args.join('')}.html`;
    let err = '';
    const code = await replay([file, '--html', html, ...args], { out: () => {}, err: (text) => (err += text) });
    expect(code, err).to.equal(0);
    const opened = await openPage(browser, html, hash);
    pages.push(opened.page);
    expect(opened.errors).to.deep.equal([]);
    return opened;
  }

  const seqsOf = (run: ReturnType<typeof recordPod>['run'], type: string) =>
    run.log.records.filter((record) => record.kind === 'input' && record.input.type === type).map((record) => record.seq);

  async function story(name: PodStory) {
    const recorded = recordPod(dir, name);
    return { ...recorded, ...(await pageOf(recorded.file)) };
  }

  it('opens from a file with the network cut, and End shows how the pod ended and its last status update', async () => {
    const { page, refused, run } = await story('failed');
    expect(refused).to.deep.equal([]);
    await page.keyboard.press('End');
    const records = run.log.records.filter((record) => record.kind === 'input');
    expect(await currentSeq(page)).to.equal(records[records.length - 1]!.seq);
    expect(await page.locator('#machines').innerText()).to.match(/pod t1\s+ended\s+TASK_FAILED: service web exited with code 1/);
    expect(await page.locator('#unacknowledged li').allTextContents()).to.include('t1 TASK_FAILED (u3)');
    expect(await litStates(page, 'pod')).to.deep.equal(['ended']);
    await page.screenshot({ path: path.join(dir, 'failed-end.png') });
  });

  it('shows the failed service at its failure, the pod stopping lit on its diagram and the state left behind on it', async () => {
    const { page, run } = await story('failed');
    const died = seqsOf(run, 'container.died')[0]!;
    await page.keyboard.press('End');
    while ((await currentSeq(page)) > died) await page.keyboard.press('ArrowLeft');
    expect(await currentSeq(page)).to.equal(died);
    const services = await servicesTable(page);
    // Nothing depends on web: its container is removed at once, while db still stops.
    expect(services['web']).to.deep.include({ phase: 'removing', exitCode: '1' });
    expect(services['db']).to.deep.include({ phase: 'stopping', health: 'healthy' });
    expect(await litStates(page, 'pod')).to.deep.equal(['stopping']);
    expect(await page.locator('figure.diagram[data-machine="pod"] g.node.visited > title').allTextContents()).to.include.members(['planning', 'running', 'stopping']);
    expect(await page.locator('figure.diagram[data-machine="pod"] g.node.visited > title').allTextContents()).not.to.include('ended');
    expect(await page.locator('figure.diagram[data-machine="pod"] g.edge.taken').count()).to.be.greaterThan(1);
    expect(page.url()).to.match(new RegExp(`#seq=${died}$`));
    await page.screenshot({ path: path.join(dir, 'failed-at-failure.png') });
  });

  it('steps by ten with PageUp and PageDown, to the start with Home, and opens at the record its URL names', async () => {
    const { page, run, file } = await story('killed');
    const seqs = [0, ...run.log.records.filter((record) => record.kind === 'input').map((record) => record.seq)];
    await page.keyboard.press('PageDown');
    expect(await currentSeq(page)).to.equal(seqs[10]);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageUp');
    expect(await currentSeq(page)).to.equal(seqs[1]);
    await page.keyboard.press('Home');
    expect(await currentSeq(page)).to.equal(0);

    const kill = seqsOf(run, 'mesos.kill')[0]!;
    const linked = await pageOf(file, [], `#seq=${kill}`);
    expect(await currentSeq(linked.page)).to.equal(kill);
    expect(await linked.page.locator('#commands').innerText()).to.contain('container.stop');
    await linked.page.keyboard.press('End');
    expect(await linked.page.locator('#machines').innerText()).to.match(/pod t1\s+ended\s+TASK_KILLED/);
    expect(await linked.page.locator('#unacknowledged li').allTextContents()).to.satisfy((items: string[]) => items.some((item) => item.startsWith('t1 TASK_KILLED')));
  });

  it("follows a flapping healthcheck in the services table", async () => {
    const { page, run } = await story('flapping');
    const checks = seqsOf(run, 'container.health');
    const healths: string[] = [];
    for (const seq of checks) {
      await page.goto(page.url().replace(/#.*$/, '') + `#seq=${seq}`);
      await page.locator(`#timeline .row.current[data-seq="${seq}"]`).waitFor();
      healths.push((await servicesTable(page))['db']!.health);
    }
    expect(healths).to.deep.equal(['healthy', 'unhealthy', 'healthy', 'unhealthy', 'healthy']);
  });

  it('hides the records of other services when filtered to one, and finds records by text', async () => {
    const { page } = await story('failed');
    await page.selectOption('#service-filter', 'web');
    const rows = await page.locator('#timeline .row').allTextContents();
    expect(rows.length).to.be.greaterThan(2);
    for (const row of rows) expect(row).to.match(/service=\{?web\b/);
    await page.selectOption('#service-filter', '');
    await page.selectOption('#source-filter', 'mesos');
    expect(await page.locator('#timeline .row .src').allTextContents()).to.satisfy((sources: string[]) => sources.length === 2 && sources.every((source) => source === 'mesos'));
    await page.selectOption('#source-filter', '');
    await page.fill('#search', 'exitCode=1');
    expect(await page.locator('#timeline .row').allTextContents()).to.have.length(1);
  });

  it('marks the record whose replayed commands differ from the log, recorded beside replayed', async () => {
    const { file, seq } = recordDivergentPod(dir);
    const { page } = await pageOf(file);
    expect(await page.locator('#timeline .row.diverged').getAttribute('data-seq')).to.equal(String(seq));
    expect(await page.locator('#summary').innerText()).to.contain(`replay DIVERGES at seq ${seq}`);
    expect(await page.locator('#divergence .expected').innerText()).to.contain('state=TASK_FINISHED');
    expect(await page.locator('#divergence .got').innerText()).to.contain('state=TASK_FAILED');
    await page.screenshot({ path: path.join(dir, 'divergent.png') });
  });

  it('holds only the records between --from and --to', async () => {
    const { run, file } = recordPod(dir, 'failed', 'window');
    const seqs = run.log.records.filter((record) => record.kind === 'input').map((record) => record.seq);
    const { page } = await pageOf(file, ['--from', String(seqs[3]), '--to', String(seqs[8])]);
    const shown = await page.locator('#timeline .row').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-seq'))));
    expect(shown).to.deep.equal(seqs.slice(3, 9));
    // The first record of the window shows the state the log had reached, not the start's.
    expect(await page.locator('#machines').innerText()).to.match(/pod t1\s+\S+/);
  });
});
