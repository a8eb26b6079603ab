import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXECUTOR_BIN } from '../../src/agent/localPod.js';
import { verifyEventLog } from './support.js';

export interface CliRun {
  child: ChildProcess;
  /** Everything written so far. */
  readonly out: string;
  readonly err: string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** The built CLI started as from a shell without a terminal (a pipe, a CI log); `env` is the shell's environment. */
export function startCli(args: string[], env: Record<string, string> = {}): CliRun {
  const shell = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MESOS_')));
  const child = spawn(process.execPath, [EXECUTOR_BIN, ...args], { env: { ...shell, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((waiter) => waiter());
  child.stdout!.on('data', (chunk: Buffer) => ((out += chunk.toString('utf8')), wake()));
  child.stderr!.on('data', (chunk: Buffer) => ((err += chunk.toString('utf8')), wake()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match === null) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** A directory of the test run holding the files, as a person's project directory does. */
export function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'up-project-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The event log of the pod `up` ran (its sandbox is on up's first line) replays to the commands the executor gave. */
export async function verifyUpReplay(run: CliRun): Promise<void> {
  const sandbox = /sandbox (\S+),/.exec(run.out)?.[1];
  if (sandbox === undefined) throw new Error(`up did not say where its sandbox is:\n${run.out}`);
  await verifyEventLog(path.join(sandbox, 'events.jsonl'));
}
