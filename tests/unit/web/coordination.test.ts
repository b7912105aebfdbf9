// The coordinator's screens' pure parts: the heat map's numbers (never a suppressed count as zero), the API's messages
// in German, an import's rejections as a person reads them, and an offer's form checks and PUT body.
import { describe, expect, it } from 'vitest';
import type { CoverageReportCell } from '#domain/coverage.ts';
import { germanMessage } from '../../../web/src/screens/coordinator/api-messages.ts';
import { idFromName } from '../../../web/src/screens/coordinator/entity-ids.ts';
import { HEAT_STEPS, heatLegend, heatMapOf, heatStep } from '../../../web/src/screens/coordinator/heat-map-model.ts';
import { entryName, fieldName, rejectedName } from '../../../web/src/screens/coordinator/import-report.ts';
import { checkOfferDraft, newOfferDraft, offerBody } from '../../../web/src/screens/coordinator/offer-draft.ts';

function cell(overrides: Partial<CoverageReportCell>): CoverageReportCell {
  return {
    districtId: 'nord',
    phase: 'infant',
    need: 'parenting',
    institutionType: 'birth-clinic',
    received: 6,
    routed: 6,
    unmatched: 2,
    accepted: 4,
    connected: 1,
    medianHoursToFirstAction: 24,
    ...overrides,
  };
}

const suppressed = (overrides: Partial<CoverageReportCell>) =>
  cell({
    received: null,
    routed: null,
    unmatched: null,
    accepted: null,
    connected: null,
    medianHoursToFirstAction: null,
    ...overrides,
  });

