/**
 * Read-only listings: material cards (materials/**\/*.yaml, each with id, citations, source,
 * status), the built-in cell presets, standard profiles and shipped scenarios.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Injectable } from '@nestjs/common';
import { listShippedScenarios, repositoryRoot } from '../../jobs/runner-adapter';
import { CELL_PRESETS } from '../../scenario';
import { STANDARD_PROFILES } from '../../standards/profiles';
import { parseYamlSafely } from '../safe-yaml';

export interface MaterialListing {
  id: string;
  kind: string;
  file?: string;
  citations: string[];
  source: string;
  status: string;
}

function walkYaml(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkYaml(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

@Injectable()
export class CatalogService {
  /** Every card, full content, keyed by id (cards from files first, then built-in presets). */
  private cards(): Map<string, { listing: MaterialListing; card: unknown }> {
    const root = repositoryRoot();
    const materialsDir = path.join(root, 'materials');
    const cards = new Map<string, { listing: MaterialListing; card: unknown }>();
    for (const file of walkYaml(materialsDir)) {
      const parsed = parseYamlSafely(fs.readFileSync(file, 'utf8'));
      if (!parsed.ok) continue;
      const docs = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
      for (const card of docs) {
        if (typeof card !== 'object' || card === null) continue;
        const c = card as Record<string, unknown>;
        if (typeof c.id !== 'string') continue;
        const relative = path.relative(root, file);
        cards.set(c.id, {
          listing: {
            id: c.id,
            kind: typeof c.kind === 'string' ? c.kind : path.relative(materialsDir, path.dirname(file)) || 'material',
            file: relative,
            citations: asStrings(c.citations),
            source: typeof c.source === 'string' ? c.source : '',
            status: typeof c.status === 'string' ? c.status : 'unverified',
          },
          card,
        });
      }
    }
    for (const [id, preset] of Object.entries(CELL_PRESETS)) {
      if (cards.has(id)) continue;
      const p = preset as unknown as Record<string, unknown>;
      cards.set(id, {
        listing: {
          id,
          kind: 'cell-preset',
          citations: asStrings(p.citations),
          source: typeof p.source === 'string' ? p.source : 'src/scenario/presets.ts',
          status: typeof p.status === 'string' ? p.status : 'unverified',
        },
        card: preset,
      });
    }
    return cards;
  }

  listMaterials(): MaterialListing[] {
    return [...this.cards().values()].map((c) => c.listing);
  }

  material(id: string): unknown | undefined {
    const found = this.cards().get(id);
    return found ? { ...found.listing, card: found.card } : undefined;
  }

  listStandards(): unknown[] {
    return Object.values(STANDARD_PROFILES);
  }

  listScenarios(): { name: string; description?: string }[] {
    return listShippedScenarios().map((s) => {
      let description: string | undefined = s.description;
      if (!description && fs.existsSync(s.file)) {
        const parsed = parseYamlSafely(fs.readFileSync(s.file, 'utf8'));
        if (parsed.ok && typeof (parsed.value as { description?: unknown })?.description === 'string') description = (parsed.value as { description: string }).description;
      }
      return { name: s.name, ...(description ? { description } : {}) };
    });
  }
}
