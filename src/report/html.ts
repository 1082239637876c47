/**
 * Renders report models and plot plans as ONE self-contained HTML file: inline CSS, the d3 bundle
 * inlined, data inlined as JSON, no network access (opens offline by double-click). Tables are
 * rendered here; plots are drawn in the browser by CLIENT_SCRIPT.
 */
import { VerdictCode } from '../io/run-result';
import { CLIENT_SCRIPT } from './client-script';
import {
  EUCAR_LEVEL_NAMES,
  EUCAR_PROXY_RULES,
  formatNumber,
  formatQuantity,
  MarginRow,
  RunReportModel,
  WATERMARK,
} from './model';
import { PlotPlan, PlotSpec } from './plots';

export function escapeHtml(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe inside <script>: no "</script>" or "<!--" can close or confuse the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** d3's minified bundle, inlined verbatim; only "</script" would need guarding and d3 contains none. */
function scriptSafe(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script');
}

const VERDICT_TITLE: Record<VerdictCode, string> = { P: 'predicted pass', F: 'predicted fail', 'N/A': 'not applicable', 'N/E': 'not evaluated' };

function badge(v: VerdictCode): string {
  const cls = v === 'P' ? 'pass' : v === 'F' ? 'fail' : v === 'N/A' ? 'na' : 'ne';
  return `<span class="verdict ${cls}" title="${VERDICT_TITLE[v]}">${v === 'P' || v === 'F' ? 'predicted ' : ''}${escapeHtml(v)}</span>`;
}

function table(headers: string[], rows: string[][], attrs = '', rowClass = ''): string {
  return `<table ${attrs}><thead><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr${rowClass ? ` class="${rowClass}"` : ''}>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function marginCells(m: MarginRow): string[] {
  const isTemperature = m.unit === 'K';
  const stopCell = m.margin <= 0
    ? '<span class="verdict na" title="the loading ended on this stop condition">stop reached</span>'
    : '<span class="verdict na" title="the loading did not reach this stop condition">below stop</span>';
  return [
    escapeHtml(formatQuantity(m.value, m.unit)),
    escapeHtml(formatQuantity(m.limit, m.unit)),
    escapeHtml(formatQuantity(m.margin, m.unit, isTemperature)),
    m.role === 'stop' ? stopCell : badge(m.verdict),
  ];
}

function plotFigures(plan: PlotPlan): string {
  const figures = plan.plots
    .map((p: PlotSpec) => `<figure class="plot plot-${p.kind}" data-plot-id="${escapeHtml(p.id)}"><figcaption>${escapeHtml(p.title)}</figcaption><div class="plot-body" id="plot-${escapeHtml(p.id)}"></div>${p.note ? `<p class="note">${escapeHtml(p.note)}</p>` : ''}</figure>`)
    .join('\n');
  const omitted = plan.omitted.length
    ? `<div class="omitted"><h3>Plots not drawn</h3><ul>${plan.omitted.map((o) => `<li><b>${escapeHtml(o.title)}</b>: ${escapeHtml(o.reason)}.</li>`).join('')}</ul></div>`
    : '';
  return figures + omitted;
}

function failureBanner(m: RunReportModel): string {
  if (m.status === 'completed') return '';
  const f = m.failure;
  return `<div class="failure-banner" role="alert"><b>Run ${escapeHtml(m.status)}${f ? ` at t = ${escapeHtml(formatNumber(f.time))} s${f.phase ? ` (phase ${escapeHtml(f.phase)})` : ''}` : ''}.</b> ${f ? escapeHtml(f.reason) + '. ' : ''}The plots show the partial results up to that time; verdicts that needed the rest of the run are N/E.</div>`;
}

function clauseTable(m: RunReportModel): string {
  if (!m.clauses.length) return '<p class="note">No standard profile in this scenario: no clause was evaluated.</p>';
  return table(
    ['Clause', 'Requirement', 'Simulated condition', 'Result', 'Verdict', 'Source of the limit'],
    m.clauses.map((c) => [
      escapeHtml(c.clause), escapeHtml(c.requirement), escapeHtml(c.simulatedCondition), escapeHtml(c.result), badge(c.verdict),
      `<span class="${c.sourceCaution ? 'status-caution' : 'status-ok'}">${escapeHtml(c.sourceStatus)}</span>`,
    ]),
    'class="clause-table"', 'clause-row',
  );
}

function marginTable(m: RunReportModel): string {
  if (!m.margins.length) return '<p class="note">No margin could be evaluated for this run.</p>';
  return table(
    ['Quantity', 'Value', 'Limit', 'Margin (+ is safe)', 'Verdict (or stop condition)', 'Source'],
    m.margins.map((r) => [escapeHtml(r.name), ...marginCells(r), escapeHtml(`${r.source === 'summary' ? 'run summary' : 'computed by the report from timeseries.csv'}${r.check ? `; ${r.check}` : ''}`)]),
    'class="margin-table"',
  );
}

function eucarBlock(m: RunReportModel): string {
  const e = m.eucar;
  const rules = table(
    ['Level', 'Name', 'Proxy rule used by the report'],
    EUCAR_PROXY_RULES.map((r) => [String(r.level), escapeHtml(EUCAR_LEVEL_NAMES[r.level]), escapeHtml(r.proxy)]),
    'class="eucar-rules"',
  ).replace(new RegExp(`<tr><td>${e.predicted.level}</td>`), `<tr class="fired"><td>${e.predicted.level}</td>`);
  return `<div class="eucar-headline"><span class="eucar-level level-${e.predicted.level}">Predicted EUCAR level ${e.predicted.level}</span> <b>${escapeHtml(e.predicted.name)}</b> — ${escapeHtml(e.predicted.evidence)}.</div>
<p>${e.declared ? `Declared by the run: level ${e.declared.level} (${escapeHtml(e.declared.description)}; rule: ${escapeHtml(e.declared.rule)}). ` : ''}<span class="${e.agrees ? 'status-ok' : 'status-caution'}">${escapeHtml(e.agreement)}</span></p>
<p class="note">A simulation predicts a EUCAR hazard level from proxies only (standards-and-reports §1.2); the level is not an observation.</p>${rules}`;
}

function eventsTable(m: RunReportModel): string {
  if (!m.events.length) return '<p class="note">The run recorded no events.</p>';
  return table(
    ['Time [s]', 'Event', 'Description', 'Data'],
    m.events.map((e) => [
      escapeHtml(formatNumber(e.time)), `<code>${escapeHtml(e.kind)}</code>`, escapeHtml(e.message),
      escapeHtml(e.data ? Object.entries(e.data).map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v) : v}`).join('; ') : ''),
    ]),
    'class="events-table"',
  );
}

