import { expect } from 'chai';
import { PodProgress } from '../../src/cli/podProgress.js';
import { podTable, uptime } from '../../src/cli/ps.js';

const record = (seq: number, kind: 'input' | 'command', type: string, payload: Record<string, unknown>) =>
  JSON.stringify({ seq, at: new Date(Date.UTC(2026, 0, 1, 10, 0, 0) + seq * 100).toISOString(), kind, type, payload: { taskId: 't1', ...payload } });

describe('the progress up shows, folded from the event log', () => {
  it("names each step with Compose's words and times it", () => {
    const progress = new PodProgress('t1');
    const lines = [
      record(1, 'command', 'network.create', { name: 't1_default' }),
      record(2, 'input', 'network.created', { name: 't1_default', networkId: 'n' }),
      record(3, 'command', 'container.create', { service: { name: 'web', containerName: 't1_web' } }),
      record(4, 'input', 'container.created', { service: 'web', containerId: 'c' }),
      record(5, 'command', 'container.start', { service: 'web', containerId: 'c' }),
      record(8, 'input', 'container.running', { service: 'web', containerId: 'c' }),
    ];
    for (const line of lines) progress.take(line);
    expect(progress.rows().map((row) => [row.kind, row.name, row.status, row.state, (row.until ?? 0) - row.since])).to.deep.equal([
      ['Network', 't1_default', 'Created', 'done', 100],
      ['Container', 't1_web', 'Started', 'done', 300],
    ]);
  });

  it('notes health changes and exits, and keeps each exit code', () => {
    const progress = new PodProgress('t1');
    expect(progress.take(record(1, 'input', 'container.health', { service: 'web', containerId: 'c', status: 'healthy' }))).to.deep.equal([{ service: 'web', text: 'web-1 is healthy' }]);
    expect(progress.take(record(2, 'input', 'container.died', { service: 'web', containerId: 'c', exitCode: 3 }))).to.deep.equal([{ service: 'web', text: 'web-1 exited with code 3', exitCode: 3 }]);
    expect(progress.exitCodes.get('web')).to.equal(3);
  });

  it('shows each build step, then the image built or the build failed', () => {
    const progress = new PodProgress('t1');
    const lines = [
      record(1, 'command', 'image.build', { image: 'compose-executor/web:ab', build: {} }),
      record(2, 'input', 'image.build_progress', { image: 'compose-executor/web:ab', step: 1, steps: 2, instruction: 'FROM busybox' }),
      record(3, 'input', 'image.build_progress', { image: 'compose-executor/web:ab', step: 2, steps: 2, instruction: 'COPY . /app' }),
    ];
    for (const line of lines) progress.take(line);
    expect(progress.rows().map((row) => [row.name, row.status, row.state, row.detail])).to.deep.equal([['compose-executor/web:ab', 'Building', 'working', 'step 2/2: COPY . /app']]);
    progress.take(record(4, 'input', 'image.ready', { image: 'compose-executor/web:ab', pulled: false, built: true }));
    progress.take(record(5, 'input', 'image.build_failed', { image: 'compose-executor/db:cd', message: 'at step 2/2 (RUN exit 3): returned a non-zero code: 3' }));
    expect(progress.rows().map((row) => [row.name, row.status, row.state, row.detail])).to.deep.equal([
      ['compose-executor/web:ab', 'Built', 'done', undefined],
      ['compose-executor/db:cd', 'Error', 'error', 'at step 2/2 (RUN exit 3): returned a non-zero code: 3'],
    ]);
  });

  it("ignores another task's records and lines that are not JSON", () => {
    const progress = new PodProgress('t1');
    expect(progress.take(record(1, 'command', 'network.create', { name: 'x', taskId: 't2' }))).to.deep.equal([]);
    expect(progress.take('{"seq":2,"at":')).to.deep.equal([]);
    expect(progress.rows()).to.deep.equal([]);
  });
});

describe('compose-executor ps as a table', () => {
  it('prints a row per service, the pod on its first', () => {
    const table = podTable(
      [{
        taskId: 'shop', frameworkId: 'marathon', executorId: 'shop-executor', executorAlive: true, state: 'TASK_RUNNING', startedAt: '2026-01-01T10:00:00.000Z',
        services: [
          { name: 'db', container: 'a', phase: 'running', health: 'healthy', restarts: 0, ports: [] },
          { name: 'web', container: 'b', phase: 'running', restarts: 2, ports: [{ host: 31000, container: 80, protocol: 'tcp' }] },
        ],
      }],
      Date.parse('2026-01-01T10:02:05.000Z'),
    );
    expect(table.split('\n')).to.deep.equal([
      'TASK  FRAMEWORK  EXECUTOR       STATE         UPTIME  SERVICE  PHASE    HEALTH   RESTARTS  PORTS',
      'shop  marathon   shop-executor  TASK_RUNNING  2m5s    db       running  healthy  0',
      '                                                      web      running  -        2         31000->80/tcp',
      '',
    ]);
  });

  it('rounds the uptime to its two largest units', () => {
    expect([uptime(999), uptime(45_000), uptime(3_600_000 + 61_000), uptime(90_061_000)]).to.deep.equal(['0s', '45s', '1h1m', '1d1h']);
  });
});
