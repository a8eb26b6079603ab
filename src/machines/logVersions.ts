/**
 * Decisions added to the core after logs were already being written, with
 * the event log version that introduced each (LOG_FORMAT_VERSION in
 * events/logRecord.ts). A log of an older version is replayed without them,
 * so it still verifies against the commands it recorded (as Temporal gates
 * a changed workflow on SDK flags).
 */
export const DECIDED_FROM = {
  /** `status.forget` once the agent acknowledges an update the outbox holds. */
  forgetAcknowledged: 2,
  /** `plugin.after_kill` once a pod's machine has ended. */
  afterKillCommand: 2,
  /** `container.remove` of each container as soon as it stopped, while the pod's others still stop. */
  removeOnceStopped: 3,
  /** A service asked to stop counts as stopped at its `die` event, not at `docker stop`'s answer. */
  stoppedAtDeath: 3,
  /** A `post_start`/`pre_stop` hook of a `tty` service is attached with a TTY, as Compose attaches it. */
  hookTty: 4,
  /** A container's stop after its `pre_stop` hooks gets what they left of the kill grace, not the whole grace. */
  stopWithinGraceLeft: 4,
  /**
   * A service asked to stop stays stopping when Docker says it runs: that is
   * its start event arriving late, and the stop or `pre_stop` under way ends
   * it. Before, it counted as running again and was stopped, its `pre_stop`
   * run, a second time.
   */
  stoppingIgnoresRun: 5,
} as const;

/** Whether a core folding a log of `logVersion` (absent: the newest) makes this decision. */
export function decides(logVersion: number | undefined, decision: keyof typeof DECIDED_FROM): boolean {
  return logVersion === undefined || logVersion >= DECIDED_FROM[decision];
}

/** The log version a pod is told: only one that lacks some decision, so a pod replayed from a current log is the pod that ran. */
export function pastLogVersion(logVersion: number | undefined): number | undefined {
  return logVersion !== undefined && Object.values(DECIDED_FROM).some((from) => logVersion < from) ? logVersion : undefined;
}