function fmeaTable(m: RunReportModel): string {
  if (!m.fmea.length) return '<p class="note">No failure mode was predicted in the simulated window (no short, runaway, vent, fire or rupture event).</p>';
  return table(
    ['Failure mode', 'Cause', 'Local effect', 'System effect', 'Severity (EUCAR)', 'Detection signal', 'Mitigation', 'Evidence in this run'],
    m.fmea.map((r) => [r.failureMode, r.cause, r.localEffect, r.systemEffect, String(r.severity), r.detection, r.mitigation, r.evidence].map(escapeHtml)),
    'class="fmea-table"',
  );
}

function warningsBlock(m: RunReportModel): string {
  const list = m.warnings.length
    ? `<ul class="warnings">${m.warnings.map((w) => `<li class="warning-${w.kind}"><b>${w.kind}</b>: ${escapeHtml(w.message)}</li>`).join('')}</ul>`
    : '<p class="status-ok">No validity warning: quasi-static, energy balance within tolerance, all cards measured or fitted.</p>';
  const results = Object.entries(m.results);
  const resultsTable = results.length
    ? table(['Result', 'Value'], results.map(([k, v]) => [escapeHtml(k), escapeHtml(typeof v === 'number' ? formatNumber(v) : String(v))]), 'class="results-table"')
    : '';
  return list + resultsTable;
}

function provenanceTable(m: RunReportModel): string {
  if (!m.provenance.length) return '<p class="status-caution">The run listed no material, cell or kinetics card: the provenance of its numbers is unknown.</p>';
  return table(
    ['Card', 'Kind', 'Status', 'Source', 'Citations'],
    m.provenance.map((c) => [
      `<code>${escapeHtml(c.id)}</code>`, escapeHtml(c.kind),
      `<span class="${/^(measured|fitted)$/i.test(c.status) ? 'status-ok' : 'status-caution'}">${escapeHtml(c.status)}</span>`,
      escapeHtml(c.source), c.citations.map(escapeHtml).join('<br>'),
    ]),
    'class="provenance-table"',
  );
}

