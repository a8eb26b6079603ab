import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readUpOptions, type UpOptions } from '../../src/cli/upOptions.js';

describe('up options, as Docker Compose spells them', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'up-options-'));
    file = path.join(dir, 'docker-compose.yml');
    writeFileSync(file, 'services: {}\n');
  });
  const read = (args: string[], shell: NodeJS.ProcessEnv = {}) => readUpOptions(['-f', file, ...args], shell);
  const options = (args: string[], shell: NodeJS.ProcessEnv = {}) => {
    const result = read(args, shell);
    if (typeof result === 'string') throw new Error(result);
    return result as UpOptions;
  };

  it("gives the executor the env file's variables beneath the shell's, and -e above both", () => {
    const envFile = path.join(dir, 'vars.env');
    writeFileSync(envFile, 'A=file\nB=file\nC=file\n');
    const { environment } = options(['--env-file', envFile, '-e', 'C=flag', '-e', 'D'], { B: 'shell', C: 'shell', D: 'from shell' });
    expect(environment).to.include({ A: 'file', B: 'shell', C: 'flag', D: 'from shell' });
  });

  it("keeps the shell's MESOS_ variables from the executor, which the agent sets", () => {
    const { environment } = options([], { MESOS_AGENT_ENDPOINT: 'elsewhere:5051', HOME: '/root' });
    expect(environment).to.deep.equal({ HOME: '/root' });
  });

  it('takes the config from --config, else COMPOSE_EXECUTOR_CONFIG, as an absolute path the sandboxed executor can open', () => {
    const config = path.join(dir, 'operator.yml');
    writeFileSync(config, 'policy: {}\n');
    const relative = path.relative(process.cwd(), config);
    expect(options(['--config', relative]).config).to.equal(config);
    expect(options([], { COMPOSE_EXECUTOR_CONFIG: relative }).config).to.equal(config);
    expect(read(['--config', path.join(dir, 'missing.yml')])).to.match(/--config .*missing\.yml: no such file/);
  });

  it('reads task labels, the task id and what to attach', () => {
    const read = options(['--label', 'compose-executor.launch_timeout=2mins', '-p', 'shop', '--no-attach', 'db', '--exit-code-from', 'tests', '--no-color']);
    expect(read).to.deep.include({ labels: { 'compose-executor.launch_timeout': '2mins' }, taskId: 'shop', noAttach: ['db'], exitCodeFrom: 'tests', abortOnContainerExit: true, color: false });
  });

  it('says what is wrong with a label, a missing file, or --detach', () => {
    expect(read(['--label', 'novalue'])).to.equal('--label: expected KEY=VALUE, got "novalue"');
    expect(readUpOptions(['-f', path.join(dir, 'nope.yml')], {})).to.match(/nope\.yml: no such file/);
    expect(read(['-d'])).to.match(/^--detach is not offered/);
    expect(() => read(['--bogus'])).to.throw("Unknown option '--bogus'");
  });
});
