import type { CoreSettings } from '../../src/events/settings.js';

/** The core's settings in specs: Mesos's defaults, a 3 s kill grace, and containers removed whatever the ending. */
export const TEST_SETTINGS: CoreSettings = {
  checkpoint: false,
  shutdownGraceMs: 5000,
  recoveryTimeoutMs: 60_000,
  subscriptionBackoffMaxMs: 2000,
  acknowledgementWaitMs: 5000,
  defaultKillGraceMs: 3000,
  launchTimeoutMs: 300_000,
  unhealthy: { policy: 'fail', graceMs: 0 },
  cleanup: { killed: 'remove', failed: 'remove', finished: 'remove', keptForMs: 3_600_000 },
};
