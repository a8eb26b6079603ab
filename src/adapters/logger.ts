import pino from 'pino';

export type Logger = pino.Logger;

/**
 * The executor's own log: JSON lines on stderr, which Mesos keeps as the
 * sandbox's `stderr`. Synchronous, so nothing is lost when the process exits.
 */
export function createLogger(level = process.env.COMPOSE_EXECUTOR_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: 2, sync: true }));
}
