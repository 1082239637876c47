/**
 * PDF of a report, printed by headless Chromium (Debian `chromium`) driven by playwright-core.
 * The page is opened from disk (file://) and printed once every plot is drawn.
 */
import * as fs from 'fs';
import { pathToFileURL } from 'url';

export const CHROMIUM_PATH = process.env.BATSAFE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Thrown when Chromium is not installed: names the path and how to install it. */
export function assertChromiumInstalled(executablePath = CHROMIUM_PATH): void {
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: the PDF and the browser test need it. ` +
        'Install it with scripts/install-system-deps.sh (Debian: apt-get install chromium), or set BATSAFE_CHROMIUM to its path.',
    );
  }
}

/** Prints htmlPath to pdfPath (A4, backgrounds on). Resolves to pdfPath. */
export async function renderPdf(htmlPath: string, pdfPath: string): Promise<string> {
  assertChromiumInstalled();
  // Loaded lazily so that writing HTML never needs playwright-core.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    await page.waitForFunction(() => (globalThis as unknown as { __batsafeReport?: { ready: boolean } }).__batsafeReport?.ready === true, undefined, { timeout: 60000 });
    if (errors.length) throw new Error(`the report page raised errors while drawing: ${errors.join('; ')}`);
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
    return pdfPath;
  } finally {
    await browser.close();
  }
}