describe('the heat map of unmatched referrals', () => {
  const options = { districtIds: ['nord', 'ost'], needs: ['parenting', 'language'] as const };

  it('sums the published cells of a district and need over life phases and institution types', () => {
    const map = heatMapOf(
      [cell({}), cell({ phase: 'kita', unmatched: 3 }), cell({ institutionType: 'kita', unmatched: 0 })],
      options,
    );
    expect(map.cells[0]?.[0]).toEqual({ kind: 'count', value: 5, partial: false });
    expect(map.max).toBe(5);
  });

  it('keeps a suppressed cell unknown, never zero, and marks a sum with suppressed parts as a lower bound', () => {
    const map = heatMapOf(
      [suppressed({ districtId: 'ost' }), cell({ unmatched: 1 }), suppressed({ phase: 'kita' })],
      options,
    );
    expect(map.cells[0]?.[1]).toEqual({ kind: 'suppressed' });
    expect(map.cells[0]?.[0]).toEqual({ kind: 'count', value: 1, partial: true });
    expect(map.cells[1]?.[0]).toEqual({ kind: 'none' });
  });

  it('narrows to one life phase and appends districts the list lacks', () => {
    const map = heatMapOf([cell({ phase: 'kita', districtId: 'hafen', unmatched: 7 }), cell({})], {
      ...options,
      phase: 'kita',
    });
    expect(map.districtIds).toEqual(['nord', 'ost', 'hafen']);
    expect(map.cells[0]).toEqual([{ kind: 'none' }, { kind: 'none' }, { kind: 'count', value: 7, partial: false }]);
  });

  it('gives 0 the white step alone and splits 1…max over the coloured ones, as the legend says', () => {
    expect(heatStep(0, 8)).toBe(0);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((value) => heatStep(value, 8))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(heatLegend(8)).toEqual([
      { step: 1, from: 1, to: 2 },
      { step: 2, from: 3, to: 4 },
      { step: 3, from: 5, to: 6 },
      { step: 4, from: 7, to: 8 },
    ]);
    expect(heatLegend(2)).toEqual([
      { step: 2, from: 1, to: 1 },
      { step: 4, from: 2, to: 2 },
    ]);
    for (let value = 1; value <= 2; value++) {
      const step = heatStep(value, 2);
      expect(heatLegend(2).some((range) => range.step === step && range.from <= value && value <= range.to)).toBe(true);
    }
  });

  it('prints every number in a colour with a contrast of at least 4.5:1 to its cell', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((start) => {
        const channel = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
        return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    for (const { fill, text } of HEAT_STEPS) {
      const [light, dark] = [luminance(fill), luminance(text)].sort((a, b) => b - a);
      expect(((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('the API in German', () => {
  it('translates the field rules and keeps the names they carry', () => {
    expect(germanMessage('is required')).toBe('Diese Angabe fehlt.');
    expect(germanMessage('must be at most 200 characters long')).toBe('Höchstens 200 Zeichen.');
    expect(germanMessage('must not exceed maximum')).toBe('Darf nicht größer sein als die Zahl der Plätze insgesamt.');
    expect(germanMessage('offer "x": unknown district "mitte"')).toBe('Den Bezirk „mitte“ gibt es nicht.');
    expect(germanMessage('unknown need code "astrology" (taxonomy "lotse-needs": one of a, b)')).toBe(
      'Unbekannter Code „astrology“.',
    );
  });

  it('passes the forms’ own German messages as they are and names an unknown English one', () => {
    expect(germanMessage('Geben Sie den Namen an.')).toBe('Geben Sie den Namen an.');
    expect(germanMessage('frobnicates')).toBe('Bitte prüfen Sie diese Angabe (Meldung: frobnicates).');
  });
});

describe('an import report', () => {
  it('names entries and fields in German', () => {
    expect(entryName('offer:elterncafe-nord')).toBe('Angebot elterncafe-nord');
    expect(entryName('3f2a-hsds-id')).toBe('3f2a-hsds-id');
    expect(fieldName('offers.3.capacity.available')).toBe('Freie Plätze');
    expect(fieldName('offers.3.needs.1')).toBe('Bedarfe');
    expect(fieldName('services.1.organization.name')).toBe('Träger');
    expect(fieldName('offers.3')).toBeUndefined();
    expect(
      rejectedName({ position: 1, id: 'offer:x', reasons: [{ path: 'offers.1.needs', message: 'is required' }] }),
    ).toBe('Angebot x (Angebot Nr. 2 der Datei)');
    expect(rejectedName({ position: 0, reasons: [{ path: '0.name', message: 'is required' }] })).toBe(
      'Eintrag 1 der Datei',
    );
  });
});

describe('an offer’s form', () => {
  it('asks for every required answer and for whole numbers of places, in German', () => {
    const draft = { ...newOfferDraft(), languages: [], tracksCapacity: true, available: 'vier', maximum: '10' };
    expect(checkOfferDraft(draft, true).map((problem) => problem.path)).toEqual([
      'id',
      'name',
      'organization',
      'needs',
      'lifePhases',
      'languages',
      'modes',
      'capacity.available',
    ]);
  });

  it('sends the offer without its id, with capacity only when places are counted', () => {
    const draft = {
      ...newOfferDraft(),
      id: 'babytreff',
      name: ' Babytreff ',
      organization: 'Familienzentrum',
      needs: ['family-education' as const],
      lifePhases: ['infant' as const],
      modes: ['on-site' as const],
    };
    expect(checkOfferDraft(draft, true)).toEqual([]);
    expect(offerBody(draft)).toEqual({
      name: 'Babytreff',
      organization: 'Familienzentrum',
      status: 'active',
      needs: ['family-education'],
      lifePhases: ['infant'],
      districts: [],
      languages: ['de'],
      modes: ['on-site'],
    });
    expect(offerBody({ ...draft, tracksCapacity: true, available: '3', maximum: '' }).capacity).toEqual({
      available: 3,
    });
  });

  it('proposes an id from the name within the API’s rule', () => {
    expect(idFromName('Elterncafé Süd – Größe')).toBe('elterncafe-sued-groesse');
    expect(idFromName(`${'a'.repeat(70)} b`)).toHaveLength(64);
  });
});
