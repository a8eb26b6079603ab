import { execFile } from 'node:child_process';
import { chmod, copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** A CommandInfo.URI in its JSON form. */
export interface FetchUri {
  value: string;
  executable?: boolean;
  extract?: boolean;
  cache?: boolean;
  output_file?: string;
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz)$/;

/**
 * Mesos's fetcher as far as an executor sees it (src/launcher/fetcher.cpp):
 * each URI lands in the sandbox under its base name (or `output_file`), is
 * made executable when asked, and an archive is unpacked into the sandbox
 * when `extract` is true, its default. Local paths, file:// and http(s) URIs.
 */
export async function fetchUris(uris: readonly FetchUri[], sandbox: string): Promise<void> {
  for (const uri of uris) {
    const name = uri.output_file ?? path.basename(new URL(uri.value, 'file:///').pathname);
    const target = path.join(sandbox, name);
    if (/^https?:\/\//.test(uri.value)) {
      const response = await fetch(uri.value);
      if (!response.ok) throw new Error(`fetching ${uri.value}: HTTP ${response.status}`);
      await writeFile(target, Buffer.from(await response.arrayBuffer()));
    } else {
      await copyFile(uri.value.startsWith('file://') ? fileURLToPath(uri.value) : uri.value, target);
    }
    if (uri.executable === true) await chmod(target, 0o755);
    else if ((uri.extract ?? true) && ARCHIVE.test(name)) await promisify(execFile)('tar', ['-C', sandbox, '-xf', target]);
  }
}
