import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, driven headless; scripts/chromium.sh installs it. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/**
 * Opens a page from its file:// URL with the network cut: any request that
 * is not for a file is refused and remembered in `refused`.
 */
export async function openPage(browser: Browser, file: string, hash = ''): Promise<{ page: Page; refused: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, offline: true });
  const refused: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    refused.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`file://${file}${hash}`);
  await page.waitForSelector('body[data-ready], body[data-error]');
  return { page, refused, errors };
}

/** The seq of the record the page is at. */
export async function currentSeq(page: Page): Promise<number> {
  return Number(await page.locator('#timeline .row.current').getAttribute('data-seq'));
}

/** The services table as rows of cell texts, by service name. */
export async function servicesTable(page: Page): Promise<Record<string, { phase: string; health: string; exitCode: string; restarts: string; container: string }>> {
  const rows = await page.locator('#services tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return Object.fromEntries(rows.map(([, name, phase, health, exitCode, restarts, container]) => [name!, { phase: phase!, health: health!, exitCode: exitCode!, restarts: restarts!, container: container! }]));
}

/** The states lit as current on a diagram, by their path. */
export async function litStates(page: Page, machine: string): Promise<string[]> {
  return page.locator(`figure.diagram[data-machine="${machine}"] g.current > title`).allTextContents();
}
