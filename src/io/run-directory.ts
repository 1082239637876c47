/**
 * Reads a run output folder (summary.json + timeseries.csv) back, for the report, the API and the
 * comparison. Errors name the missing file or the unknown schemaVersion.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RunSummary, SUMMARY_SCHEMA_VERSION } from './run-result';
import { parseTimeseriesCsv } from './csv';

export interface RunDirectory {
  summary: RunSummary;
  timeseries: { columns: string[]; data: Record<string, Float64Array> };
}

export function readRunDirectory(dir: string): RunDirectory {
  const summaryFile = path.join(dir, 'summary.json');
  const csvFile = path.join(dir, 'timeseries.csv');
  if (!fs.existsSync(dir)) throw new Error(`run directory '${dir}' does not exist`);
  if (!fs.existsSync(summaryFile)) throw new Error(`run directory '${dir}': missing summary.json`);
  let summary: RunSummary;
  try {
    summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as RunSummary;
  } catch (e) {
    throw new Error(`${summaryFile}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof summary !== 'object' || summary === null) throw new Error(`${summaryFile}: not a summary object`);
  if (summary.schemaVersion !== SUMMARY_SCHEMA_VERSION) {
    throw new Error(`${summaryFile}: unknown schemaVersion ${JSON.stringify(summary.schemaVersion)} (this batsafe reads version ${SUMMARY_SCHEMA_VERSION})`);
  }
  if (!fs.existsSync(csvFile)) throw new Error(`run directory '${dir}': missing timeseries.csv`);
  const timeseries = parseTimeseriesCsv(fs.readFileSync(csvFile, 'utf8'), csvFile);
  return { summary, timeseries };
}
