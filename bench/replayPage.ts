import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildViewerPage } from '../scripts/viewerPage.js';
import { writeReplayPage } from '../src/viewer/writeReplayPage.js';
import { report, round, type Figure } from './support/figures.js';
import { syntheticLog } from './support/syntheticLog.js';

/**
 * `replay --html` of synthetic logs made by the real core (see
 * support/syntheticLog.ts) of 10,000 and 100,000 inputs
 * (BENCH_REPLAY_PAGE_EVENTS): the page's size and the time to write it.
 */

const SIZES = (process.env.BENCH_REPLAY_PAGE_EVENTS ?? '10000,100000').split(',').map(Number);

async function main(): Promise<void> {
  await buildViewerPage();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-replay-page-'));
  const figures: Figure[] = [];
  try {
    for (const inputs of SIZES) {
      const log = await syntheticLog(inputs);
      const out = path.join(dir, `page-${inputs}.html`);
      const started = performance.now();
      const cpu = process.cpuUsage();
      await writeReplayPage(log, out, {}, () => {});
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      // CPU time too: on a shared machine the wall time says more about the neighbours than about the page.
      const cpuSeconds = (used.user + used.system) / 1e6;
      const mb = (await stat(out)).size / 1024 / 1024;
      process.stderr.write(`replay --html, ${inputs} inputs: ${mb.toFixed(2)} MB in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU)\n`);
      const count = inputs.toLocaleString('en');
      figures.push(
        { benchmark: 'replayPage', figure: `page size, ${count} inputs`, unit: 'MB', ours: round(mb, 2), target: '≤ 5 MB for 100,000', met: inputs > 100_000 || mb <= 5 },
        { benchmark: 'replayPage', figure: `time to write, ${count} inputs`, unit: 's', ours: round(seconds, 1), target: 'context' },
        { benchmark: 'replayPage', figure: `CPU time to write, ${count} inputs`, unit: 's', ours: round(cpuSeconds, 1), target: 'context' },
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  report('replayPage', figures);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
}
