/**
 * Loads the material cards a scenario names (cell.cards) with the card loaders of src/io/cards.
 * A card is named by its id (file name under materials/<kind>/) or by a path. Problems (missing
 * card, invalid card) are appended with the scenario path, never thrown.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadRunawayCard, LoadedRunawayCard } from '../io/cards/runaway-card';
import { loadSeparatorCard } from '../io/cards/separator-card';
import { loadThermalCard } from '../io/cards/thermal-card';
import { loadMechanicsCard, LoadedMechanicsCard } from '../io/cards/mechanics-card';
import { ScenarioProblem } from './types';
import { loadCellCard, LoadedCellCard } from '../io/cards/cell-card';

export interface ScenarioCards {
  runaway?: LoadedRunawayCard;
  separator?: ReturnType<typeof loadSeparatorCard>;
  thermal?: ReturnType<typeof loadThermalCard>;
  jellyroll?: LoadedMechanicsCard;
  can?: LoadedMechanicsCard;
}

export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'materials'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

function findCard(kindDir: string, ref: string, scenarioFile: string): { file?: string; known: string[] } {
  const dir = path.join(repoRoot(), 'materials', kindDir);
  const known = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')) : [];
  if (known.includes(ref)) return { file: path.join(dir, `${ref}.yaml`), known };
  if (/[/\\]|\.ya?ml$/.test(ref)) {
    const candidates = [path.resolve(path.dirname(scenarioFile), ref), path.resolve(repoRoot(), ref)];
    const file = candidates.find((c) => fs.existsSync(c));
    return { file, known };
  }
  return { known };
}

export function loadScenarioCards(
  refs: { runaway?: string; separator?: string; jellyroll?: string; can?: string; thermal?: string } | undefined,
  scenarioFile: string,
  problems: ScenarioProblem[],
  mechanics?: { soc: number },
): ScenarioCards {
  const out: ScenarioCards = {};
  if (!refs && !mechanics) return out;
  const load = <T>(key: 'runaway' | 'separator' | 'jellyroll' | 'can' | 'thermal', kindDir: string, loader: (f: string) => T, fallback?: string): T | undefined => {
    const ref = refs?.[key] ?? fallback;
    if (!ref) return undefined;
    const { file, known } = findCard(kindDir, ref, scenarioFile);
    if (!file) {
      problems.push({ file: scenarioFile, path: `cell.cards.${key}`, message: `no ${key} card '${ref}' (known in materials/${kindDir}: ${known.join(', ') || 'none'})` });
      return undefined;
    }
    try {
      return loader(file);
    } catch (e) {
      problems.push({ file: scenarioFile, path: `cell.cards.${key}`, message: `card ${file} is invalid: ${(e as Error).message.replace(/\n\s*/g, '; ')}` });
      return undefined;
    }
  };
  out.runaway = load('runaway', 'runaway', loadRunawayCard);
  out.separator = load('separator', 'separators', loadSeparatorCard);
  out.thermal = load('thermal', 'thermal', loadThermalCard);
  if (mechanics) {
    out.jellyroll = load('jellyroll', 'mechanics', (f) => loadMechanicsCard(f, { soc: mechanics.soc }), 'jellyroll-18650-mat063-soc-rate');
    out.can = load('can', 'mechanics', (f) => loadMechanicsCard(f, { soc: mechanics.soc }), 'can-18650-steel');
  }
  return out;
}

/**
 * Loads the cell card named by cell.electrochemistry (materials/cells/<id>.yaml or a path) and checks
 * it fits the chosen model (ecm needs an 'ecm' card; spm/spme/dfn a 'physics' card).
 */
export function loadCellElectrochemistryCard(ref: string, model: 'ecm' | 'spm' | 'spme' | 'dfn', scenarioFile: string, problems: ScenarioProblem[]): LoadedCellCard | undefined {
  const { file, known } = findCard('cells', ref, scenarioFile);
  if (!file) {
    problems.push({ file: scenarioFile, path: 'cell.electrochemistry', message: `no cell card '${ref}' (known in materials/cells: ${known.join(', ') || 'none'})` });
    return undefined;
  }
  let loaded: LoadedCellCard;
  try {
    loaded = loadCellCard(file);
  } catch (e) {
    problems.push({ file: scenarioFile, path: 'cell.electrochemistry', message: `card ${file} is invalid: ${(e as Error).message.replace(/\n\s*/g, '; ')}` });
    return undefined;
  }
  const needs = model === 'ecm' ? 'ecm' : 'physics';
  if (loaded.card.model !== needs) {
    problems.push({ file: scenarioFile, path: 'models.electrochem', message: `contradictory: model '${model}' needs a '${needs}' cell card, ${file} is a '${loaded.card.model}' card` });
    return undefined;
  }
  return loaded;
}
