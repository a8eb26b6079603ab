import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';

describe('the executor started without a proper Mesos environment', () => {
  it('names every missing or malformed variable on stderr and exits 1 before doing anything', () => {
    const result = spawnSync(process.execPath, [EXECUTOR_BIN], {
      env: { PATH: process.env.PATH, MESOS_AGENT_ENDPOINT: 'localhost', MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: 'five seconds', MESOS_CHECKPOINT: '0' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('MESOS_AGENT_ENDPOINT: expected IP:port, got "localhost"');
    expect(result.stderr).to.contain('MESOS_FRAMEWORK_ID: missing');
    expect(result.stderr).to.contain('MESOS_EXECUTOR_ID: missing');
    expect(result.stderr).to.contain('MESOS_SANDBOX: missing');
    expect(result.stderr).to.contain('MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: expected a Mesos duration like 5secs or 500ms, got "five seconds"');
  });

  it('refuses an unknown key in its config file', () => {
    const result = spawnSync(process.execPath, [EXECUTOR_BIN], {
      env: {
        PATH: process.env.PATH,
        MESOS_AGENT_ENDPOINT: '127.0.0.1:5051',
        MESOS_FRAMEWORK_ID: 'fw',
        MESOS_EXECUTOR_ID: 'ex',
        MESOS_SANDBOX: '/tmp',
        MESOS_CHECKPOINT: '0',
        MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: '5secs',
        COMPOSE_EXECUTOR_CONFIG: 'spec/integration/fixtures/typo-config.yml',
      },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('spec/integration/fixtures/typo-config.yml: kill_grace_periode: unknown key');
  });
});
