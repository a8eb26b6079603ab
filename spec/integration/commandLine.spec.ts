import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { obligingAdapters, recordRun } from '../events/recordedRun.js';
import { launch, plan, service, subscribed } from '../machines/scenario.js';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** The built CLI as a person runs it, in a shell without the agent's variables. */
function cli(args: string[], options: { closeAfterFirstChunk?: boolean } = {}): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MESOS_')));
  const child = spawn(process.execPath, [EXECUTOR_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    // As `| head -1` does: the reader goes away while the writer still has plenty to say.
    if (options.closeAfterFirstChunk) child.stdout.destroy();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const COMMANDS = ['up', 'ps', 'logs', 'validate', 'plan', 'gc', 'replay', 'diagram'];
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('the command line, as a person types it', function () {
  this.timeout(60_000);

  for (const command of COMMANDS) {
    it(`answers ${command} --help with its own usage and exit 0`, async () => {
      const { code, out, err } = await cli([command, '--help']);
      expect(err).to.equal('');
      expect(code).to.equal(0);
      expect(out).to.match(/^usage:\n/);
      expect(out).to.contain(`compose-executor ${command}`);
    });
  }

  it('names an unknown option and shows that command\'s usage, exit 2', async () => {
    for (const command of ['up', 'logs', 'ps']) {
      const { code, out, err } = await cli([command, '--bogus']);
      expect(code, command).to.equal(2);
      expect(out, command).to.equal('');
      expect(err, command).to.contain("'--bogus'");
      expect(err, command).to.contain(`compose-executor ${command}`);
      expect(err, command).not.to.contain('compose-executor gc');
    }
  });

  it('prints its version for --version, alone or after a command', async () => {
    for (const args of [['--version'], ['up', '--version']]) {
      const { code, out } = await cli(args);
      expect(code).to.equal(0);
      expect(out).to.equal(`compose-executor ${version}\n`);
    }
  });

  it('refuses up --detach and says why', async () => {
    const { code, err } = await cli(['up', '-d', '-f', 'examples/web-and-cache/docker-compose.yml']);
    expect(code).to.equal(2);
    expect(err).to.contain('--detach is not offered: the embedded Mesos agent is this process');
  });

  it('ends quietly when its reader closes the pipe, as `replay LOG | head -1` does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'closed-pipe-'));
    const file = path.join(dir, 'events.jsonl');
    const heartbeats = Array.from({ length: 3000 }, () => ({ type: 'mesos.heartbeat' as const }));
    recordRun(file, [subscribed(), launch(), ...heartbeats], obligingAdapters(plan([service('web')])));
    const { code, out, err } = await cli(['replay', file], { closeAfterFirstChunk: true });
    expect(out).not.to.equal('');
    expect(err).to.equal('');
    expect(code).to.equal(0);
  });

  it('ends quietly through a real shell pipe into head, the timeline and --json alike', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'head-pipe-'));
    const file = path.join(dir, 'events.jsonl');
    const heartbeats = Array.from({ length: 3000 }, () => ({ type: 'mesos.heartbeat' as const }));
    recordRun(file, [subscribed(), launch(), ...heartbeats], obligingAdapters(plan([service('web')])));
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MESOS_')));
    for (const args of [[], ['--json']]) {
      // pipefail: the exit status is the replay's, not head's.
      const shell = spawn('bash', ['-c', 'set -o pipefail; "$0" "$@" | head -2', process.execPath, EXECUTOR_BIN, 'replay', file, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      shell.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      shell.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      const code = await new Promise((resolve) => shell.on('close', resolve));
      expect(out.trimEnd().split('\n'), args.join(' ')).to.have.length(2);
      expect(err, args.join(' ')).to.equal('');
      expect(code, args.join(' ')).to.equal(0);
    }
  });
});
