import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { PullProgressLines } from '../../src/cli/pullProgressLines.js';
import { encodeRecord } from '../../src/events/logRecord.js';
import type { Input } from '../../src/events/inputs.js';

describe("up's progress lines for builds", () => {
  it('prints a line per build step, then when the image is built or the build failed', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'progress-lines-'));
    const file = path.join(folder, 'events.jsonl');
    const inputs: Input[] = [
      { type: 'image.build_progress', taskId: 't', image: 'compose-executor/web:ab', step: 1, steps: 2, instruction: 'FROM busybox' },
      { type: 'image.build_progress', taskId: 't', image: 'compose-executor/web:ab', step: 2, steps: 2, instruction: 'COPY . /app' },
      { type: 'image.ready', taskId: 't', image: 'compose-executor/web:ab', pulled: false, built: true },
      { type: 'image.build_failed', taskId: 't', image: 'compose-executor/db:cd', message: 'at step 2/2 (RUN exit 3): returned a non-zero code: 3' },
    ];
    await writeFile(file, inputs.map((input, i) => `${encodeRecord({ seq: i + 1, at: new Date(0).toISOString(), kind: 'input', input })}\n`).join(''));
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const lines = new PullProgressLines(file, out, 10);
    lines.start();
    await lines.stop();
    await rm(folder, { recursive: true, force: true });
    expect(text).to.equal(
      [
        'building  compose-executor/web:ab  step 1/2: FROM busybox',
        'building  compose-executor/web:ab  step 2/2: COPY . /app',
        'built  compose-executor/web:ab',
        'build failed  compose-executor/db:cd: at step 2/2 (RUN exit 3): returned a non-zero code: 3',
        '',
      ].join('\n'),
    );
  });
});
