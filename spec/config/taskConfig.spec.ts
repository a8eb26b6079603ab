import { expect } from 'chai';
import { DEFAULT_CONFIG } from '../../src/config/executorConfig.js';
import { taskConfig, withTaskSettings } from '../../src/config/taskConfig.js';
import type { Input } from '../../src/events/inputs.js';

describe('per-task settings from task labels', () => {
  it('overrides a key of the config file for the task', () => {
    const resolved = taskConfig(DEFAULT_CONFIG, { 'compose-executor.launch_timeout': '10mins', fileName: 'docker-compose.yml' });
    expect(resolved).to.deep.include({ ok: true, settings: { launchTimeoutMs: 600_000 } });
  });

  it('matches a key that a framework prefixed', () => {
    const resolved = taskConfig(DEFAULT_CONFIG, { 'org.example/compose-executor.unhealthy': 'report', 'aurora.compose-executor.cleanup.failed': 'remove' });
    expect(resolved).to.deep.include({
      ok: true,
      settings: { unhealthy: { policy: 'report', graceMs: 0 }, cleanup: { ...DEFAULT_CONFIG.cleanup, failed: 'remove' } },
    });
  });

  it('starts from the config file, not from the defaults', () => {
    const file = { ...DEFAULT_CONFIG, cleanup: { ...DEFAULT_CONFIG.cleanup, killed: 'keep' as const } };
    const resolved = taskConfig(file, { 'compose-executor.cleanup.kept_for': '2hrs' });
    expect(resolved.ok && resolved.config.cleanup).to.deep.equal({ ...file.cleanup, keptForMs: 7_200_000 });
  });

  it('leaves labels of other namespaces alone', () => {
    expect(taskConfig(DEFAULT_CONFIG, { 'xcompose-executor.launch_timeout': 'soon', launch_timeout: 'soon' })).to.deep.include({ ok: true, settings: {} });
  });

  it('takes check_service, which names the service a framework COMMAND check runs in, as no setting of the file', () => {
    const resolved = taskConfig(DEFAULT_CONFIG, { 'org.apache.aurora.metadata.compose-executor.check_service': 'web' });
    expect(resolved).to.deep.include({ ok: true, settings: {} });
  });

  it('refuses an unknown key, naming the label', () => {
    const resolved = taskConfig(DEFAULT_CONFIG, { 'compose-executor.lunch_timeout': '10mins' });
    expect(resolved).to.deep.equal({ ok: false, message: 'task label compose-executor.lunch_timeout: unknown key lunch_timeout (a task may set kill_grace_period, launch_timeout, unhealthy, unhealthy_grace, cleanup, exact_host_ports)' });
  });

  it('refuses a bad value with the codec\'s message, naming the label', () => {
    const resolved = taskConfig(DEFAULT_CONFIG, { 'compose-executor.launch_timeout': 'soon' });
    expect(resolved).to.deep.equal({ ok: false, message: 'task label compose-executor.launch_timeout: launch_timeout: expected a Mesos duration like 3secs or 500ms, got "soon"' });
    expect(taskConfig(DEFAULT_CONFIG, { 'compose-executor.cleanup.failed': 'shred' })).to.deep.equal({
      ok: false,
      message: 'task label compose-executor.cleanup.failed: cleanup.failed: expected remove or keep, got "shred"',
    });
  });

  it("refuses the operator's policy and executor-wide keys, saying why", () => {
    expect(taskConfig(DEFAULT_CONFIG, { 'compose-executor.policy.privileged': 'allow' })).to.deep.equal({
      ok: false,
      message: "task label compose-executor.policy.privileged: policy cannot be set by a task: it is the operator's policy, which a task must never loosen",
    });
    expect(taskConfig(DEFAULT_CONFIG, { 'compose-executor.encoding': 'protobuf' })).to.deep.equal({
      ok: false,
      message: 'task label compose-executor.encoding: encoding cannot be set by a task: it is executor-wide, read once when the executor starts, before any task arrives',
    });
  });

  it('refuses two labels setting one key', () => {
    const resolved = taskConfig(DEFAULT_CONFIG, { 'compose-executor.launch_timeout': '1mins', 'marathon/compose-executor.launch_timeout': '2mins' });
    expect(resolved).to.deep.include({ ok: false });
  });

  it('records what the labels changed in the launch input, and nothing when they change nothing', () => {
    const launch = (labels: Record<string, string>): Input => ({ type: 'mesos.launch', task: { taskId: 't', name: 't', labels, ports: [] }, taskInfo: {} });
    const add = withTaskSettings(DEFAULT_CONFIG);
    expect(add(launch({ 'compose-executor.kill_grace_period': '7secs' }))).to.deep.include({ settings: { defaultKillGraceMs: 7000 } });
    expect(add(launch({ fileName: 'a.yml' }))).not.to.have.property('settings');
    expect(add(launch({ 'compose-executor.exact_host_ports': 'true' }))).to.deep.include({ settings: { exactHostPorts: true } });
    expect(add(launch({ 'compose-executor.launch_timeout': 'soon' }))).not.to.have.property('settings');
  });

  it('carries a refused label in the launch input, so the pod fails its planning with the reason', () => {
    const launched = withTaskSettings(DEFAULT_CONFIG)({ type: 'mesos.launch', task: { taskId: 't', name: 't', labels: { 'compose-executor.policy.privileged': 'allow' }, ports: [] }, taskInfo: {} });
    expect(launched).to.deep.include({ refusedLabel: "task label compose-executor.policy.privileged: policy cannot be set by a task: it is the operator's policy, which a task must never loosen" });
  });
});
