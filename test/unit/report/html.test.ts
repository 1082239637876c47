import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderReport } from '../../../src/report';
import { escapeHtml, jsonForScript } from '../../../src/report/html';
import { readRunForReport } from '../../../src/report/run-data';
import { writeFixtureRun } from '../../support/report-fixtures';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-html-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function dataBlock(html: string): { runLabels: string[]; plots: { id: string }[] } {
  const m = /<script type="application\/json" id="batsafe-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no data block');
  return JSON.parse(m[1]);
}

test('escaping: HTML text and JSON inside <script> cannot close the element', () => {
  expect(escapeHtml('<b>"x" & \'y\'</b>')).toBe('&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;');
  const json = jsonForScript({ name: '</script><script>alert(1)</script>' });
  expect(json).not.toMatch(/<\/script/i);
  expect(JSON.parse(json).name).toBe('</script><script>alert(1)</script>');
});

test('a single-run report is self-contained: d3 and data inline, no external resource, watermark, one clause row per verdict', () => {
  const run = readRunForReport(writeFixtureRun(path.join(tmp, 'cell'), 'cell-runaway'));
  run.summary.scenario.name = 'crush </script> & <test>';
  const html = renderReport([{ ...run, label: run.summary.scenario.name }], '2026-01-01T00:00:00Z');
  expect(html).not.toMatch(/<(script|img|iframe)[^>]+src=/i);
  expect(html).not.toMatch(/<link[^>]+href=/i);
  expect(html).toMatch(/Simulation, not a test report/);
  expect(html).toContain('crush &lt;/script&gt; &amp; &lt;test&gt;');
  expect(html.match(/<tr class="clause-row">/g)).toHaveLength(run.summary.verdicts.length);
  expect(html).toContain('d3js.org'); // the d3 licence header of the inlined bundle
  const data = dataBlock(html);
  expect(data.runLabels).toEqual(['crush </script> & <test>']);
  for (const p of data.plots) expect(html).toContain(`id="plot-${p.id}"`);
  for (const section of ['Cover and scope', 'Clause table', 'Margins', 'Hazard classification', 'Failure modes and effects', 'Assumptions, validity and warnings', 'Provenance']) {
    expect(html).toContain(section);
  }
});

test('a failed run says it failed, when and why, and keeps its partial plots', () => {
  const run = readRunForReport(writeFixtureRun(path.join(tmp, 'failed'), 'failed'));
  const html = renderReport([run]);
  expect(html).toMatch(/Run failed at t = 1\.8 s \(phase loading\)\.<\/b> element 412 inverted/);
  expect(dataBlock(html).plots.map((p) => p.id)).toContain('force-displacement');
  expect(html).toContain('not available: the run directory has no sections.json');
});

test('a comparison report puts the runs side by side', () => {
  const a = readRunForReport(writeFixtureRun(path.join(tmp, 'a'), 'cell-runaway'));
  const b = readRunForReport(writeFixtureRun(path.join(tmp, 'b'), 'cell-safe'));
  const html = renderReport([a, b]);
  expect(html).toContain('Design comparison');
  expect(html).toContain('Clause verdicts side by side');
  // Union of clauses: the three clauses of the fixtures, one row each.
  expect(html.match(/<tr class="clause-row">/g)).toHaveLength(3);
  expect(dataBlock(html).runLabels).toEqual(['fixture-18650-crush-runaway', 'fixture-18650-crush-safe']);
});
