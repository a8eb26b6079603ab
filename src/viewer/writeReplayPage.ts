import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pageData, type PageWindow } from './pageData.js';
import { pageDiagrams } from './pageDiagrams.js';
import { pageHtml } from './pageHtml.js';
import { pageScript } from './pageScript.js';

/**
 * `replay LOG --html OUT.html`: the replay page for a log, or for the
 * records between `from` and `to`. Returns what to tell the user; warnings
 * about the log go to `warn`. Throws a LogStreamError for a line that does not decode.
 */
export async function writeReplayPage(log: string, out: string, window: PageWindow, warn: (message: string) => void): Promise<string> {
  const [data, diagrams, script] = await Promise.all([pageData(log, window), pageDiagrams(), pageScript()]);
  data.warnings.forEach(warn);
  data.log = path.basename(log);
  const html = pageHtml(`${path.basename(log)}: compose-executor replay`, data, diagrams, script);
  await writeFile(out, html);
  const diverged = data.divergence ? `, diverges from the log at seq ${data.divergence.seq}` : '';
  return `wrote ${out}: ${data.records.length} record${data.records.length === 1 ? '' : 's'}, ${(Buffer.byteLength(html) / 1024 / 1024).toFixed(2)} MB${diverged}\n`;
}
