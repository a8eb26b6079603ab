import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PodsUnderTest, TEST_IMAGE, readLog, requireDocker } from './support.js';

const lines = (...text: string[]) => [...text, ''].join('\n');
const sandboxFile = (sandbox: string, name: string) => readFile(path.join(sandbox, name), 'utf8').catch(() => '');
/** The lines a hook of `service` wrote to one of the sandbox's streams, as the executor prefixes them. */
const hookLines = (text: string, service: string) => text.split('\n').filter((line) => new RegExp(`^${service}-1 -> +\\| `).test(line));
const RUNS_UNTIL_STOPPED = `["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;

describe("a post_start or pre_stop hook's output, where Compose shows it", function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  it("writes what each hook printed to the sandbox's stdout and stderr, prefixed and named, and nothing of it to the event log", async () => {
    const text = lines(
      'services:',
      '  web:',
      `    image: ${TEST_IMAGE}`,
      `    command: ${RUNS_UNTIL_STOPPED}`,
      '    post_start:',
      // The output is computed, so the commands the event log records do not hold it.
      '      - command: ["sh", "-c", "echo warmed $$((6*7)) rows; echo $$((2*3)) rows cold >&2; printf no-newline-$$((1+1))"]',
      '    pre_stop:',
      '      - command: ["sh", "-c", "echo draining $$((4+5)) connections"]',
    );
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text }] });
    await pod.waitForState(['TASK_RUNNING'], 40_000);
    pod.kill();
    await pod.waitForState(['TASK_KILLED'], 30_000);
    await pod.finished(20_000);

    const stdout = hookLines(await sandboxFile(pod.sandbox, 'stdout'), 'web');
    const stderr = hookLines(await sandboxFile(pod.sandbox, 'stderr'), 'web');
    expect(stdout.map((line) => line.replace(/ +\|/, ' |'))).to.deep.equal([
      'web-1 -> | post_start: warmed 42 rows',
      'web-1 -> | post_start: no-newline-2',
      'web-1 -> | pre_stop: draining 9 connections',
    ]);
    expect(stderr.map((line) => line.replace(/ +\|/, ' |'))).to.deep.equal(['web-1 -> | post_start: 6 rows cold']);
    expect(await sandboxFile(pod.sandbox, 'events.jsonl')).not.to.match(/42 rows|6 rows|no-newline-2|9 connections/);
    expect(await sandboxFile(pod.sandbox, 'logs/web.stdout'), "the container's own log holds only what it wrote").not.to.match(/42 rows|9 connections/);
  });

  it("keeps a failing hook's output in the sandbox and only its tail in the failure", async () => {
    const text = lines(
      'services:',
      '  db:',
      `    image: ${TEST_IMAGE}`,
      `    command: ${RUNS_UNTIL_STOPPED}`,
      '    post_start:',
      '      - command: ["sh", "-c", "echo checked $$((3*3)) disks; echo no disk left >&2; exit 3"]',
    );
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text }] });
    const failed = await pod.waitForState(['TASK_FAILED'], 40_000);
    await pod.finished(20_000);
    expect(failed.status.message).to.equal('service db: post_start[0] exited with status 3: no disk left');
    expect(hookLines(await sandboxFile(pod.sandbox, 'stdout'), 'db').map((line) => line.replace(/ +\|/, ' |'))).to.deep.equal(['db-1 -> | post_start: checked 9 disks']);
    expect(await sandboxFile(pod.sandbox, 'events.jsonl')).not.to.include('checked 9 disks');
  });

  it("attaches a tty service's hook with a TTY, as Compose does: one raw stream, shown on stdout", async () => {
    const text = lines(
      'services:',
      '  web:',
      `    image: ${TEST_IMAGE}`,
      '    tty: true',
      `    command: ${RUNS_UNTIL_STOPPED}`,
      '    post_start:',
      '      - command: ["sh", "-c", "echo hello from the hook; echo on stderr >&2"]',
    );
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text }] });
    await pod.waitForState(['TASK_RUNNING'], 40_000);
    pod.kill();
    await pod.finished(30_000);
    expect(hookLines(await sandboxFile(pod.sandbox, 'stdout'), 'web').map((line) => line.replace(/ +\|/, ' |'))).to.include('web-1 -> | post_start: hello from the hook');
    // Attached with a TTY, the exec's output is not split into stdout and stderr: nothing reaches the sandbox's stderr.
    expect(hookLines(await sandboxFile(pod.sandbox, 'stderr'), 'web')).to.deep.equal([]);
    const log = await readLog(pod);
    const execs = log.records.flatMap((r) => (r.kind === 'command' && r.command.type === 'container.exec_hook' ? [r.command.tty] : []));
    expect(execs).to.deep.equal([true]);
  });
});
