import { beforeEach, describe, expect, it } from 'vitest';
import { exportCatalogue } from '#application/coordinator/export-catalogue.ts';
import { importCatalogue } from '#application/coordinator/import-catalogue.ts';
import type { Catalogue, Offer } from '#domain/catalogue.ts';
import { LIFE_PHASES, NEED_CODES, OFFER_MODES } from '#domain/codes.ts';
import { ImportRejected, NotFound, ValidationFailed } from '#domain/errors.ts';
import { hsdsServiceFromOffer } from '#domain/hsds.ts';
import { exportQuerySchema } from '#http/api-schemas.ts';
import { parseOrThrow } from '#http/request-validation.ts';
import { hsdsProblems, lotseHsdsExportSchema } from '../../support/hsds-service-schema.ts';
import { InMemoryCatalogueStore } from './catalogue-store-fake.ts';
import { fixedClock, NOW, testCatalogue } from './fakes.ts';

let store: InMemoryCatalogueStore;

beforeEach(() => {
  store = new InMemoryCatalogueStore(testCatalogue());
});

const run = (body: unknown, options: { partial: boolean } = { partial: false }) =>
  importCatalogue({ catalogue: store }, { body, ...options });

/** An export as the route serves it: the query parsed by its schema (400), then the use case. */
async function exported(query: Record<string, string> = {}, clock = fixedClock()) {
  return exportCatalogue({ catalogue: store, clock }, parseOrThrow(exportQuerySchema(), query));
}

/** An offer as the HSDS export writes it (the test catalogue's municipality). */
const asHsds = (entity: Offer) => hsdsServiceFromOffer(entity, { municipalityId: 'teststadt', exportedAt: NOW });

/** The HSDS export as the wire carries it. */
async function hsdsText(clock = fixedClock()): Promise<string> {
  return JSON.stringify(await exported({ format: 'hsds' }, clock));
}

function offer(id: string, overrides: Partial<Offer> = {}): Offer {
  return { ...(testCatalogue().offers[0] as Offer), id, ...overrides };
}

function document(changes: (catalogue: Catalogue) => void = () => {}): Catalogue {
  const catalogue = testCatalogue();
  changes(catalogue);
  return catalogue;
}

async function rejection(attempt: Promise<unknown>): Promise<ImportRejected> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ImportRejected);
  return error as ImportRejected;
}

