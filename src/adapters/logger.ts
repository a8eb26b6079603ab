import pino from 'pino';
import { maskSecrets } from '../events/secretValues.js';

export type Logger = pino.Logger;

/**
 * The executor's own log: JSON lines in `file` (the sandbox's `executor.log`),
 * apart from the containers' output on stdout and stderr; on stderr when no
 * file is given. Synchronous, so nothing is lost when the process exits.
 */
export function createLogger(file?: string, level = process.env.COMPOSE_EXECUTOR_LOG_LEVEL ?? 'info'): Logger {
  const destination = file === undefined ? pino.destination({ dest: 2, sync: true }) : pino.destination({ dest: file, sync: true, mkdir: true });
  // Inputs and commands carry plans: their secrets are masked here as in the event log.
  return pino({ level, base: { pid: process.pid }, serializers: { input: maskSecrets, command: maskSecrets } }, destination);
}
