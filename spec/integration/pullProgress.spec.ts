import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import type { InputOf } from '../../src/events/inputs.js';
import { LONG_RUNNING, PodsUnderTest, composeFile, docker, readLog, removeLeftovers, requireDocker } from './support.js';

/** Pushed to the loopback registry by scripts/docker-env.sh, with a layer of its own that the engine lacks. */
const REGISTRY_IMAGE = '127.0.0.1:5000/compose-executor/pull-progress:test';

describe('pull progress', function () {
  this.timeout(60_000);
  const pods = new PodsUnderTest();
  before(requireDocker);
  beforeEach(() => docker.getImage(REGISTRY_IMAGE).remove().catch(() => {}));
  afterEach(() => pods.cleanUp());

  it('is summarised in the event log, a few records per image rather than one per chunk', async () => {
    const pod = await pods.start({ files: [{ name: 'docker-compose.yml', text: composeFile({ web: { ...LONG_RUNNING, image: REGISTRY_IMAGE } }) }] });
    await pod.waitForState(['TASK_RUNNING']);
    pod.kill();
    await pod.finished(30_000);

    const inputs = (await readLog(pod)).records.flatMap((record) => (record.kind === 'input' ? [record.input] : []));
    const progress = inputs.filter((input): input is InputOf<'image.progress'> => input.type === 'image.progress');
    const ready = inputs.findIndex((input) => input.type === 'image.ready');
    expect(progress.length).to.be.within(1, 8);
    expect(inputs.indexOf(progress.at(-1)!)).to.be.below(ready);
    const last = progress.at(-1)!;
    expect(last).to.include({ taskId: pod.taskId, image: REGISTRY_IMAGE });
    expect(last.layers).to.be.at.least(1);
    expect(last.layersDone).to.equal(last.layers);
    expect(last.bytesTotal).to.be.above(0);
    expect(last.bytesDone).to.equal(last.bytesTotal);
  });

  it("shows a progress line per image in up's output, also when it is not a terminal", async () => {
    const taskId = `pull-progress-up-${process.pid}`;
    const folder = await mkdtemp(path.join(tmpdir(), 'pull-progress-'));
    const file = path.join(folder, 'docker-compose.yml');
    await writeFile(file, composeFile({ web: { ...LONG_RUNNING, image: REGISTRY_IMAGE } }));
    const child = spawn(process.execPath, [EXECUTOR_BIN, 'up', '-f', file, '--task-id', taskId], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (/TASK_RUNNING/.test(text) && child.exitCode === null) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    await removeLeftovers(taskId);

    expect(code, text).to.equal(0);
    const escaped = REGISTRY_IMAGE.replace(/[.]/g, '\\.');
    expect(text).to.match(new RegExp(`^ Image ${escaped}  Pulling  100%  1/1 layers  \\d+\\.\\d/\\d+\\.\\d MB\\n`, 'm'));
    expect(text).to.match(new RegExp(`^ Image ${escaped}  Pulled\\n`, 'm'));
    // No cursor movement or carriage returns: it reads the same in a pipe.
    expect(text).to.not.match(/\r|\x1b\[/);
  });
});