describe('importing a catalogue document', () => {
  it('reports every stored entry unchanged and writes nothing', async () => {
    const report = await run(testCatalogue());

    expect(report.unchanged).toContain('offer:elterncafe-nord');
    expect(report.unchanged).toContain('municipality:teststadt');
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(store.chunks).toEqual([]);
  });

  it('creates new entries and updates changed ones, with kind-qualified ids', async () => {
    const report = await run(
      document((c) => {
        c.offers.push(offer('neu'));
        c.institutions[0] = { id: 'klinik-mitte', name: 'Klinik Mitte (neu)', type: 'birth-clinic' };
      }),
    );

    expect(report.created).toEqual(['offer:neu']);
    expect(report.updated).toEqual(['institution:klinik-mitte']);
    expect((await store.get('institution', 'klinik-mitte'))?.name).toBe('Klinik Mitte (neu)');
    expect(await store.get('offer', 'neu')).not.toBeNull();
  });

  it('rejects the whole import and writes nothing when one entry is invalid', async () => {
    const error = await rejection(
      run(
        document((c) => {
          c.offers.push(offer('neu'), { ...offer('kaputt'), needs: ['astrology'] } as unknown as Offer);
        }),
      ),
    );

    expect(error.report).toMatchObject({
      rejected: [{ position: 2, id: 'offer:kaputt', reasons: [expect.objectContaining({ path: 'offers.2.needs.0' })] }],
    });
    expect(await store.get('offer', 'neu')).toBeNull();
  });

  it('applies the valid entries and reports the rejected ones when partial', async () => {
    const report = await run(
      document((c) => {
        c.offers.push(offer('neu'), offer('anderswo', { districts: ['mars'] }));
      }),
      { partial: true },
    );

    expect(report.created).toEqual(['offer:neu']);
    expect(report.rejected).toEqual([
      {
        position: 2,
        id: 'offer:anderswo',
        reasons: [{ path: 'offers.2.districts.0', message: 'unknown district "mars"' }],
      },
    ]);
    expect(await store.get('offer', 'anderswo')).toBeNull();
  });

  it('accepts an offer in a district the same document adds', async () => {
    const report = await run(
      document((c) => {
        c.districts.push({ id: 'west', name: 'West', postalCodes: ['44149'] });
        c.offers.push(offer('west-offer', { districts: ['west'] }));
      }),
    );

    expect(report.created).toEqual(['district:west', 'offer:west-offer']);
  });

  it('rejects an office claiming a district a stored office serves', async () => {
    const error = await rejection(
      run(
        document((c) => {
          c.offices.push({ id: 'fb-zwei', name: 'Zwei', districts: ['sued'], email: 'zwei@teststadt.example' });
        }),
      ),
    );

    expect(error.report).toMatchObject({
      rejected: [
        {
          id: 'office:fb-zwei',
          reasons: [{ path: 'offices.2.districts.0', message: expect.stringContaining('fb-sued') }],
        },
      ],
    });
  });

  it('lets a document move a district from one office to another', async () => {
    const report = await run(
      document((c) => {
        c.offices = [
          { id: 'fb-nord', name: 'Familienbüro Nord', districts: ['nord', 'sued'], email: 'fb-nord@teststadt.example' },
          { id: 'fb-sued', name: 'Familienbüro Süd', districts: ['ost'], email: 'fb-sued@teststadt.example' },
        ];
      }),
    );

    expect(report.updated).toEqual(['office:fb-nord', 'office:fb-sued']);
    expect(report.rejected).toEqual([]);
  });

  it('rejects a repeated id (the later entry)', async () => {
    const error = await rejection(run(document((c) => c.offers.push(offer('elterncafe-nord', { name: 'Zweites' })))));

    expect(error.report).toMatchObject({
      rejected: [{ position: 1, reasons: [{ path: 'offers.1.id', message: 'id is already used by offers.0' }] }],
    });
  });

  it('rejects another municipality', async () => {
    const error = await rejection(run(document((c) => Object.assign(c.municipality, { id: 'anderstadt' }))));

    expect(error.report).toMatchObject({ rejected: [{ position: 0, id: 'municipality:anderstadt' }] });
  });

  it('answers 400 for a body that is neither format', async () => {
    await expect(run({ offers: [] })).rejects.toBeInstanceOf(ValidationFailed);
  });

  it('answers 400 for a document whose collections are not lists', async () => {
    await expect(run({ ...testCatalogue(), offers: {} })).rejects.toMatchObject({
      errors: [expect.objectContaining({ path: 'offers' })],
    });
  });
});

describe('importing an HSDS service list', () => {
  it('creates offers from services in both list forms', async () => {
    const services = [asHsds(offer('hsds-1')), asHsds(offer('hsds-2'))];

    const fromArray = await run(services);
    const fromObject = await run({ services });

    expect(fromArray.created).toEqual(['hsds-1', 'hsds-2']);
    expect(fromObject.unchanged).toEqual(['hsds-1', 'hsds-2']);
  });

  it('rejects a service in an unknown district with its position and path', async () => {
    const services = [asHsds(offer('ok')), asHsds(offer('mars', { districts: ['mars'] }))];

    const report = await run({ services }, { partial: true });

    expect(report.created).toEqual(['ok']);
    expect(report.rejected).toMatchObject([
      { position: 1, id: 'mars', reasons: [expect.objectContaining({ path: 'services.1.service_areas.0.uri' })] },
    ]);
  });

  it('writes a 2,000-offer list in chunks of 25', async () => {
    const services = Array.from({ length: 2000 }, (_, i) => asHsds(offer(`o-${i}`)));

    const report = await run(services);

    expect(report.created).toHaveLength(2000);
    expect(store.chunks).toHaveLength(80);
    expect(store.chunks.every((size) => size === 25)).toBe(true);
  });
});

