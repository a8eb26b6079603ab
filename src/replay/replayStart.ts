import * as t from 'io-ts';
import { decodeWith } from '../events/codec.js';
import { PodSettings } from '../events/inputs.js';
import type { LogHeader } from '../events/logRecord.js';
import { standardCore, type Core, type CoreSettings, type Decision } from '../machines/decider.js';

const CoreSettingsCodec = t.intersection([
  t.type({
    checkpoint: t.boolean,
    shutdownGraceMs: t.number,
    recoveryTimeoutMs: t.number,
    subscriptionBackoffMaxMs: t.number,
    acknowledgementWaitMs: t.number,
  }),
  t.partial({ logVersion: t.number }),
  PodSettings,
]);

/** The core started on the settings a log's header recorded, or what is wrong with them. */
export function startReplay(header: LogHeader, core: Core = standardCore): { ok: true; settings: CoreSettings; start: Decision } | { ok: false; message: string } {
  const settings = decodeWith(CoreSettingsCodec, header.config.settings);
  if (!settings.ok) return { ok: false, message: `header: config.settings: ${settings.message}` };
  return { ok: true, settings: settings.value, start: core.start(settings.value) };
}
