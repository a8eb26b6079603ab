import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { TEST_IMAGE, containersOf, removeLeftovers, requireDocker } from './support.js';
import { projectWith, startCli, verifyUpReplay } from './upSupport.js';

/**
 * `up` in a pseudo-terminal, as a person sees it: a tmux server of the
 * spec's own (started from this process, so it has the test run's
 * environment), one window per run, read back with capture-pane.
 */
class Terminal {
  private readonly socket = `ce-up-spec-${process.pid}`;
  private sessions = 0;

  private tmux(...args: string[]): string {
    // The server's socket goes under the test run's temporary directory, which the run removes.
    const env = { ...process.env, TMUX_TMPDIR: tmpdir() };
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
  }

  /** Runs the command line in a new 120x50 terminal; `EXIT=<code>` follows its end. */
  run(args: string[]): string {
    const session = `up${(this.sessions += 1)}`;
    const command = [process.execPath, EXECUTOR_BIN, ...args].map((word) => `'${word}'`).join(' ');
    this.tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '50', `${command}; echo "EXIT=$?"; sleep 600`);
    return session;
  }

  /** The screen and its scrollback; with escapes, the colours too. */
  screen(session: string, escapes = false): string {
    return this.tmux('capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-S', '-', '-t', session);
  }

  async waitFor(session: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen(session);
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`no ${pattern} on the terminal within ${timeoutMs} ms:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  ctrlC(session: string): void {
    this.tmux('send-keys', '-t', session, 'C-c');
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Never started.
    }
  }
}

describe('compose-executor up in a terminal', function () {
  this.timeout(90_000);
  const terminal = new Terminal();
  const taskIds: string[] = [];
  before(requireDocker);
  after(async () => {
    terminal.close();
    for (const taskId of taskIds) await removeLeftovers(taskId);
  });
  const taskId = (name: string) => {
    const id = `up-tty-${name}-${process.pid}`;
    taskIds.push(id);
    return id;
  };

  it("shows each step's progress, then every service's output prefixed and coloured, and tears the pod down on Ctrl-C, exit 0", async () => {
    const id = taskId('example');
    const session = terminal.run(['up', '-f', 'examples/web-and-cache/docker-compose.yml', '-p', id, '--ports', '31340-31349']);
    const running = await terminal.waitFor(session, /sidecar-1 \| got: hello from/);
    expect(running).to.match(/\[\+\] Running 4\/4\n ✔ Network up-tty-example-\d+_default +Created/);
    for (const service of ['cache', 'web', 'sidecar']) expect(running).to.match(new RegExp(` ✔ Container ${id}_${service} +Started`));
    expect(running).to.contain('Attaching to cache-1, web-1, sidecar-1');
    expect(running).to.match(/^cache-1 +\| cache listening on 6379$/m);
    expect(running).to.match(/^web-1 +\| web serving \/www on port 8080$/m);
    expect(running.indexOf('[+] Running')).to.be.below(running.indexOf('Attaching to'));
    // Compose's first colours, in the order of the services' names: cache cyan, sidecar yellow, web green.
    const colours = terminal.screen(session, true);
    // tmux writes colours back its own way: resets around them, the end as "default foreground".
    expect(colours).to.match(/\x1b\[36m(\x1b\[\d*m)*cache-1   \|\x1b\[(0|39)?m cache listening/);
    expect(colours).to.match(/\x1b\[32m(\x1b\[\d*m)*web-1     \|\x1b\[(0|39)?m web serving/);

    terminal.ctrlC(session);
    const ended = await terminal.waitFor(session, /EXIT=\d+/);
    expect(ended).to.contain('Gracefully stopping... (press Ctrl+C again to force)');
    expect(ended).to.match(/\[\+\] Stopping 4\/4/);
    expect(ended).to.match(new RegExp(` ✔ Container ${id}_web +Removed`));
    expect(ended).to.match(/TASK_KILLING[\s\S]*TASK_KILLED/);
    expect(ended).to.contain('EXIT=0');
    expect(await containersOf(id)).to.be.empty;
  });

  it('kills the containers without grace on a second Ctrl-C', async () => {
    const dir = projectWith({
      'docker-compose.yml': `services:\n  stubborn:\n    image: ${TEST_IMAGE}\n    stop_grace_period: 60s\n    command: ["sh", "-c", "echo ignoring TERM; sleep 3600 & wait"]\n`,
    });
    const id = taskId('forced');
    const session = terminal.run(['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', id, '--label', 'compose-executor.kill_grace_period=60secs']);
    await terminal.waitFor(session, /stubborn-1 +\| ignoring TERM/);
    terminal.ctrlC(session);
    await terminal.waitFor(session, /TASK_KILLING/);
    const forcedAt = Date.now();
    terminal.ctrlC(session);
    const ended = await terminal.waitFor(session, /EXIT=\d+/, 20_000);
    expect(Date.now() - forcedAt).to.be.below(15_000);
    expect(ended).to.contain('Killing the containers without grace');
    expect(ended).to.match(/stubborn-1 exited with code 137[\s\S]*TASK_KILLED/);
    expect(ended).to.contain('EXIT=0');
    expect(await containersOf(id)).to.be.empty;
  });

  it('exits non-zero with the failure message when the pod fails', async () => {
    const dir = projectWith({
      'docker-compose.yml': `services:\n  broken:\n    image: ${TEST_IMAGE}\n    command: ["sh", "-c", "echo about to fail; exit 3"]\n`,
    });
    const session = terminal.run(['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', taskId('failed'), '--ports', '31350-31359']);
    const ended = await terminal.waitFor(session, /EXIT=\d+/);
    expect(ended).to.match(/^broken-1 +\| about to fail$/m);
    expect(ended).to.contain('broken-1 exited with code 3');
    expect(ended).to.match(/compose-executor up: TASK_FAILED: .*exited with code 3/);
    expect(ended).to.contain('EXIT=1');
  });
});

describe('compose-executor up without a terminal', function () {
  this.timeout(90_000);
  const taskIds: string[] = [];
  before(requireDocker);
  after(async () => {
    for (const taskId of taskIds) await removeLeftovers(taskId);
  });
  const taskId = (name: string) => {
    const id = `up-plain-${name}-${process.pid}`;
    taskIds.push(id);
    return id;
  };
  const TESTS_AND_DB = (code: number, dbImage = TEST_IMAGE) =>
    `services:\n  db:\n    image: ${dbImage}\n    pull_policy: ${dbImage === TEST_IMAGE ? 'missing' : 'always'}\n    command: ["sh", "-c", "trap 'exit 0' TERM; echo db ready; sleep 3600 & wait"]\n` +
    `  tests:\n    image: ${TEST_IMAGE}\n    depends_on: [db]\n    command: ["sh", "-c", "sleep 1; echo tests ran; exit ${code}"]\n`;

  it('prints plain progress lines (pulls too) and uncoloured output, and --abort-on-container-exit kills the pod when a container exits, exit 0', async () => {
    // Pulled from the loopback registry, so the pull shows too.
    const dir = projectWith({ 'docker-compose.yml': TESTS_AND_DB(0, `127.0.0.1:5000/${TEST_IMAGE}`) });
    const id = taskId('abort');
    const up = startCli(['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', id, '--abort-on-container-exit', '--no-attach', 'db']);
    expect(await up.exited, up.err).to.equal(0);
    expect(up.out).not.to.contain('\x1b[');
    expect(up.out).to.match(new RegExp(`^ Image 127.0.0.1:5000/${TEST_IMAGE}  Pulling\n[\\s\\S]*^ Image 127.0.0.1:5000/${TEST_IMAGE}  Pulled$`, 'm'));
    expect(up.out).to.match(new RegExp(`^ Container ${id}_db  Creating\\n[\\s\\S]* Container ${id}_db  Started$`, 'm'));
    expect(up.out).to.contain('Attaching to tests-1\n');
    expect(up.out).to.contain('tests-1 | tests ran\n');
    expect(up.out).not.to.contain('db ready');
    expect(up.out).to.match(/tests-1 exited with code 0\nAborting on container exit\.\.\.[\s\S]*TASK_KILLED/);
    expect(up.out).to.match(new RegExp(` Container ${id}_db  Removed`));
    await verifyUpReplay(up);
  });

  it('exits with the code of the service named by --exit-code-from, and says which named service the pod lacks', async () => {
    const dir = projectWith({ 'docker-compose.yml': TESTS_AND_DB(3) });
    const up = startCli(['up', '-f', path.join(dir, 'docker-compose.yml'), '-p', taskId('exitcode'), '--exit-code-from', 'tests', '--no-attach', 'cache']);
    expect(await up.exited, up.err).to.equal(3);
    expect(up.out).to.contain('tests-1 | tests ran\n');
    expect(up.err).to.contain('compose-executor up: the pod has no service cache (it has db, tests)');
  });
});
