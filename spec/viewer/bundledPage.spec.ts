import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundle } from '../../scripts/bundle.js';
import { recordPod } from './recordedPods.js';

const run = promisify(execFile);

describe('replay --html from the single-file bundle', function () {
  this.timeout(90_000);

  it('writes the page with its script inside, from a folder with nothing else in it', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'viewer-bundle-'));
    const file = path.join(directory, 'compose-executor.mjs');
    await bundle(file);
    const { file: log } = recordPod(directory, 'failed');
    const html = path.join(directory, 'page.html');
    const { stdout } = await run(process.execPath, [file, 'replay', log, '--html', html], { cwd: directory });
    expect(stdout).to.match(/^wrote .*page\.html: 23 records/);
    const page = await readFile(html, 'utf8');
    expect(page).to.contain('DecompressionStream');
    expect(page).to.contain('<svg');
  });
});