const CSS = `
:root { --ink:#1d2733; --muted:#5d6b7a; --line:#d5dbe1; --accent:#1f4e79; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 1060px; margin: 0 auto; padding: 0 28px 40px; position: relative; z-index: 1; }
.watermark { position: fixed; top: 42%; left: 0; right: 0; text-align: center; transform: rotate(-28deg);
  font-size: 64px; font-weight: 700; color: rgba(192, 57, 43, 0.07); pointer-events: none; z-index: 0; white-space: nowrap; }
.banner { background: #8e2c20; color: #fff; text-align: center; font-weight: 600; letter-spacing: .04em; padding: 6px; font-size: 12px; text-transform: uppercase; }
header.report-head { border-bottom: 3px solid var(--accent); padding: 22px 0 14px; margin-bottom: 10px; display: flex; justify-content: space-between; align-items: flex-end; gap: 20px; }
header h1 { font-size: 24px; margin: 0 0 4px; color: var(--accent); }
header .subtitle { color: var(--muted); }
.headline { display: flex; gap: 10px; flex-wrap: wrap; justify-content: flex-end; }
.headline .box { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; text-align: center; background: var(--bg); min-width: 110px; }
.headline .box .k { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.headline .box .v { font-size: 16px; font-weight: 700; }
h2 { font-size: 18px; color: var(--accent); border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 30px; }
h2 .num { color: var(--muted); margin-right: 6px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; background: rgba(255,255,255,.9); }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #e9eef3; font-weight: 600; }
table.cover td:first-child { width: 200px; color: var(--muted); }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 700; font-size: 12px; white-space: nowrap; }
.verdict.pass { background: #d4efdf; color: #1e6b3a; } .verdict.fail { background: #f6d3cf; color: #8e2c20; }
.verdict.na { background: #e5e8eb; color: #4a5561; } .verdict.ne { background: #fdebd0; color: #8a5a12; }
.status-caution { color: #8a5a12; font-weight: 600; } .status-ok { color: #1e6b3a; }
.failure-banner { border: 2px solid #c0392b; background: #fdf0ee; padding: 10px 14px; border-radius: 6px; margin: 12px 0; }
.eucar-headline { font-size: 15px; margin: 8px 0; }
.eucar-level { display: inline-block; color: #fff; background: #34495e; border-radius: 4px; padding: 2px 10px; font-weight: 700; }
.eucar-level.level-0, .eucar-level.level-1 { background: #27ae60; } .eucar-level.level-2, .eucar-level.level-3 { background: #d68910; }
.eucar-level.level-4, .eucar-level.level-5 { background: #c0392b; } .eucar-level.level-6, .eucar-level.level-7 { background: #7b241c; }
tr.fired td { background: #fdebd0; font-weight: 600; }
.note { color: var(--muted); font-size: 12.5px; }
figure.plot { margin: 18px 0; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; page-break-inside: avoid; position: relative; background: #fff; }
figcaption { font-weight: 600; margin-bottom: 4px; }
.plot-body { position: relative; }
.axis text { font-size: 11px; } .axis-label { font-size: 12px; fill: var(--ink); }
.grid line { stroke: #edf0f3; } .grid path { stroke: none; }
.ref-label { font-size: 11px; } .marker-label { font-size: 11px; font-weight: 600; fill: #222; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.hover-rule { stroke: #95a5a6; stroke-width: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; margin-top: 4px; }
.legend-item { display: inline-flex; align-items: center; gap: 6px; }
.tooltip { position: absolute; background: rgba(29,39,51,.92); color: #fff; font-size: 12px; padding: 5px 8px; border-radius: 4px; pointer-events: none; white-space: nowrap; z-index: 5; }
.section-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 10px; }
.section-panel { border: 1px solid var(--line); border-radius: 4px; padding: 6px; }
.section-title { font-size: 12px; font-weight: 600; margin-bottom: 4px; }
.omitted { background: var(--bg); border: 1px dashed var(--line); padding: 6px 14px; border-radius: 6px; font-size: 13px; }
ul.warnings li { margin: 4px 0; } .warning-validity, .warning-run { color: #8a5a12; }
code { font-size: 12px; background: #eef1f4; padding: 0 4px; border-radius: 3px; word-break: break-all; }
table.comparison-overview, table.comparison-wide { table-layout: fixed; }
table.comparison-overview td, table.comparison-wide td { overflow-wrap: anywhere; }
table.comparison-overview td:first-child, table.comparison-overview th:first-child { width: 150px; }
table.events-table td:first-child, table.events-table td:nth-child(2) { white-space: nowrap; }
table.events-table code { word-break: normal; white-space: nowrap; }
footer { margin-top: 36px; border-top: 1px solid var(--line); padding-top: 8px; color: var(--muted); font-size: 12px; }
.run-chip { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
@media print {
  body { font-size: 11px; } main { max-width: none; padding: 0 8mm; }
  h2 { break-after: avoid; } table { break-inside: auto; } tr { break-inside: avoid; }
  .tooltip, .hover-rule { display: none !important; }
}
@page { size: A4; margin: 12mm 10mm; }
`;

