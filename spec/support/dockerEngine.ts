import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The machine's Docker engine, for the specs that take it down (a crash, a freeze). Before one
 * does, it records how the running daemon was started (argv, environment, working directory,
 * read from /proc) where scripts/docker-env.sh finds it too, so the engine that comes back is the
 * one the user had, even after a spec failed or the run was interrupted with it down.
 */
const PID_FILE = '/var/run/docker.pid';
/** Outside the test run's temporary directory, which is removed at the end of the run. */
export const ENGINE_RECORD = '/run/compose-executor/dockerd';
const DOCKERD_LOG = '/var/log/compose-executor-dockerd.log';
const DOCKER_ENV = fileURLToPath(new URL('../../scripts/docker-env.sh', import.meta.url));

export interface EngineProcess {
  readonly pid: number;
  readonly argv: readonly string[];
  /** `KEY=value` strings, in the order the daemon has them. */
  readonly env: readonly string[];
  readonly cwd: string;
  /** Started by systemd's docker.service: then systemd starts it again, not us. */
  readonly systemdUnit: boolean;
}

const nulSeparated = (text: string): string[] => text.split('\0').filter((part) => part !== '');

export function enginePid(): number {
  return Number(readFileSync(PID_FILE, 'utf8').trim());
}

/** The running daemon as /proc shows it. */
export function runningEngine(): EngineProcess {
  const pid = enginePid();
  return {
    pid,
    argv: nulSeparated(readFileSync(`/proc/${pid}/cmdline`, 'utf8')),
    env: nulSeparated(readFileSync(`/proc/${pid}/environ`, 'utf8')),
    cwd: execFileSync('readlink', [`/proc/${pid}/cwd`], { encoding: 'utf8' }).trim(),
    systemdUnit: /docker\.service/.test(readFileSync(`/proc/${pid}/cgroup`, 'utf8')),
  };
}

/** Alive: present in /proc and not a zombie. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}
const alive = (pid: number): boolean => {
  const state = processState(pid);
  return state !== undefined && !/^[ZX]$/.test(state);
};

function recordEngine(engine: EngineProcess): void {
  mkdirSync(ENGINE_RECORD, { recursive: true });
  writeFileSync(path.join(ENGINE_RECORD, 'cmdline'), engine.argv.map((arg) => `${arg}\0`).join(''));
  writeFileSync(path.join(ENGINE_RECORD, 'environ'), engine.env.map((entry) => `${entry}\0`).join(''));
  writeFileSync(path.join(ENGINE_RECORD, 'cwd'), engine.cwd);
  writeFileSync(path.join(ENGINE_RECORD, 'systemd'), engine.systemdUnit ? 'yes' : 'no');
}

const engineAnswers = (): boolean => {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
};

/** SIGKILL, as when the daemon crashes; the way it was started is recorded first. */
export async function crashEngine(): Promise<EngineProcess> {
  const engine = runningEngine();
  recordEngine(engine);
  process.kill(engine.pid, 'SIGKILL');
  for (let waited = 0; alive(engine.pid) && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive(engine.pid)) throw new Error(`dockerd ${engine.pid} outlived SIGKILL`);
  return engine;
}

/**
 * Brings back the daemon a spec took down, started exactly as it was (scripts/docker-env.sh
 * starts it from the record, ending what the killed daemon left of containerd), or thaws a
 * frozen one. Does nothing when the engine was neither taken down nor frozen.
 */
export async function restoreEngine(): Promise<void> {
  const frozen = existsSync(PID_FILE) && processState(enginePid()) === 'T';
  if (!frozen && !existsSync(path.join(ENGINE_RECORD, 'cmdline'))) return;
  execFileSync('bash', [DOCKER_ENV], { stdio: 'ignore', timeout: 120_000 });
  // Answering twice, a second apart: a daemon that has just come up may still drop a connection.
  let answered = 0;
  for (let waited = 0; answered < 2 && waited < 60_000; waited += 500) {
    answered = engineAnswers() ? answered + 1 : 0;
    if (answered < 2) await new Promise((resolve) => setTimeout(resolve, answered === 1 ? 1000 : 500));
  }
  if (answered < 2) throw new Error(`dockerd did not come back within 60 s; see ${DOCKERD_LOG}`);
}

/** SIGSTOP: the daemon accepts connections and answers nothing. restoreEngine() thaws it. */
export function freezeEngine(): void {
  process.kill(enginePid(), 'SIGSTOP');
}
