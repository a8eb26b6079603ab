import { readFile } from 'node:fs/promises';

declare const COMPOSE_EXECUTOR_VIEWER_PAGE: string | undefined;

/**
 * The replay page's script (src/viewer/page/, built by `npm run build:page`):
 * inlined by the single-file bundle, else dist/viewer/page.js beside this
 * module once built, or the same file seen from the sources.
 */
export async function pageScript(): Promise<string> {
  if (typeof COMPOSE_EXECUTOR_VIEWER_PAGE === 'string') return COMPOSE_EXECUTOR_VIEWER_PAGE;
  const built = import.meta.url.endsWith('.ts') ? new URL('../../dist/viewer/page.js', import.meta.url) : new URL('./page.js', import.meta.url);
  try {
    return await readFile(built, 'utf8');
  } catch {
    throw new Error(`the replay page's script is not built (${built.pathname}): run \`npm run build:page\``);
  }
}
