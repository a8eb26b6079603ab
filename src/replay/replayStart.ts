import { decodeWith } from '../events/codec.js';
import type { LogHeader } from '../events/logRecord.js';
import { CoreSettings } from '../events/settings.js';
import { standardCore, type Core, type Decision } from '../machines/decider.js';

/** The core started on the settings a log's header recorded, or what is wrong with them. */
export function startReplay(header: LogHeader, core: Core = standardCore): { ok: true; settings: CoreSettings; start: Decision } | { ok: false; message: string } {
  const settings = decodeWith(CoreSettings, header.config.settings);
  if (!settings.ok) return { ok: false, message: `header: config.settings: ${settings.message}` };
  // The header's version, not the settings it recorded, says which decisions the log was made with.
  const versioned = { ...settings.value, logVersion: header.version };
  return { ok: true, settings: versioned, start: core.start(versioned) };
}
