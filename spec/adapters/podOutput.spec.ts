import { expect } from 'chai';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { PodOutput } from '../../src/adapters/podOutput.js';

const collected = () => {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
};

describe('the pod output in the sandbox', () => {
  it("prefixes each line as Compose does, names padded to the longest, and keeps each service's own file", async () => {
    const logs = await mkdtemp(path.join(tmpdir(), 'pod-output-'));
    const stdout = collected();
    const stderr = collected();
    const output = new PodOutput(logs, { maxBytes: 1024 * 1024, files: 2 }, { stdout: stdout.stream, stderr: stderr.stream });
    output.setServices(['web', 'database']);
    await output.write('web', [{ stream: 'stdout', text: 'listening' }, { stream: 'stderr', text: 'warning' }]);
    await output.write('database', [{ stream: 'stdout', text: 'ready' }]);
    await output.close();
    expect(stdout.text()).to.equal('web-1       | listening\ndatabase-1  | ready\n');
    expect(stderr.text()).to.equal('web-1       | warning\n');
    expect(await readFile(path.join(logs, 'web.stdout'), 'utf8')).to.equal('listening\n');
    expect(await readFile(path.join(logs, 'web.stderr'), 'utf8')).to.equal('warning\n');
    expect(await readFile(path.join(logs, 'database.stdout'), 'utf8')).to.equal('ready\n');
  });

  it("writes a hook's lines to the sandbox's streams only, behind Compose's `web-1 ->` and the hook's name", async () => {
    const logs = await mkdtemp(path.join(tmpdir(), 'pod-output-'));
    const stdout = collected();
    const stderr = collected();
    const output = new PodOutput(logs, { maxBytes: 1024 * 1024, files: 2 }, { stdout: stdout.stream, stderr: stderr.stream });
    output.setServices(['web', 'database']);
    await output.writeHook('web', 'post_start', [{ stream: 'stdout', text: 'primed' }, { stream: 'stderr', text: 'cold cache' }]);
    await output.writeHook('database', 'pre_stop', [{ stream: 'stdout', text: 'flushed' }]);
    await output.close();
    expect(stdout.text()).to.equal('web-1 ->    | post_start: primed\ndatabase-1 ->  | pre_stop: flushed\n');
    expect(stderr.text()).to.equal('web-1 ->    | post_start: cold cache\n');
    expect(await readdir(logs), "the containers' own log files hold only what the containers wrote").to.deep.equal([]);
  });

  it('rotates a file at the configured size and keeps the configured count', async () => {
    const logs = await mkdtemp(path.join(tmpdir(), 'pod-output-'));
    const output = new PodOutput(logs, { maxBytes: 2500, files: 2 }, { stdout: new PassThrough().resume(), stderr: new PassThrough().resume() });
    output.setServices(['web']);
    for (let batch = 0; batch < 10; batch++) {
      await output.write('web', Array.from({ length: 10 }, (_, line) => ({ stream: 'stdout' as const, text: `batch ${batch} line ${line} ${'x'.repeat(80)}` })));
    }
    await output.close();
    expect((await readdir(logs)).sort()).to.deep.equal(['web.stdout', 'web.stdout.1', 'web.stdout.2']);
    const newest = await readFile(path.join(logs, 'web.stdout'), 'utf8');
    // Each batch is 960 bytes: files rotate after batches 2, 5 and 8, and the oldest rotation is gone.
    expect(newest).to.match(/^batch 9 line 0 /);
    expect(await readFile(path.join(logs, 'web.stdout.2'), 'utf8')).to.match(/^batch 3 line 0 /);
    expect(newest.endsWith('\n')).to.equal(true);
  });

  it('leaves no listener behind on a destination it waited for, however often it waits', async () => {
    const logs = await mkdtemp(path.join(tmpdir(), 'pod-output-'));
    // A sandbox stdout that is always full: every write waits for its drain.
    const slow = new PassThrough({ highWaterMark: 16 });
    slow.resume();
    const before = { close: slow.listenerCount('close'), drain: slow.listenerCount('drain'), error: slow.listenerCount('error') };
    const output = new PodOutput(logs, { maxBytes: 1024 * 1024, files: 1 }, { stdout: slow, stderr: new PassThrough().resume() });
    output.setServices(['chatty']);
    for (let batch = 0; batch < 200; batch++) await output.write('chatty', [{ stream: 'stdout', text: `line ${batch} ${'y'.repeat(64)}` }]);
    await output.close();
    expect({ close: slow.listenerCount('close'), drain: slow.listenerCount('drain'), error: slow.listenerCount('error') }).to.deep.equal(before);
  });
});
