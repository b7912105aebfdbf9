// HSDS 3.0/3.1 mapping: ages to life phases at every boundary, pregnancy, status, rejected codes and districts, the kept
// Lotse id, capacities in both names, UUIDs, and the round trip.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Catalogue, type Offer, validateCatalogue } from '#domain/catalogue.ts';
import { LIFE_PHASES, type LifePhase, NEED_CODES, OFFER_MODES } from '#domain/codes.ts';
import {
  districtIdOfUri,
  hsdsServiceFromOffer as exportService,
  type HsdsExportContext,
  type HsdsOfferResult,
  hsdsServiceEntries,
  hsdsServiceListSchema,
  offerFromHsdsService,
  offerIdOfService,
} from '#domain/hsds.ts';
import { toFieldErrors } from '#domain/zod-issues.ts';
import { hsdsProblems } from '../../support/hsds-service-schema.ts';
import { anOffer } from './fixtures.ts';

const CONTEXT = { districtIds: new Set(['nord', 'sued', 'ost']) };
const EXPORT: HsdsExportContext = { municipalityId: 'musterstadt', exportedAt: new Date('2026-03-02T08:15:00.250Z') };
const hsdsServiceFromOffer = (offer: Offer, context: HsdsExportContext = EXPORT) => exportService(offer, context);
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SEED_PATH = new URL('../../../infra/local/catalogues/musterstadt.json', import.meta.url);

