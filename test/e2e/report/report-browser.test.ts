/**
 * Browser test of the report in real headless Chromium (Debian chromium at /usr/bin/chromium,
 * driven by playwright-core): every plot draws non-empty SVG marks, the page logs no console error,
 * the clause table has its rows, hovering a plot shows a read-out, and the PDF prints.
 * Run directories are FIXTURES from test/support/report-fixtures.ts (see the e2e run test for a
 * real `batsafe run`). Screenshots go to test-output/report-e2e/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser, Page } from 'playwright-core';
import { writeReport } from '../../../src/report';
import { assertChromiumInstalled, CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../../src/report/pdf';
import { command } from '../../../src/cli/commands/report';
import { FixtureVariant, writeFixtureRun } from '../../support/report-fixtures';

// Own folder: the real-run test file may run in parallel and writes to test-output/report-real/.
const outRoot = path.resolve(__dirname, '..', '..', '..', 'test-output', 'report-e2e');
let browser: Browser;
const reports: Record<string, string> = {};

beforeAll(async () => {
  // Fails every test of this file with a clear message when Chromium is missing (never skips).
  assertChromiumInstalled();
  fs.rmSync(outRoot, { recursive: true, force: true });
  for (const v of ['cell-runaway', 'cell-safe', 'pack', 'failed'] as FixtureVariant[]) {
    writeFixtureRun(path.join(outRoot, v), v);
    reports[v] = await writeReport([path.join(outRoot, v)], { generatedAt: '2026-11-26T20:00:00Z' });
  }
  reports.comparison = await writeReport([path.join(outRoot, 'cell-runaway'), path.join(outRoot, 'cell-safe')], {
    outFile: path.join(outRoot, 'comparison.html'),
    generatedAt: '2026-11-26T20:00:00Z',
  });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
});

interface PlotCheck {
  id: string;
  marks: number;
  nonEmpty: number;
}

async function openReport(file: string): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  // Offline by construction: any network request would be a defect of the self-contained file.
  page.on('request', (r) => {
    if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) consoleErrors.push(`network request to ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction('window.__batsafeReport !== undefined && window.__batsafeReport.ready === true', undefined, { timeout: 30000 });
  return { page, consoleErrors };
}

async function plotChecks(page: Page): Promise<{ plots: PlotCheck[]; status: { drawn: number; failed: string[] } }> {
  // Evaluated in the page (a string, because the test compiles without DOM types).
  return page.evaluate(`(() => {
    const plots = Array.from(document.querySelectorAll('figure.plot')).map((fig) => {
      const marks = Array.from(fig.querySelectorAll('svg .mark'));
      const nonEmpty = marks.filter((m) => {
        if (m.tagName === 'path') return (m.getAttribute('d') || '').length > 10 && !/NaN/.test(m.getAttribute('d') || '');
        const r = m.getBBox();
        return r.width > 0 && r.height > 0;
      }).length;
      return { id: fig.getAttribute('data-plot-id') || '?', marks: marks.length, nonEmpty };
    });
    return { plots, status: window.__batsafeReport };
  })()`);
}

describe.each([
  ['cell-runaway', 10, 3],
  ['cell-safe', 10, 3],
  ['pack', 4, 1],
  ['failed', 7, 1], // the short never opened: short current and resistance are omitted, not drawn empty
  ['comparison', 12, 3],
])('report %s in headless Chromium', (name, expectedPlots, clauseRows) => {
  test(`draws all ${expectedPlots} plots with non-empty SVG marks, no console error, ${clauseRows} clause rows`, async () => {
    const { page, consoleErrors } = await openReport(reports[name]);
    try {
      const { plots, status } = await plotChecks(page);
      expect(status.failed).toEqual([]);
      expect(plots).toHaveLength(expectedPlots);
      expect(status.drawn).toBe(expectedPlots);
      for (const p of plots) {
        expect({ id: p.id, drawn: p.nonEmpty > 0 }).toEqual({ id: p.id, drawn: true });
        expect(p.nonEmpty).toBe(p.marks);
      }
      expect(await page.locator('tr.clause-row').count()).toBe(clauseRows);
      expect(await page.locator('.banner').innerText()).toMatch(/simulation, not a test report/i);
      expect(consoleErrors).toEqual([]);
      await page.screenshot({ path: path.join(outRoot, `${name}.png`), fullPage: true });
    } finally {
      await page.close();
    }
  });
});

test('hovering the force–displacement plot shows a read-out with units', async () => {
  const { page } = await openReport(reports['cell-runaway']);
  try {
    const overlay = page.locator('#plot-force-displacement .hover-overlay');
    await overlay.scrollIntoViewIfNeeded();
    const box = (await overlay.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const tip = page.locator('#plot-force-displacement .tooltip');
    await expect(tip.isVisible()).resolves.toBe(true);
    expect(await tip.innerText()).toMatch(/Indenter displacement \[mm\]: [\d.]+\s+Indenter force: [\d.]+ kN/);
  } finally {
    await page.close();
  }
});

test('the failed run report states when and why it failed', async () => {
  const { page } = await openReport(reports.failed);
  try {
    expect(await page.locator('.failure-banner').innerText()).toMatch(/Run failed at t = 1\.8 s \(phase loading\)\. element 412 inverted/);
    expect(await page.locator('.omitted').innerText()).toMatch(/Short-circuit current vs time: its columns hold no finite value/);
  } finally {
    await page.close();
  }
});

test('--pdf prints an A4 PDF next to the HTML', async () => {
  const html = await writeReport([path.join(outRoot, 'cell-runaway')], { outFile: path.join(outRoot, 'pdf', 'report.html'), pdf: true });
  const pdf = html.replace(/\.html$/, '.pdf');
  const head = fs.readFileSync(pdf).subarray(0, 5).toString('latin1');
  expect(head).toBe('%PDF-');
  expect(fs.statSync(pdf).size).toBeGreaterThan(20000);
});

describe('batsafe report command', () => {
  let stderr: string;
  let spy: jest.SpyInstance;
  beforeEach(() => {
    stderr = '';
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  test('a missing run directory and an old schema version exit 2 naming the problem', async () => {
    expect(await command.run([path.join(outRoot, 'does-not-exist')])).toBe(2);
    expect(stderr).toMatch(/does-not-exist: run directory not found/);
    const old = path.join(outRoot, 'old-schema');
    writeFixtureRun(old, 'cell-safe');
    const summary = JSON.parse(fs.readFileSync(path.join(old, 'summary.json'), 'utf8'));
    fs.writeFileSync(path.join(old, 'summary.json'), JSON.stringify({ ...summary, schemaVersion: 0 }));
    stderr = '';
    expect(await command.run([old])).toBe(2);
    expect(stderr).toMatch(/summary\.json: schemaVersion 0 is older than the version this batsafe reads \(1\)/);
    expect(spy).toHaveBeenCalled();
  });

  test('two run directories and --out write a comparison report', async () => {
    const out = path.join(outRoot, 'cli', 'compare.html');
    expect(await command.run([path.join(outRoot, 'cell-runaway'), path.join(outRoot, 'pack'), '--out', out])).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('Design comparison');
    expect(await command.run(['--bogus'])).toBe(2);
  });
});
