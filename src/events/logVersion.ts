/**
 * The version of the decisions a log records, kept in its header's
 * settings and handed to the machines with the rest of them. When a change
 * must decide differently from what older logs recorded, it decides the old
 * way for `logVersionOf(settings) < N` and the new way after, as Temporal
 * gates a changed workflow on an SDK flag; old logs then still replay.
 */

/** What this executor writes; raise it with the first gated change. */
export const LOG_VERSION = 1;

/** Logs written before the field existed are version 1. */
export function logVersionOf(settings: { logVersion?: number }): number {
  return settings.logVersion ?? 1;
}
