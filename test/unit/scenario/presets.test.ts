/**
 * The presets' Kim 2007 kinetics come from the runaway card (one source of truth). Reference: the card
 * file materials/runaway/kim2007-lco-graphite.yaml read independently here; exact equality.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { CELL_PRESETS } from '../../../src/scenario';

const card = parse(fs.readFileSync(path.resolve(__dirname, '../../../materials/runaway/kim2007-lco-graphite.yaml'), 'utf8'));

describe('cell presets', () => {
  test.each(Object.keys(CELL_PRESETS))('%s: Kim 2007 kinetics and citation from the runaway card', (id) => {
    const p = CELL_PRESETS[id];
    const r = card.reactions;
    const order = [r.sei, r.anode, r.cathode, r.electrolyte];
    expect(p.kinetics.A).toEqual(order.map((x) => x.frequencyFactor));
    expect(p.kinetics.E).toEqual(order.map((x) => x.activationEnergy));
    expect(p.kinetics.H).toEqual(order.map((x) => x.enthalpy));
    expect(p.kinetics.W).toEqual(order.map((x) => x.specificContent));
    expect(p.kinetics.tSeiRef).toBe(r.anode.referenceSeiThickness);
    expect(p.kinetics.initial).toEqual({
      cSei: card.initial.seiLithiumFraction, cNeg: card.initial.anodeLithiumFraction, tSei: card.initial.seiThickness,
      alpha: card.initial.cathodeConversion, cE: card.initial.electrolyteFraction,
    });
    const runaway = p.provenance.filter((c) => c.kind === 'runaway-kinetics');
    expect(runaway).toHaveLength(1);
    expect(runaway[0].citations).toEqual(card.citations);
    expect(runaway[0].status).toBe(card.status);
  });
});