function loadSeed(): Catalogue {
  const result = validateCatalogue(JSON.parse(readFileSync(SEED_PATH, 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.catalogue;
}

function term(taxonomy: string, code: unknown) {
  return {
    id: `attr-${taxonomy}-${String(code)}`,
    taxonomy_term: { id: 't', name: 'n', description: 'd', taxonomy, code },
  };
}

/** A valid HSDS service as another directory might send it: extra HSDS fields, no Lotse life-phase attributes. */
function aService(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'ac148810-d857-441c-9679-408f346de14b',
    name: 'Elterncafé Nord',
    description: 'Offenes Elterncafé mit Beratung',
    url: 'https://familienzentrum-nord.example',
    status: 'active',
    organization: { id: 'org-1', name: 'Familienzentrum Nord', description: 'Träger' },
    languages: [
      { id: 'l1', name: 'Deutsch', code: 'de' },
      { id: 'l2', name: 'Türkçe', code: 'tr' },
    ],
    minimum_age: 0,
    maximum_age: 6,
    service_areas: [{ id: 'a1', name: 'Nord', uri: 'urn:lotse:district:nord' }],
    attributes: [
      term('lotse-needs', 'family-education'),
      term('lotse-needs', 'parenting'),
      term('open-eligibility', 42),
    ],
    phones: [{ id: 'p1', number: '0231 000000' }],
    ...overrides,
  };
}

function offerOf(service: unknown): Offer {
  const result = offerFromHsdsService(service, CONTEXT);
  if (!result.ok) throw new Error(JSON.stringify(result.reasons));
  return result.offer;
}

function reasonsOf(service: unknown): { path: string; message: string }[] {
  const result: HsdsOfferResult = offerFromHsdsService(service, CONTEXT);
  return result.ok ? [] : result.reasons;
}

function phasesOf(minimum: number | null | undefined, maximum: number | null | undefined): LifePhase[] {
  return offerOf(aService({ minimum_age: minimum, maximum_age: maximum })).lifePhases;
}

describe('offerFromHsdsService maps a valid service', () => {
  it('to the offer with every mapped field', () => {
    const offer = offerOf(
      aService({ service_capacity: [{ id: 'c1', unit: { id: 'u', name: 'places' }, available: 4, maximum: 10 }] }),
    );

    expect(offer).toEqual({
      id: 'ac148810-d857-441c-9679-408f346de14b',
      name: 'Elterncafé Nord',
      organization: 'Familienzentrum Nord',
      status: 'active',
      needs: ['family-education', 'parenting'],
      lifePhases: ['infant', 'kita'],
      districts: ['nord'],
      languages: ['de', 'tr'],
      modes: ['on-site'],
      capacity: { available: 4, maximum: 10 },
    });
  });

  it('without service areas to an offer for the whole municipality', () => {
    expect(offerOf(aService({ service_areas: undefined })).districts).toEqual([]);
  });

  it('with null for absent optional fields, as many HSDS exports write them', () => {
    const offer = offerOf(
      aService({ service_areas: null, minimum_age: null, maximum_age: null, service_capacity: null }),
    );

    expect(offer).toMatchObject({
      districts: [],
      lifePhases: ['infant', 'kita', 'primary', 'secondary', 'transition'],
    });
    expect(offer).not.toHaveProperty('capacity');
  });

  it('with an http(s) URL whose last path segment is the district id', () => {
    const service = aService({
      service_areas: [
        { id: 'a1', uri: 'https://musterstadt.example/sozialraeume/nord' },
        { id: 'a2', uri: 'http://musterstadt.example/sozialraeume/sued/' },
      ],
    });

    expect(offerOf(service).districts).toEqual(['nord', 'sued']);
  });

  it('with lotse-modes attributes to those modes, in their order', () => {
    const service = aService({
      attributes: [term('lotse-needs', 'parenting'), term('lotse-modes', 'phone'), term('lotse-modes', 'outreach')],
    });

    expect(offerOf(service).modes).toEqual(['phone', 'outreach']);
  });

  it('without lotse-modes attributes to mode on-site', () => {
    expect(offerOf(aService()).modes).toEqual(['on-site']);
  });

  it('with HSDS 3.1 capacities to the capacity', () => {
    const capacities = [
      {
        id: 'f1e0a9a4-3b0e-4d8f-9a53-6a1f0a0c7e11',
        unit: { id: '0d6f5c0e-9d57-4d1a-a3f0-3d3d9b9a1e22', name: 'Plätze' },
        available: 2,
        maximum: 8,
        updated: '2026-03-02T08:15:00.250Z',
      },
    ];

    expect(offerOf(aService({ capacities })).capacity).toEqual({ available: 2, maximum: 8 });
  });

  it('with capacity without maximum to a capacity with available places only', () => {
    expect(offerOf(aService({ service_capacity: [{ available: 3 }] })).capacity).toEqual({ available: 3 });
    expect(offerOf(aService({ capacities: [{ available: 3 }] })).capacity).toEqual({ available: 3 });
  });

  it('with both names to the capacity of capacities (service_capacity is the older name)', () => {
    const service = aService({ capacities: [{ available: 1, maximum: 2 }], service_capacity: [{ available: 9 }] });

    expect(offerOf(service).capacity).toEqual({ available: 1, maximum: 2 });
  });

  it('without service_capacity or capacities to an offer whose capacity is not tracked', () => {
    expect(offerOf(aService())).not.toHaveProperty('capacity');
    expect(offerOf(aService({ capacities: null }))).not.toHaveProperty('capacity');
  });
});

describe('offerFromHsdsService reads the Lotse offer id', () => {
  const idAttribute = (value: unknown) => ({
    id: 'a-id',
    taxonomy_term: { id: 't', name: 'Lotse offer id', description: 'd', taxonomy: 'lotse-id', code: 'offer-id' },
    value,
  });

  it('from the lotse-id attribute, over the service id', () => {
    const service = aService({ attributes: [idAttribute('elterncafe-nord'), term('lotse-needs', 'parenting')] });

    expect(offerOf(service).id).toBe('elterncafe-nord');
    expect(offerIdOfService(service)).toBe('elterncafe-nord');
  });

  it('from the service id when there is no lotse-id attribute', () => {
    expect(offerIdOfService(aService())).toBe('ac148810-d857-441c-9679-408f346de14b');
  });

  it('rejects a lotse-id attribute without a value, or with one that cannot be an id', () => {
    const missing = aService({ attributes: [term('lotse-needs', 'parenting'), idAttribute(undefined)] });
    const broken = aService({ attributes: [term('lotse-needs', 'parenting'), idAttribute('a#b')] });

    expect(reasonsOf(missing).map((reason) => reason.path)).toEqual(['attributes.1.value']);
    expect(reasonsOf(broken).map((reason) => reason.path)).toEqual(['attributes.1.value']);
  });

  it('rejects a second lotse-id attribute', () => {
    const service = aService({ attributes: [idAttribute('a'), term('lotse-needs', 'parenting'), idAttribute('b')] });

    expect(reasonsOf(service)).toEqual([
      { path: 'attributes.2.value', message: 'repeats the "lotse-id" attribute (one offer id per service)' },
    ]);
  });
});

describe('offerFromHsdsService maps the status', () => {
  it.each([
    ['active', 'active'],
    ['inactive', 'inactive'],
    ['defunct', 'inactive'],
    ['temporarily closed', 'inactive'],
  ])('HSDS %s to %s', (status, expected) => {
    expect(offerOf(aService({ status })).status).toBe(expected);
  });

  it('rejects a status HSDS does not know', () => {
    expect(reasonsOf(aService({ status: 'closed' }))).toEqual([
      { path: 'status', message: 'must be one of: active, inactive, defunct, temporarily closed' },
    ]);
  });
});

describe('offerFromHsdsService maps ages [minimum_age, maximum_age) to life phases', () => {
  it.each([
    [0, 0.5, ['infant'], 'from birth'],
    [0, 2.99, ['infant'], 'just below 3'],
    [0, 3, ['infant'], 'maximum 3 means under 3'],
    [0, 3.01, ['infant', 'kita'], 'just above 3'],
    [2.99, 4, ['infant', 'kita'], 'starting just below 3'],
    [3, 4, ['kita'], 'starting at 3'],
    [3, 6, ['kita'], 'maximum 6 means under 6'],
    [5.99, 7, ['kita', 'primary'], 'starting just below 6'],
    [6, 6.01, ['primary'], 'starting at 6'],
    [0, 6.01, ['infant', 'kita', 'primary'], 'up to just above 6'],
    [9.99, 10, ['primary'], 'just below 10'],
    [10, 10.01, ['secondary'], 'starting at 10'],
    [6, 10, ['primary'], 'maximum 10 means under 10'],
    [15.99, 16, ['secondary'], 'just below 16'],
    [16, 17, ['transition'], 'starting at 16'],
    [10, 16.01, ['secondary', 'transition'], 'up to just above 16'],
    [26.99, 27, ['transition'], 'just below 27'],
    [26, 99, ['transition'], 'beyond 27'],
    [16, 27, ['transition'], 'maximum 27 means under 27'],
  ])('minimum_age %d, maximum_age %d → %j (%s)', (minimum, maximum, expected) => {
    expect(phasesOf(minimum, maximum)).toEqual(expected);
  });

  it('without ages to every phase that has an age (but not pregnancy)', () => {
    expect(phasesOf(undefined, undefined)).toEqual(['infant', 'kita', 'primary', 'secondary', 'transition']);
  });

  it('with a maximum only, from age 0', () => {
    expect(phasesOf(undefined, 3)).toEqual(['infant']);
  });

  it('with a minimum only, without upper limit', () => {
    expect(phasesOf(10, undefined)).toEqual(['secondary', 'transition']);
  });

  it('never to pregnancy from ages alone, even from age 0', () => {
    expect(phasesOf(0, 1)).not.toContain('pregnancy');
  });

  it('rejects a minimum of 27 or more: no life phase', () => {
    expect(reasonsOf(aService({ minimum_age: 27, maximum_age: 65 }))).toEqual([
      {
        path: 'minimum_age',
        message:
          'the ages 27 to under 65 cover no life phase (life phases span ages 0 to under 27; pregnancy needs an attribute of taxonomy "lotse-life-phase")',
      },
    ]);
  });

  it('rejects a maximum of 0 without a minimum: an empty range', () => {
    expect(reasonsOf(aService({ minimum_age: undefined, maximum_age: 0 })).map((r) => r.path)).toEqual(['maximum_age']);
  });

  it('rejects a maximum that is not above the minimum', () => {
    expect(reasonsOf(aService({ minimum_age: 6, maximum_age: 6 }))).toEqual([
      {
        path: 'maximum_age',
        message: 'must be greater than minimum_age (the range is minimum_age to under maximum_age)',
      },
    ]);
  });

  it('rejects a negative age', () => {
    expect(reasonsOf(aService({ minimum_age: -1 }))).toEqual([
      { path: 'minimum_age', message: 'must not be negative' },
    ]);
  });

  it('rejects an age given as a string', () => {
    expect(reasonsOf(aService({ maximum_age: '6' }))).toEqual([
      { path: 'maximum_age', message: 'must be a number of years' },
    ]);
  });
});

describe('offerFromHsdsService with lotse-life-phase attributes', () => {
  function withPhases(codes: unknown[], ages: Record<string, unknown> = {}) {
    return aService({
      minimum_age: undefined,
      maximum_age: undefined,
      ...ages,
      attributes: [term('lotse-needs', 'parenting'), ...codes.map((code) => term('lotse-life-phase', code))],
    });
  }

  it('maps a pregnancy attribute without ages to pregnancy only', () => {
    expect(offerOf(withPhases(['pregnancy'])).lifePhases).toEqual(['pregnancy']);
  });

  it('maps a pregnancy attribute with minimum_age 0', () => {
    expect(offerOf(withPhases(['pregnancy', 'infant'], { minimum_age: 0, maximum_age: 3 })).lifePhases).toEqual([
      'pregnancy',
      'infant',
    ]);
  });

  it('takes the attributes over the ages, so a gap (infant and primary without kita) survives', () => {
    expect(offerOf(withPhases(['infant', 'primary'], { minimum_age: 0, maximum_age: 10 })).lifePhases).toEqual([
      'infant',
      'primary',
    ]);
  });

  it('rejects pregnancy when minimum_age is above 0', () => {
    expect(reasonsOf(withPhases(['pregnancy'], { minimum_age: 1 }))).toEqual([
      { path: 'attributes.1.taxonomy_term.code', message: 'pregnancy needs minimum_age absent or 0' },
    ]);
  });

  it('rejects a phase that lies outside the ages', () => {
    expect(reasonsOf(withPhases(['infant', 'primary'], { minimum_age: 0, maximum_age: 3 }))).toEqual([
      {
        path: 'attributes.2.taxonomy_term.code',
        message: 'life phase "primary" (ages 6 to under 10) lies outside the ages 0 to under 3',
      },
    ]);
  });

  it('rejects a phase that starts exactly where the ages end (maximum_age is exclusive)', () => {
    expect(reasonsOf(withPhases(['kita'], { minimum_age: 0, maximum_age: 3 })).map((r) => r.path)).toEqual([
      'attributes.1.taxonomy_term.code',
    ]);
  });

  it('rejects an unknown life phase code', () => {
    expect(reasonsOf(withPhases(['baby']))).toEqual([
      {
        path: 'attributes.1.taxonomy_term.code',
        message:
          'unknown life phase code "baby" (taxonomy "lotse-life-phase": one of pregnancy, infant, kita, primary, secondary, transition)',
      },
    ]);
  });
});

describe('offerFromHsdsService rejects with reasons at their paths', () => {
  it('an unknown need code', () => {
    const service = aService({ attributes: [term('lotse-needs', 'parenting'), term('lotse-needs', 'housing')] });

    expect(reasonsOf(service)).toEqual([
      {
        path: 'attributes.1.taxonomy_term.code',
        message: `unknown need code "housing" (taxonomy "lotse-needs": one of ${NEED_CODES.join(', ')})`,
      },
    ]);
  });

  it('a need attribute without a code', () => {
    const service = aService({ attributes: [term('lotse-needs', 'parenting'), term('lotse-needs', undefined)] });

    expect(reasonsOf(service)).toEqual([{ path: 'attributes.1.taxonomy_term.code', message: 'is required' }]);
  });

  it('a repeated need', () => {
    const service = aService({ attributes: [term('lotse-needs', 'parenting'), term('lotse-needs', 'parenting')] });

    expect(reasonsOf(service)).toEqual([
      { path: 'attributes.1.taxonomy_term.code', message: 'repeats an earlier need' },
    ]);
  });

  it('a service without any need attribute', () => {
    const reasons = reasonsOf(aService({ attributes: [term('open-eligibility', 'families')] }));

    expect(reasons.map((reason) => reason.path)).toEqual(['attributes']);
  });

  it('an unknown mode code', () => {
    const service = aService({ attributes: [term('lotse-needs', 'parenting'), term('lotse-modes', 'video')] });

    expect(reasonsOf(service)).toEqual([
      {
        path: 'attributes.1.taxonomy_term.code',
        message: `unknown mode code "video" (taxonomy "lotse-modes": one of ${OFFER_MODES.join(', ')})`,
      },
    ]);
  });

  it('an unknown district', () => {
    const service = aService({
      service_areas: [{ uri: 'urn:lotse:district:nord' }, { uri: 'urn:lotse:district:mitte' }],
    });

    expect(reasonsOf(service)).toEqual([{ path: 'service_areas.1.uri', message: 'unknown district "mitte"' }]);
  });

  it('a service area uri of another form', () => {
    const service = aService({ service_areas: [{ uri: 'urn:other:nord' }] });

    expect(reasonsOf(service)).toEqual([
      {
        path: 'service_areas.0.uri',
        message:
          'must be "urn:lotse:district:<district id>" or an http(s) URL whose last path segment is the district id',
      },
    ]);
  });

  it('a service area without uri', () => {
    expect(reasonsOf(aService({ service_areas: [{ id: 'a1', name: 'Nord' }] }))).toEqual([
      { path: 'service_areas.0.uri', message: 'is required' },
    ]);
  });

  it('the same district twice', () => {
    const service = aService({
      service_areas: [{ uri: 'urn:lotse:district:nord' }, { uri: 'https://musterstadt.example/d/nord' }],
    });

    expect(reasonsOf(service)).toEqual([{ path: 'service_areas.1.uri', message: 'repeats an earlier district' }]);
  });

  it('an ISO 639-3 language code', () => {
    const service = aService({ languages: [{ code: 'de' }, { code: 'deu' }] });

    expect(reasonsOf(service)).toEqual([
      { path: 'languages.1.code', message: 'must be an ISO 639-1 language code (two lowercase letters, e.g. "de")' },
    ]);
  });

  it('a service without languages', () => {
    expect(reasonsOf(aService({ languages: [] }))).toEqual([
      { path: 'languages', message: 'must contain at least one language' },
    ]);
  });

  it('a service without organization', () => {
    expect(reasonsOf(aService({ organization: undefined }))).toEqual([
      { path: 'organization', message: 'is required' },
    ]);
  });

  it('an id that cannot be a storage key', () => {
    expect(reasonsOf(aService({ id: 'a#b' })).map((reason) => reason.path)).toEqual(['id']);
  });

  it('a capacity above its maximum', () => {
    expect(reasonsOf(aService({ service_capacity: [{ available: 11, maximum: 10 }] }))).toEqual([
      { path: 'service_capacity.0.available', message: 'must not exceed maximum' },
    ]);
  });

  it('a capacities entry above its maximum', () => {
    expect(reasonsOf(aService({ capacities: [{ available: 11, maximum: 10 }] }))).toEqual([
      { path: 'capacities.0.available', message: 'must not exceed maximum' },
    ]);
  });

  it('more than one capacity', () => {
    const reasons = reasonsOf(aService({ service_capacity: [{ available: 1 }, { available: 2 }] }));
    const capacities = reasonsOf(aService({ capacities: [{ available: 1 }, { available: 2 }] }));

    expect(reasons.map((reason) => reason.path)).toEqual(['service_capacity']);
    expect(capacities.map((reason) => reason.path)).toEqual(['capacities']);
  });

  it('every problem of the service at once', () => {
    const service = aService({
      name: '',
      attributes: [term('lotse-needs', 'housing')],
      service_areas: [{ uri: 'urn:lotse:district:mitte' }],
    });

    expect(reasonsOf(service).map((reason) => reason.path)).toEqual([
      'name',
      'attributes.0.taxonomy_term.code',
      'service_areas.0.uri',
    ]);
  });

  it('something that is not an object', () => {
    expect(reasonsOf('elterncafe')).toEqual([{ path: '', message: 'must be an object with an HSDS service' }]);
  });
});

describe('offerFromHsdsService ignores what it does not map', () => {
  it('unknown HSDS fields and attributes of other taxonomies', () => {
    const service = aService({
      schedules: [{ id: 's', byday: 'MO' }],
      attributes: [term('lotse-needs', 'parenting'), term('airs', { nested: true }), { id: 'x', label: 'no term' }],
    });

    expect(offerOf(service).needs).toEqual(['parenting']);
  });
});

describe('districtIdOfUri', () => {
  it.each([
    ['urn:lotse:district:nord', 'nord'],
    ['https://musterstadt.example/sozialraeume/nord', 'nord'],
    ['https://musterstadt.example/sozialraeume/nord/', 'nord'],
    ['https://musterstadt.example/sozialraeume/nord?v=1#karte', 'nord'],
    ['urn:lotse:district:', undefined],
    ['ftp://musterstadt.example/nord', undefined],
    ['nord', undefined],
  ])('reads %s as %s', (uri, expected) => {
    expect(districtIdOfUri(uri)).toBe(expected);
  });
});

describe('hsdsServiceListSchema and hsdsServiceEntries', () => {
  it('accept a JSON array of services', () => {
    const result = hsdsServiceListSchema().safeParse([aService()]);

    expect(result.success && result.data.map((service) => service.id)).toEqual([aService().id]);
  });

  it('accept an object with a services array', () => {
    const result = hsdsServiceListSchema().safeParse({ services: [aService(), aService({ id: 'b' })] });

    expect(result.success && result.data.length).toBe(2);
  });

  it('report a bad service at its position inside services', () => {
    const result = hsdsServiceListSchema().safeParse({ services: [aService(), aService({ name: 7 })] });

    expect(result.success ? [] : toFieldErrors(result.error)).toEqual([
      { path: 'services.1.name', message: 'must be a string' },
    ]);
  });

  it('reject a catalogue document, which is no service list', () => {
    expect(hsdsServiceEntries({ municipality: { id: 'm' }, offers: [] })).toBeUndefined();
  });

  it('reject a document of another shape with a message at the root', () => {
    const result = hsdsServiceListSchema().safeParse('services');

    expect(result.success ? [] : toFieldErrors(result.error)).toEqual([
      { path: '', message: 'must be a JSON array of HSDS services or an object with a services array' },
    ]);
  });
});

describe('hsdsServiceFromOffer', () => {
  const offer = anOffer({
    id: 'elterncafe-nord',
    organization: 'Familienzentrum Nord',
    needs: ['family-education', 'parenting'],
    lifePhases: ['infant', 'kita'],
    districts: ['nord'],
    languages: ['de', 'tr'],
    capacity: { available: 4, maximum: 10 },
  });

  it("writes HSDS 3.0's required service fields, the id a UUIDv5", () => {
    const service = hsdsServiceFromOffer(offer);

    expect(service).toMatchObject({ name: 'Angebot A', status: 'active' });
    expect(service.id).toMatch(UUID_V5);
  });

  it('keeps the Lotse offer id as the value of a lotse-id attribute', () => {
    expect(hsdsServiceFromOffer(offer).attributes[0]).toMatchObject({
      taxonomy_term: { taxonomy: 'lotse-id', code: 'offer-id' },
      value: 'elterncafe-nord',
    });
  });

  it('writes the organization, languages, ages, service areas and capacity', () => {
    expect(hsdsServiceFromOffer(offer)).toMatchObject({
      organization: { name: 'Familienzentrum Nord' },
      languages: [{ code: 'de' }, { code: 'tr' }],
      minimum_age: 0,
      maximum_age: 6,
      service_areas: [{ uri: 'urn:lotse:district:nord' }],
      capacities: [
        {
          unit: { name: 'Plätze', identifier: 'places' },
          available: 4,
          maximum: 10,
          updated: '2026-03-02T08:15:00.250Z',
        },
      ],
    });
  });

  it('writes needs, modes and life phases as attributes of the lotse taxonomies', () => {
    const codes = hsdsServiceFromOffer(offer).attributes.map(
      (a) => `${a.taxonomy_term.taxonomy}:${a.taxonomy_term.code}`,
    );

    expect(codes).toEqual([
      'lotse-id:offer-id',
      'lotse-needs:family-education',
      'lotse-needs:parenting',
      'lotse-modes:on-site',
      'lotse-life-phase:infant',
      'lotse-life-phase:kita',
    ]);
  });

  it('gives every object UUIDv5 ids, distinct within the service, that stay the same from export to export', () => {
    const first = hsdsServiceFromOffer(offer);
    const ids = allIds(first);
    const later = hsdsServiceFromOffer(offer, { ...EXPORT, exportedAt: new Date('2027-01-01T00:00:00Z') });

    expect(hsdsServiceFromOffer(offer)).toEqual(first);
    expect(allIds(later)).toEqual(ids);
    expect(ids.filter((id) => !UUID_V5.test(id))).toEqual([]);
    // Terms and the unit are one entity each, named by the attribute's taxonomy_term_id too; all others are unique.
    const own = [first.id, ...first.languages.map((l) => l.id), ...first.service_areas.map((a) => a.id)];
    const more = [...first.attributes.map((a) => a.id), ...(first.capacities ?? []).map((c) => c.id)];
    expect(new Set([...own, ...more]).size).toBe(own.length + more.length);
  });

  it('gives the same offer other ids in another municipality', () => {
    const here = allIds(hsdsServiceFromOffer(offer));
    const there = new Set(allIds(hsdsServiceFromOffer(offer, { ...EXPORT, municipalityId: 'beispielhausen' })));

    expect(here.filter((id) => there.has(id))).toEqual([]);
  });

  it('gives two offers different service ids but shares the ids of their terms and unit', () => {
    const other = hsdsServiceFromOffer({ ...offer, id: 'elterncafe-sued' });
    const first = hsdsServiceFromOffer(offer);

    expect(other.id).not.toBe(first.id);
    expect(other.attributes.map((a) => a.taxonomy_term.id)).toEqual(first.attributes.map((a) => a.taxonomy_term.id));
    expect(other.capacities?.[0]?.unit.id).toBe(first.capacities?.[0]?.unit.id);
    expect(other.capacities?.[0]?.id).not.toBe(first.capacities?.[0]?.id);
  });

  it('writes no ages for an offer for pregnancy only', () => {
    const service = hsdsServiceFromOffer(anOffer({ lifePhases: ['pregnancy'] }));

    expect([service.minimum_age, service.maximum_age]).toEqual([undefined, undefined]);
  });

  it('starts the ages at 0 when pregnancy is among the phases', () => {
    const service = hsdsServiceFromOffer(anOffer({ lifePhases: ['pregnancy', 'kita'] }));

    expect([service.minimum_age, service.maximum_age]).toEqual([0, 6]);
  });

  it('writes the widest age range of the phases', () => {
    const service = hsdsServiceFromOffer(anOffer({ lifePhases: ['secondary', 'primary', 'transition'] }));

    expect([service.minimum_age, service.maximum_age]).toEqual([6, 27]);
  });

  it('writes no capacities (and never service_capacity) when capacity is not tracked', () => {
    const service = hsdsServiceFromOffer(anOffer());

    expect(service).not.toHaveProperty('capacities');
    expect(service).not.toHaveProperty('service_capacity');
  });

  it('writes services that pass our HSDS 3.0/3.1 schema, for every seed offer', () => {
    const problems = loadSeed().offers.flatMap((seed) =>
      hsdsProblems(json(hsdsServiceFromOffer(seed))).map((problem) => `${seed.id}: ${problem}`),
    );

    expect(problems).toEqual([]);
  });
});

/** Every id of a service, in document order (nested ones included). */
function allIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allIds);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    (key === 'id' || key.endsWith('_id')) && typeof inner === 'string' ? [inner] : allIds(inner),
  );
}

