import { expect } from 'chai';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { containersOf, removeLeftovers, requireDocker } from './support.js';

/** Collects a child's output and resolves when a line matches. */
function outputOf(child: ReturnType<typeof spawn>) {
  let text = '';
  const waiters: Array<{ pattern: RegExp; resolve: (match: RegExpMatchArray) => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const waiter of [...waiters]) {
      const match = text.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  return {
    get text() {
      return text;
    },
    waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
      const match = text.match(pattern);
      return match ? Promise.resolve(match) : new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
  };
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('compose-executor up, as a person types it', function () {
  this.timeout(60_000);
  before(requireDocker);
  const taskId = `up-spec-${process.pid}`;
  after(() => removeLeftovers(taskId));

  it('runs the example pod, serves on an offered port, and kills it on Ctrl-C', async () => {
    const child = spawn(process.execPath, [EXECUTOR_BIN, 'up', '-f', 'examples/web-and-cache/docker-compose.yml', '--ports', '31300-31309', '--task-id', taskId], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const output = outputOf(child);

    await output.waitFor(/TASK_RUNNING/);
    expect(await get(31300)).to.match(/^hello from /);
    expect((await containersOf(taskId)).length).to.equal(3);

    child.kill('SIGINT');
    await output.waitFor(/TASK_KILLED/);
    expect(await exited).to.equal(0);
    expect(output.text).to.match(/TASK_STARTING[\s\S]*TASK_RUNNING[\s\S]*TASK_KILLING[\s\S]*TASK_KILLED/);
    expect(await containersOf(taskId)).to.be.empty;
  });
});
