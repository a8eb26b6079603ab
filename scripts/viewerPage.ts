import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run build:page`: the replay page's script, src/viewer/page/, bundled
 * with its libraries into one file, dist/viewer/page.js, that
 * `replay --html` inlines into every page it writes. The single-file bundle
 * takes the same text in at bundling time (see bundle.ts).
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const VIEWER_PAGE_JS = path.join(ROOT, 'dist/viewer/page.js');

export async function viewerPageScript(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'src/viewer/page/main.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'chrome110',
    tsconfig: path.join(ROOT, 'src/viewer/page/tsconfig.json'),
    minify: true,
    legalComments: 'none',
    // Inlined in a <script>: a `</script>` in a string would end it.
    charset: 'ascii',
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
}

export async function buildViewerPage(out = VIEWER_PAGE_JS): Promise<void> {
  const text = await viewerPageScript();
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildViewerPage(process.argv[2]);