function head(title: string, d3Source: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="batsafe report">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
<script>${scriptSafe(d3Source)}</script>
</head>`;
}

function tail(plan: PlotPlan, runLabels: string[], generatedBy: string): string {
  // Plot data at 7 significant digits: far below a pixel, and it halves the size of the file.
  const data = JSON.parse(JSON.stringify({ runLabels, plots: plan.plots }, (_k, v) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(7)) : v)));
  return `<footer>Generated by ${escapeHtml(generatedBy)}. ${escapeHtml(WATERMARK)}: every verdict and hazard level above is a model prediction, to be confirmed by a physical test.</footer>
</main>
<script type="application/json" id="batsafe-data">${jsonForScript(data)}</script>
<script>${scriptSafe(CLIENT_SCRIPT)}</script>
</body></html>
`;
}

function section(num: number, title: string, body: string, id: string): string {
  return `<section id="${id}"><h2><span class="num">${num}</span>${escapeHtml(title)}</h2>${body}</section>`;
}

export interface RenderOptions {
  d3Source: string;
  generatedBy: string;
  generatedAt: string;
}

/** The single-run report. */
export function renderRunReport(m: RunReportModel, plan: PlotPlan, opts: RenderOptions): string {
  const title = `Safety assessment (simulation): ${m.label}`;
  const body = `<body>
<div class="banner">${escapeHtml(WATERMARK)}: predicted results of a numerical model</div>
<div class="watermark" aria-hidden="true">${escapeHtml(WATERMARK.toUpperCase())}</div>
<main>
<header class="report-head"><div><h1>Safety assessment report</h1><div class="subtitle">${escapeHtml(m.label)} · generated ${escapeHtml(opts.generatedAt)}</div></div>
<div class="headline"><div class="box"><div class="k">Overall verdict</div><div class="v">${badge(m.overall)}</div></div>
<div class="box"><div class="k">EUCAR level</div><div class="v">predicted ${m.eucar.predicted.level}</div></div>
<div class="box"><div class="k">Run status</div><div class="v">${escapeHtml(m.status)}</div></div></div></header>
${failureBanner(m)}
${section(1, 'Cover and scope', table(['Item', 'Value'], m.cover.map(([k, v]) => [escapeHtml(k), escapeHtml(v)]), 'class="cover"'), 'cover')}
${section(2, 'Clause table (predicted verdicts)', clauseTable(m) + '<p class="note">Verdict codes as in test report forms: P pass, F fail, N/A not applicable, N/E not evaluated. "Predicted" marks a verdict from simulation only.</p>', 'clauses')}
${section(3, 'Margins', marginTable(m), 'margins')}
${section(4, 'Hazard classification', eucarBlock(m), 'eucar')}
${section(5, 'Event timeline', eventsTable(m), 'events')}
${section(6, 'Plots', plotFigures(plan), 'plots')}
${section(7, 'Failure modes and effects (FMEA-style)', fmeaTable(m), 'fmea')}
${section(8, 'Assumptions, validity and warnings', warningsBlock(m), 'validity')}
${section(9, 'Provenance of the input data', provenanceTable(m), 'provenance')}
`;
  return head(title, opts.d3Source) + body + tail(plan, [m.label], opts.generatedBy);
}

const RUN_COLOURS = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'];

/** The comparison report: runs side by side, plots overlaid. */
export function renderComparisonReport(models: RunReportModel[], plan: PlotPlan, opts: RenderOptions): string {
  const chip = (i: number) => `<span class="run-chip" style="background:${RUN_COLOURS[i % RUN_COLOURS.length]}"></span>`;
  const runHeaders = models.map((m, i) => `${chip(i)}${escapeHtml(m.label)}`);
  const coverKeys = [...new Set(models.flatMap((m) => m.cover.map(([k]) => k)))];
  const overview = table(
    ['Item', ...runHeaders],
    [
      ['Overall verdict', ...models.map((m) => badge(m.overall))],
      ['Predicted EUCAR level', ...models.map((m) => `${m.eucar.predicted.level}: ${escapeHtml(m.eucar.predicted.name)}`)],
      ['Run directory', ...models.map((m) => `<code>${escapeHtml(m.dir)}</code>`)],
      ...coverKeys.map((k) => [escapeHtml(k), ...models.map((m) => escapeHtml(m.cover.find(([kk]) => kk === k)?.[1] ?? '—'))]),
    ],
    'class="cover comparison-overview"',
  );
  const clauseNames = [...new Set(models.flatMap((m) => m.clauses.map((c) => c.clause)))];
  const clauses = clauseNames.length
    ? table(
      ['Clause', 'Requirement', ...runHeaders],
      clauseNames.map((name) => {
        const first = models.flatMap((m) => m.clauses).find((c) => c.clause === name)!;
        return [escapeHtml(name), escapeHtml(first.requirement), ...models.map((m) => {
          const c = m.clauses.find((cc) => cc.clause === name);
          return c ? `${badge(c.verdict)} ${escapeHtml(c.result)}` : badge('N/A') + ' not in this run';
        })];
      }),
      'class="clause-table comparison-wide"', 'clause-row',
    )
    : '<p class="note">None of the runs has a standard profile: no clause was evaluated.</p>';
  const marginNames = [...new Set(models.flatMap((m) => m.margins.map((r) => r.name)))];
  const margins = marginNames.length
    ? table(
      ['Quantity', ...runHeaders],
      marginNames.map((name) => [escapeHtml(name), ...models.map((m) => {
        const r = m.margins.find((rr) => rr.name === name);
        if (!r) return '—';
        const [value, limit, margin, verdict] = marginCells(r);
        return `${value} / limit ${limit}<br>margin ${margin} ${verdict}`;
      })]),
      'class="margin-table comparison-wide"',
    )
    : '<p class="note">No margin could be evaluated for these runs.</p>';
  const perRun = models.map((m, i) => `<h3>${chip(i)}${escapeHtml(m.label)}</h3>${failureBanner(m)}${eucarLine(m)}<h4>FMEA</h4>${fmeaTable(m)}<h4>Warnings</h4>${warningsBlock(m)}<h4>Provenance</h4>${provenanceTable(m)}`).join('\n');
  const body = `<body>
<div class="banner">${escapeHtml(WATERMARK)}: predicted results of a numerical model</div>
<div class="watermark" aria-hidden="true">${escapeHtml(WATERMARK.toUpperCase())}</div>
<main>
<header class="report-head"><div><h1>Design comparison</h1><div class="subtitle">${models.length} runs · generated ${escapeHtml(opts.generatedAt)}</div></div></header>
${models.map(failureBanner).join('')}
${section(1, 'Runs compared', overview, 'cover')}
${section(2, 'Clause verdicts side by side (predicted)', clauses, 'clauses')}
${section(3, 'Margins side by side', margins, 'margins')}
${section(4, 'Plots (overlaid)', plotFigures(plan), 'plots')}
${section(5, 'Per-run hazard, failure modes, validity and provenance', perRun, 'per-run')}
`;
  return head('Design comparison (simulation)', opts.d3Source) + body + tail(plan, models.map((m) => m.label), opts.generatedBy);
}

function eucarLine(m: RunReportModel): string {
  return `<p><span class="eucar-level level-${m.eucar.predicted.level}">Predicted EUCAR level ${m.eucar.predicted.level}</span> ${escapeHtml(m.eucar.predicted.name)}: ${escapeHtml(m.eucar.predicted.evidence)}. <span class="${m.eucar.agrees ? 'status-ok' : 'status-caution'}">${escapeHtml(m.eucar.agreement)}</span></p>`;
}
