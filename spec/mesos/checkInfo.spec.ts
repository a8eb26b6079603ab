import { expect } from 'chai';
import { checkFrom, healthCheckFrom } from '../../src/mesos/checkInfo.js';
import { decodeEvent, encodeEvent } from '../../src/mesos/protobufCodec.js';
import { taskFromInfo } from '../../src/mesos/taskInfo.js';

describe("TaskInfo's health_check and check", () => {
  it("reads a MESOS_HTTP health check as Marathon's TaskBuilder puts it on TaskInfo", () => {
    const marathon = {
      type: 'HTTP',
      interval_seconds: 60,
      timeout_seconds: 20,
      consecutive_failures: 3,
      grace_period_seconds: 300,
      delay_seconds: 15,
      http: { scheme: 'http', port: 31005, protocol: 'IPv4', path: '/health' },
    };
    expect(healthCheckFrom(marathon)).to.deep.equal({
      ok: true,
      value: {
        probe: { type: 'HTTP', port: 31005, path: '/health', scheme: 'http' },
        delayMs: 15_000,
        intervalMs: 60_000,
        timeoutMs: 20_000,
        consecutiveFailures: 3,
        gracePeriodMs: 300_000,
      },
    });
  });

  it("applies mesos.proto's defaults to what is unset", () => {
    expect(healthCheckFrom({ type: 'TCP', tcp: { port: 8080 } })).to.deep.equal({
      ok: true,
      value: { probe: { type: 'TCP', port: 8080 }, delayMs: 15_000, intervalMs: 10_000, timeoutMs: 20_000, consecutiveFailures: 3, gracePeriodMs: 10_000 },
    });
    expect(checkFrom({ type: 'COMMAND', command: { command: { value: 'test -f /ready' } } })).to.deep.equal({
      ok: true,
      value: { probe: { type: 'COMMAND', command: { shell: true, value: 'test -f /ready' } }, delayMs: 15_000, intervalMs: 10_000, timeoutMs: 20_000 },
    });
  });

  it('refuses what Mesos refuses, naming the field', () => {
    expect(healthCheckFrom({ http: { port: 80 } })).to.deep.equal({ ok: false, message: 'health_check.type: missing (COMMAND, HTTP or TCP)' });
    expect(healthCheckFrom({ type: 'HTTP', http: { port: 80, path: 'health' } })).to.deep.equal({ ok: false, message: 'health_check.http.path: "health" must start with /' });
    expect(healthCheckFrom({ type: 'HTTP', http: { port: 80, scheme: 'ftp' } })).to.deep.equal({ ok: false, message: 'health_check.http.scheme: unsupported scheme "ftp" (http or https)' });
    expect(checkFrom({ type: 'TCP', tcp: { port: 80 }, interval_seconds: -1 })).to.deep.equal({ ok: false, message: 'check.interval_seconds: expected a non-negative number of seconds, got -1' });
    expect(checkFrom({ type: 'COMMAND' })).to.deep.equal({ ok: false, message: 'check.command: missing, which a COMMAND check needs' });
  });

  it('keeps a bad check on the task as a problem, so the task fails instead of going unanswered', () => {
    const decoded = taskFromInfo({ name: 't', task_id: { value: 't' }, health_check: { type: 'UNKNOWN' } });
    expect(decoded.ok && decoded.value.checkProblems).to.deep.equal(['health_check.type: "UNKNOWN" is not a check type (COMMAND, HTTP or TCP)']);
  });

  it('reads both from a LAUNCH in protobuf', () => {
    const task = {
      name: 't',
      task_id: { value: 't' },
      agent_id: { value: 'a' },
      health_check: { type: 'COMMAND', command: { value: 'true' }, grace_period_seconds: 0 },
      check: { type: 'HTTP', http: { port: 31000 } },
    };
    const event = decodeEvent(encodeEvent({ type: 'LAUNCH', launch: { task } }));
    if (!event.ok) throw new Error(event.message);
    const decoded = taskFromInfo((event.value['launch'] as { task: unknown }).task);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.value.healthCheck).to.deep.include({ probe: { type: 'COMMAND', command: { shell: true, value: 'true' } }, gracePeriodMs: 0, consecutiveFailures: 3 });
    expect(decoded.value.check).to.deep.include({ probe: { type: 'HTTP', port: 31000, path: '', scheme: 'http' }, delayMs: 15_000 });
  });
});
