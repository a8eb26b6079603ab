import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createLogger } from '../../src/adapters/logger.js';
import { logIgnoredInput } from '../../src/runtime/reactions/logIgnoredInput.js';
import { publishPorts } from '../../src/runtime/reactions/publishPorts.js';
import { inOrder } from '../../src/runtime/reaction.js';
import { obligingAdapters } from '../events/recordedRun.js';
import { launch, plan, service, subscribed } from '../machines/scenario.js';
import { logLines, runLoop } from './loopRun.js';

describe('the runtime reactions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'reactions-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const adapters = () => obligingAdapters(plan([service('web')]));

  it('logs a LAUNCH of a taken task id as refused, and a first LAUNCH as nothing of the kind', () => {
    const logFile = path.join(dir, 'executor.log');
    const logger = createLogger(logFile, 'info');
    runLoop(path.join(dir, 'events.jsonl'), [subscribed(), launch()], adapters(), logIgnoredInput(logger));
    expect(logLines(logFile).map((line) => line.msg)).to.deep.equal([]);
    runLoop(path.join(dir, 'events2.jsonl'), [subscribed(), launch(), launch()], adapters(), logIgnoredInput(logger));
    expect(logLines(logFile).map((line) => line.msg)).to.deep.equal(['LAUNCH of task t1, whose id is already in use: refused, without a status update for it']);
  });

  it('writes the host ports of a planned pod to ports.json in the sandbox', async () => {
    const logger = createLogger(path.join(dir, 'executor.log'));
    const ported = { ...plan([service('web')]), publishedPorts: [{ service: 'web', containerPort: 80, protocol: 'tcp' as const, hostPort: 31000 }] };
    runLoop(path.join(dir, 'events.jsonl'), [subscribed(), launch()], obligingAdapters(ported), inOrder([publishPorts(dir, logger)]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readFileSync(path.join(dir, 'ports.json'), 'utf8')).to.contain('31000');
  });
});