describe('export and import again', () => {
  it('round-trips the document with every entry unchanged', async () => {
    const document = await exported();

    const report = await run(JSON.parse(JSON.stringify(document)));

    expect(report.created).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(report.unchanged).toHaveLength(1 + 3 + 2 + 2 + 1);
  });

  it('round-trips HSDS with every offer unchanged', async () => {
    await store.put({ kind: 'offer', entity: offer('ohne-kapazitaet', { capacity: undefined, status: 'inactive' }) });
    const services = await exported({ format: 'hsds' });

    const report = await run(JSON.parse(JSON.stringify(services)));

    expect(report.unchanged).toEqual(['elterncafe-nord', 'ohne-kapazitaet']);
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual([]);
  });

  it('exports HSDS byte-identically again after importing its own export', async () => {
    const first = await hsdsText();

    await run(JSON.parse(first));

    expect(await hsdsText()).toBe(first);
  });

  it('exports the same UUIDs at another time; only the capacities are stamped with the time of the export', async () => {
    const first = await hsdsText();
    const later = await hsdsText(fixedClock(new Date('2027-05-01T12:00:00.000Z')));

    expect(later).not.toBe(first);
    expect(later.replaceAll('2027-05-01T12:00:00.000Z', NOW.toISOString())).toBe(first);
  });

  it('exports HSDS that passes our HSDS 3.0/3.1 schema, capacity as capacities', async () => {
    const answer = JSON.parse(await hsdsText());

    expect(hsdsProblems(answer, lotseHsdsExportSchema)).toEqual([]);
    expect(answer.services[0].capacities).toMatchObject([{ available: 4, maximum: 10, unit: { name: 'Plätze' } }]);
  });

  it('exports a generated catalogue (capacity, several districts, every mode, inactive offers) that passes our schema and round-trips', async () => {
    const modes = [...OFFER_MODES];
    for (let index = 0; index < 60; index += 1) {
      const entity = offer(`gen-${String(index).padStart(2, '0')}`, {
        status: index % 4 === 0 ? 'inactive' : 'active',
        needs: [NEED_CODES[index % NEED_CODES.length] as Offer['needs'][number]],
        lifePhases: LIFE_PHASES.filter(
          (_, phase) => (index >> phase) % 2 === 1 || phase === index % LIFE_PHASES.length,
        ),
        districts: (['nord', 'sued', 'ost'] as const).filter((_, district) => (index >> district) % 2 === 1),
        modes: modes.filter((_, mode) => (index >> mode) % 2 === 1 || mode === index % modes.length),
        languages: index % 3 === 0 ? ['de', 'tr', 'uk'] : ['de'],
        ...(index % 5 === 0
          ? { capacity: undefined }
          : { capacity: index % 2 === 0 ? { available: index % 7 } : { available: index % 7, maximum: 7 } }),
      });
      await store.put({ kind: 'offer', entity });
    }
    const first = await hsdsText();

    const report = await run(JSON.parse(first));

    expect(hsdsProblems(JSON.parse(first), lotseHsdsExportSchema)).toEqual([]);
    expect(report.unchanged).toHaveLength(61);
    expect([report.created, report.updated, report.rejected]).toEqual([[], [], []]);
    expect(await hsdsText()).toBe(first);
  });

  it('imports the older service_capacity as the same offer and capacity', async () => {
    const { services } = JSON.parse(await hsdsText());
    for (const service of services) {
      service.service_capacity = service.capacities.map(
        ({ available, maximum }: { available: number; maximum: number }) => ({
          available,
          maximum: maximum - 1,
        }),
      );
      delete service.capacities;
    }

    const report = await run({ services });
    const stored = await store.get('offer', 'elterncafe-nord');

    expect(report.updated).toEqual(['elterncafe-nord']);
    expect(stored?.capacity).toEqual({ available: 4, maximum: 9 });
  });

  it('answers 404 for an HSDS export of a catalogue never seeded (no municipality to derive ids from)', async () => {
    store = new InMemoryCatalogueStore();

    await expect(exported({ format: 'hsds' })).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses an unknown export format (400)', async () => {
    const attempt = exported({ format: 'xml' });

    await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
  });
});
