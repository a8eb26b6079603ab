import type { PageData } from '../pageData.js';

/** The page's data: base64 of gzipped JSON in a script element, inflated by the browser itself. */
export async function loadPageData(): Promise<PageData> {
  const packed = document.getElementById('replay-data')!.textContent!.trim();
  const bytes = Uint8Array.from(atob(packed), (char) => char.charCodeAt(0));
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(inflated).text()) as PageData;
}
