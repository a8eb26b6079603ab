import { expect } from 'chai';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { loadCompose } from '../../src/compose/load.js';
import { planPod } from '../../src/compose/plan.js';
import { parseEventLog } from '../../src/events/logReader.js';
import { encodeRecord, LOG_FORMAT, LOG_FORMAT_VERSION, type LogRecord } from '../../src/events/logRecord.js';
import { maskSecrets, MASKED } from '../../src/events/secretValues.js';
import { inputFromAgentEvent } from '../../src/mesos/events.js';
import { SUITE_TIMEOUT_MS, runs } from './fuzzRuns.js';

const header = JSON.stringify({ format: LOG_FORMAT, version: LOG_FORMAT_VERSION, executorVersion: 'test', startedAt: '2024-05-01T10:00:00.000Z', config: {} });
const logged = (record: LogRecord) => encodeRecord(maskSecrets(record));

const secretNames = fc.tuple(fc.constantFrom('', 'DB_', 'APP_', 'github_'), fc.constantFrom('PASSWORD', 'Secret', 'TOKEN', 'api_key', 'KEY'), fc.constantFrom('', '_FILE', '2')).map((parts) => parts.join(''));
const plainNames = fc.constantFrom('PATH', 'HOME', 'LOG_LEVEL', 'PORT', 'TZ', 'DATABASE_HOST');
const values = fc.uuid().map((id) => `value-${id}`);

/** A pod.planned record as the executor logs it, from a compose file with this environment. */
function plannedRecord(environment: Record<string, string>): LogRecord {
  const text = ['services:', '  web:', '    image: busybox', '    environment:', ...Object.entries(environment).map(([name, value]) => `      ${name}: "${value}"`), ''].join('\n');
  const model = loadCompose([{ name: 'docker-compose.yml', text }], {});
  if (E.isLeft(model)) return expect.fail(JSON.stringify(model.left));
  const plan = planPod(model.right, { taskId: 't-1', executorId: 'e-1', labels: {}, ports: [] }, { fileName: 'docker-compose.yml', sandbox: '/sandbox' });
  if (E.isLeft(plan)) return expect.fail(JSON.stringify(plan.left));
  return { seq: 3, at: '2024-05-01T10:00:00.300Z', kind: 'input', input: { type: 'pod.planned', taskId: 't-1', plan: plan.right } };
}

describe('secrets in the event log', function () {
  this.timeout(SUITE_TIMEOUT_MS);

  it("never logs the value of an environment variable that looks like a secret, and keeps the others", () => {
    fc.assert(
      fc.property(fc.dictionary(secretNames, values, { minKeys: 1, maxKeys: 4 }), fc.dictionary(plainNames, values, { maxKeys: 3 }), (secrets, plain) => {
        const line = logged(plannedRecord({ ...plain, ...secrets }));
        for (const value of Object.values(secrets)) expect(line).to.not.include(value);
        for (const value of Object.values(plain)) expect(line).to.include(value);
        const parsed = parseEventLog(`${header}\n${line}\n`);
        expect(parsed.ok, parsed.ok ? '' : parsed.message).to.equal(true);
      }),
      runs(100),
    );
  });

  it('masks the environment of a LAUNCH, secrets by reference or inline included', () => {
    const variables = [
      { name: 'DB_PASSWORD', value: 'hunter2' },
      { name: 'TLS_KEY', type: 'SECRET', secret: { type: 'VALUE', value: { data: 'c2VjcmV0' } } },
      { name: 'LOG_LEVEL', value: 'debug' },
    ];
    const task = { name: 'web', task_id: { value: 'web-1' }, agent_id: { value: 'a' }, resources: [], command: { value: 'true', environment: { variables } }, labels: { labels: [{ key: 'fileName', value: 'pod.yml' }] } };
    const line = logged({ seq: 1, at: '2024-05-01T10:00:00.000Z', kind: 'input', input: inputFromAgentEvent({ type: 'LAUNCH', launch: { task } }) });
    expect(line).to.not.include('hunter2');
    expect(line).to.not.include('c2VjcmV0');
    expect(line).to.include('debug');
    expect(parseEventLog(`${header}\n${line}\n`).ok).to.equal(true);
  });

  it('masks what it masked again to the same record, so replay compares like with like', () => {
    const record = plannedRecord({ API_TOKEN: 'abc', PORT: '80' });
    expect(maskSecrets(maskSecrets(record))).to.deep.equal(maskSecrets(record));
    expect(JSON.stringify(maskSecrets(record))).to.include(`"API_TOKEN":"${MASKED}"`);
  });

  it('takes the words that mark a secret from the operator', () => {
    const line = encodeRecord(maskSecrets(plannedRecord({ SIM_PIN: '1234', DB_PASSWORD: 'pw' }), ['PIN']));
    expect(line).to.not.include('1234');
    expect(line).to.include('"DB_PASSWORD":"pw"');
  });
});
