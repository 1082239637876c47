/**
 * The report of a REAL batsafe run (not a fixture): `batsafe run` on the shipped rod-indentation
 * scenario writes report.html through writeReport; the page is opened in headless Chromium and
 * every plot must have drawn non-empty SVG marks with no console error, one clause row per verdict
 * of summary.json. The screenshot goes to test-output/report-real/real-run.png.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { command as runCommand } from '../../../src/cli/commands/run';
import { writeReport } from '../../../src/report';
import { assertChromiumInstalled, CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../../src/report/pdf';

const root = path.resolve(__dirname, '..', '..', '..');
const outDir = path.join(root, 'test-output', 'report-real', 'real-rod-indentation-18650');

test('a real `batsafe run` writes a report whose plots all render in Chromium', async () => {
  assertChromiumInstalled();
  fs.rmSync(outDir, { recursive: true, force: true });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  let code: number;
  try {
    code = await runCommand.run([path.join(root, 'scenarios', 'rod-indentation-18650.yaml'), '--out', outDir]);
  } finally {
    jest.restoreAllMocks();
  }
  expect([0, 1]).toContain(code); // a failed run also gets its report
  const summary = JSON.parse(fs.readFileSync(path.join(outDir, 'summary.json'), 'utf8'));
  expect(summary.files).toContain('report.html');

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(path.join(outDir, 'report.html')).href);
    await page.waitForFunction('window.__batsafeReport !== undefined && window.__batsafeReport.ready === true', undefined, { timeout: 30000 });
    const result = (await page.evaluate(`(() => ({
      status: window.__batsafeReport,
      plots: Array.from(document.querySelectorAll('figure.plot')).map((fig) => ({
        id: fig.getAttribute('data-plot-id'),
        marks: Array.from(fig.querySelectorAll('svg .mark')).filter((m) => m.tagName !== 'path' || ((m.getAttribute('d') || '').length > 10 && !/NaN/.test(m.getAttribute('d')))).length,
      })),
    }))()`)) as { status: { drawn: number; failed: string[] }; plots: { id: string; marks: number }[] };
    expect(result.status.failed).toEqual([]);
    expect(result.plots.length).toBeGreaterThanOrEqual(5); // force–displacement, voltage ×2, temperature, dT/dt at least
    expect(result.status.drawn).toBe(result.plots.length);
    for (const p of result.plots) expect({ id: p.id, drawn: p.marks > 0 }).toEqual({ id: p.id, drawn: true });
    expect(await page.locator('tr.clause-row').count()).toBe(summary.verdicts.length);
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(root, 'test-output', 'report-real', 'real-run.png'), fullPage: true });

    // The README screenshot (docs/images/report.png is a copy): the header with the verdict boxes,
    // the margins and the first plots, i.e. what a reviewer sees first.
    await page.evaluate(`(() => {
      for (const id of ['cover', 'clauses', 'eucar', 'events']) document.getElementById(id).style.display = 'none';
    })()`);
    await page.setViewportSize({ width: 1200, height: 1500 });
    await page.screenshot({ path: path.join(root, 'test-output', 'report-real', 'readme.png'), clip: { x: 0, y: 0, width: 1200, height: 1500 } });
  } finally {
    await browser.close();
  }
});

test('a real pack propagation run with its design variants gives a comparison report that renders (regression: label placement once looped forever)', async () => {
  assertChromiumInstalled();
  const packDir = path.join(root, 'test-output', 'report-real', 'real-pack-propagation');
  fs.rmSync(packDir, { recursive: true, force: true });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await runCommand.run([path.join(root, 'scenarios', 'pack-gb38031-thermal-propagation.yaml'), '--out', packDir]);
  } finally {
    jest.restoreAllMocks();
  }
  const summary = JSON.parse(fs.readFileSync(path.join(packDir, 'summary.json'), 'utf8'));
  const designDirs = (summary.files as string[]).filter((f) => f.startsWith('designs/')).map((f) => path.join(packDir, f));
  const html = await writeReport([packDir, ...designDirs], { outFile: path.join(packDir, 'comparison.html') });

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(html).href, { timeout: 30000 });
    await page.waitForFunction('window.__batsafeReport !== undefined && window.__batsafeReport.ready === true', undefined, { timeout: 30000 });
    const status = (await page.evaluate('window.__batsafeReport')) as { drawn: number; failed: string[] };
    expect(status.failed).toEqual([]);
    // Heat maps are drawn per run: at least one per run directory.
    expect(await page.locator('figure.plot-heatmap').count()).toBe(1 + designDirs.length);
    expect(status.drawn).toBe(await page.locator('figure.plot').count());
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
