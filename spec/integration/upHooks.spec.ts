import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { TEST_IMAGE, removeLeftovers, requireDocker } from './support.js';

describe("compose-executor up shows a hook's output as Compose does", function () {
  this.timeout(60_000);
  before(requireDocker);
  const taskId = `up-hooks-spec-${process.pid}`;
  let directory = '';
  after(async () => {
    await removeLeftovers(taskId);
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('prints each post_start and pre_stop line behind `web-1 ->`', async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'up-hooks-'));
    const file = path.join(directory, 'docker-compose.yml');
    await writeFile(
      file,
      [
        'services:',
        '  web:',
        `    image: ${TEST_IMAGE}`,
        `    command: ["sh", "-c", "echo serving; trap 'exit 0' TERM; sleep 3600 & wait"]`,
        '    post_start:',
        '      - command: ["sh", "-c", "echo primed $$((6*7))"]',
        '    pre_stop:',
        '      - command: ["sh", "-c", "echo drained $$((3*3))"]',
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [EXECUTOR_BIN, 'up', '-f', file, '--task-id', taskId, '--no-color'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let text = '';
    const seen = new Promise<void>((resolve) =>
      child.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (/primed 42/.test(text) && /serving/.test(text)) resolve();
      }),
    );
    await seen;
    child.kill('SIGINT');
    expect(await exited).to.equal(0);
    const lines = text.split('\n').map((line) => line.replace(/ +\|/, ' |'));
    expect(lines).to.include('web-1 -> | primed 42');
    expect(lines).to.include('web-1 -> | drained 9');
    expect(lines).to.include('web-1 | serving');
  });
});
