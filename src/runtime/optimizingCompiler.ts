import { setFlagsFromString } from 'node:v8';

/**
 * An executor folds a few events a second and waits on Docker and the agent
 * the rest of the time, so V8's optimizing compiler has nothing to win back
 * for the 4 MB its code and output keep resident in every executor (one per
 * pod). Turned off before anything is hot enough to need it, unless the
 * operator asks for it in the node command line or NODE_OPTIONS.
 */
export function leaveOutOptimizingCompiler(env: NodeJS.ProcessEnv): void {
  const asked = [...process.execArgv, env.NODE_OPTIONS ?? ''].join(' ');
  if (!/--(no-)?(opt|turbofan)\b/.test(asked)) setFlagsFromString('--no-opt');
}