function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('the round trip offer → HSDS → offer', () => {
  const allDistricts = { districtIds: new Set(['nord', 'ost', 'sued', 'west', 'hafen']) };

  function roundTrip(offer: Offer): HsdsOfferResult {
    return offerFromHsdsService(JSON.parse(JSON.stringify(hsdsServiceFromOffer(offer))), allDistricts);
  }

  it.each(loadSeed().offers.map((offer) => [offer.id, offer] as const))(
    'is the identity for seed offer %s',
    (_, offer) => {
      expect(roundTrip(offer)).toEqual({ ok: true, offer });
    },
  );

  it.each([
    ['pregnancy only', anOffer({ lifePhases: ['pregnancy'] })],
    ['pregnancy with a later phase only', anOffer({ lifePhases: ['pregnancy', 'secondary'] })],
    ['phases with a gap, in an unusual order', anOffer({ lifePhases: ['transition', 'infant'] })],
    ['every phase', anOffer({ lifePhases: [...LIFE_PHASES] })],
    ['the whole municipality', anOffer({ districts: [] })],
    ['several districts', anOffer({ districts: ['sued', 'nord', 'hafen'] })],
    ['every need and mode', anOffer({ needs: [...NEED_CODES].reverse(), modes: [...OFFER_MODES] })],
    ['an inactive offer', anOffer({ status: 'inactive' })],
    ['capacity without maximum', anOffer({ capacity: { available: 0 } })],
    ['full capacity', anOffer({ capacity: { available: 1_000_000, maximum: 1_000_000 } })],
    ['names with quotes and umlauts', anOffer({ name: 'Elternkurs „Starke Eltern“', organization: 'Träger "A"' })],
  ])('is the identity for an offer with %s', (_, offer) => {
    expect(roundTrip(offer)).toEqual({ ok: true, offer });
  });

  it('is the identity for 300 generated offers', () => {
    const random = seededRandom(4);
    const pick = <T>(values: readonly T[]): T[] => values.filter(() => random() < 0.4);
    const atLeastOne = <T>(values: readonly T[]): T[] => {
      const picked = pick(values);
      return picked.length > 0 ? shuffle(picked, random) : [values[Math.floor(random() * values.length)] as T];
    };
    const failures: string[] = [];
    for (let index = 0; index < 300; index += 1) {
      const maximum = 1 + Math.floor(random() * 50);
      const offer = anOffer({
        id: `offer-${index}`,
        status: random() < 0.8 ? 'active' : 'inactive',
        needs: atLeastOne(NEED_CODES),
        lifePhases: atLeastOne(LIFE_PHASES),
        districts: shuffle(pick(['nord', 'ost', 'sued', 'west', 'hafen']), random),
        languages: atLeastOne(['de', 'tr', 'ar', 'uk', 'ru', 'en']),
        modes: atLeastOne(OFFER_MODES),
        ...(random() < 0.5 ? {} : { capacity: { available: Math.floor(random() * (maximum + 1)), maximum } }),
      });
      const result = roundTrip(offer);
      if (!result.ok || JSON.stringify(result.offer) !== JSON.stringify(offer)) failures.push(offer.id);
      else if (JSON.stringify(hsdsServiceFromOffer(result.offer)) !== JSON.stringify(hsdsServiceFromOffer(offer))) {
        failures.push(`${offer.id} (second export differs)`);
      }
      failures.push(...hsdsProblems(json(hsdsServiceFromOffer(offer))).map((problem) => `${offer.id}: ${problem}`));
    }

    expect(failures).toEqual([]);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: the cases below edit the exported JSON at any depth
type Editable = Record<string, any>;

describe('our HSDS schema (tests/support/hsds-service-schema.ts) rejects a wrong export', () => {
  const good = () =>
    json(hsdsServiceFromOffer(anOffer({ districts: ['nord'], capacity: { available: 1, maximum: 2 } })));

  it('accepts the export it is written for', () => {
    expect(hsdsProblems(good())).toEqual([]);
  });

  it.each([
    ['a slug as service id', (s: Editable) => Object.assign(s, { id: 'elterncafe-nord' }), 'id'],
    ['a slug as language id', (s: Editable) => Object.assign(s.languages[0], { id: 'l1' }), 'languages.0.id'],
    ['no name', (s: Editable) => delete s.name, 'name'],
    ['no status', (s: Editable) => delete s.status, 'status'],
    ['a status HSDS does not know', (s: Editable) => Object.assign(s, { status: 'closed' }), 'status'],
    ['no organization description', (s: Editable) => delete s.organization.description, 'organization.description'],
    [
      'a three-letter upper-case language code',
      (s: Editable) => Object.assign(s.languages[0], { code: 'DEU' }),
      'languages.0.code',
    ],
    [
      'a service area uri that is no URI',
      (s: Editable) => Object.assign(s.service_areas[0], { uri: 'nord' }),
      'service_areas.0.uri',
    ],
    [
      'a term without description',
      (s: Editable) => delete s.attributes[1].taxonomy_term.description,
      'attributes.1.taxonomy_term.description',
    ],
    [
      'a term id the attribute does not name',
      (s: Editable) => Object.assign(s.attributes[1], { taxonomy_term_id: s.attributes[2].taxonomy_term.id }),
      'attributes.1.taxonomy_term_id',
    ],
    ['an age given as a string', (s: Editable) => Object.assign(s, { minimum_age: '0' }), 'minimum_age'],
    ['a capacity without updated', (s: Editable) => delete s.capacities[0].updated, 'capacities.0.updated'],
    [
      'a capacity whose updated is a date only',
      (s: Editable) => Object.assign(s.capacities[0], { updated: '2026-03-02' }),
      'capacities.0.updated',
    ],
    ['a capacity without unit', (s: Editable) => delete s.capacities[0].unit, 'capacities.0.unit'],
    ['a unit without name', (s: Editable) => delete s.capacities[0].unit.name, 'capacities.0.unit.name'],
    [
      'a capacity given as a string',
      (s: Editable) => Object.assign(s.capacities[0], { available: '1' }),
      'capacities.0.available',
    ],
    ['a repeated id', (s: Editable) => Object.assign(s.languages[0], { id: s.id }), 'languages.0.id'],
    [
      'a schedule of an unknown frequency',
      (s: Editable) => Object.assign(s, { schedules: [{ id: s.id.replace(/^./, '0'), freq: 'DAILY' }] }),
      'schedules.0.freq',
    ],
    [
      'a phone without number',
      (s: Editable) => Object.assign(s, { phones: [{ id: s.id.replace(/^./, '0') }] }),
      'phones.0.number',
    ],
  ])('%s', (_, change, path) => {
    const service = good();
    change(service);

    expect(hsdsProblems(service).map((problem) => problem.split(': ')[0])).toContain(path);
  });

  it('service_capacity instead of capacities (HSDS 3.1 does not know it)', () => {
    const service: Record<string, unknown> = good();
    service.service_capacity = [{ available: 1, maximum: 2 }];
    delete service.capacities;

    expect(hsdsProblems(service)).toEqual([': Unrecognized key: "service_capacity"']);
  });
});

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function shuffle<T>(values: T[], random: () => number): T[] {
  const copy = [...values];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}
