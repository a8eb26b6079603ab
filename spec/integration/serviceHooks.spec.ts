import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LONG_RUNNING, PodsUnderTest, TEST_IMAGE, containersOf, readLog, requireDocker } from './support.js';

/** A file of the pod's sandbox, bound at /out in its containers; undefined while it does not exist. */
const outFile = (sandbox: string, name: string) => readFile(path.join(sandbox, 'out', name), 'utf8').then((text) => text.trim(), () => undefined);

const lines = (...text: string[]) => [...text, ''].join('\n');

describe('post_start and pre_stop hooks in a running pod, as Compose runs them', function () {
  this.timeout(90_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  afterEach(() => pods.cleanUp());

  it("runs post_start in the started container before its dependants start, and pre_stop in it before the kill's stop", async () => {
    const text = lines(
      'services:',
      '  db:',
      `    image: ${TEST_IMAGE}`,
      // The command reads what the post_start hook wrote inside the container, then runs until stopped.
      `    command: ["sh", "-c", "until [ -f /tmp/ready ]; do sleep 0.1; done; cp /tmp/ready /out/db-read; trap 'exit 0' TERM; sleep 3600 & wait"]`,
      '    volumes: ["./out:/out"]',
      '    post_start:',
      '      - command: sh -c "sleep 1; echo $$GREETING $$(id -u) $$(pwd) > /tmp/ready"',
      '        user: "1000"',
      '        working_dir: /tmp',
      '        environment: [GREETING=hooked]',
      '      - command: ["sh", "-c", "cp /tmp/ready /out/hooked"]',
      '    pre_stop:',
      // Written from inside the live container: /tmp/ready is only there.
      '      - command: ["sh", "-c", "echo stopping after $$(cat /tmp/ready) > /out/pre-stop"]',
      '  web:',
      `    image: ${TEST_IMAGE}`,
      `    command: ["sh", "-c", "cat /out/hooked > /out/web-saw 2>&1; trap 'exit 0' TERM; sleep 3600 & wait"]`,
      '    volumes: ["./out:/out"]',
      '    depends_on: [db]',
    );
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text }] });
    await pod.waitForState(['TASK_RUNNING'], 40_000);
    expect(await outFile(pod.sandbox, 'db-read'), "the service's command read what post_start wrote").to.equal('hooked 1000 /tmp');
    expect(await outFile(pod.sandbox, 'web-saw'), 'the dependant started after both hooks').to.equal('hooked 1000 /tmp');
    expect(await outFile(pod.sandbox, 'pre-stop')).to.equal(undefined);

    pod.kill();
    await pod.waitForState(['TASK_KILLED'], 30_000);
    await pod.finished(20_000);
    expect(await outFile(pod.sandbox, 'pre-stop')).to.equal('stopping after hooked 1000 /tmp');
    const log = await readLog(pod);
    const hooks = log.records.flatMap((r) => (r.kind === 'input' && (r.input.type === 'container.hook_done' || r.input.type === 'container.hook_failed') ? [`${r.input.type} ${r.input.stage}[${r.input.index}]`] : []));
    expect(hooks).to.deep.equal(['container.hook_done post_start[0]', 'container.hook_done post_start[1]', 'container.hook_done pre_stop[0]']);
  });

  it('fails the task when a post_start hook fails, with its status and what it wrote, and never starts the dependants', async () => {
    const text = lines(
      'services:',
      '  db:',
      `    image: ${TEST_IMAGE}`,
      `    command: ${JSON.stringify(LONG_RUNNING.command)}`,
      '    post_start:',
      '      - command: ["sh", "-c", "echo progress; echo no disk left >&2; exit 3"]',
      '  web:',
      `    image: ${TEST_IMAGE}`,
      `    command: ${JSON.stringify(LONG_RUNNING.command)}`,
      '    depends_on: [db]',
    );
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text }] });
    const failed = await pod.waitForState(['TASK_FAILED'], 40_000);
    await pod.finished(20_000);
    expect(failed.status.message).to.equal('service db: post_start[0] exited with status 3: no disk left');
    expect(pod.states()).not.to.include('TASK_RUNNING');
    const log = await readLog(pod);
    const created = log.records.flatMap((r) => (r.kind === 'command' && r.command.type === 'container.create' ? [r.command.service.name] : []));
    expect(created).to.deep.equal(['db']);
    expect(await containersOf(pod.taskId)).to.be.empty;
  });
});
