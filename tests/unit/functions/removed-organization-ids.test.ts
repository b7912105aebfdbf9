// The id of a removed office or institution is never given to another one: the removal leaves a marker, and PUT and
// the catalogue import refuse the id with 409 (a partial import rejects the entry), while exports never list markers.
import { beforeEach, describe, expect, it } from 'vitest';
import { type CatalogueEntitiesPorts, deleteEntity, putEntity } from '#application/coordinator/catalogue-entities.ts';
import { exportCatalogue } from '#application/coordinator/export-catalogue.ts';
import { importCatalogue } from '#application/coordinator/import-catalogue.ts';
import type { Catalogue } from '#domain/catalogue.ts';
import { ImportRejected, ResourceConflict } from '#domain/errors.ts';
import { toProblem } from '#http/problem.ts';
import { InMemoryCatalogueStore } from './catalogue-store-fake.ts';
import { fixedClock, InMemoryCases, NOW, testCatalogue } from './fakes.ts';
import { InMemoryIdentityProvider, InMemoryIdentityRegistry } from './identity-fakes.ts';

let store: InMemoryCatalogueStore;
let ports: CatalogueEntitiesPorts;

beforeEach(() => {
  store = new InMemoryCatalogueStore(testCatalogue());
  ports = {
    catalogue: store,
    cases: new InMemoryCases(),
    identity: { registry: new InMemoryIdentityRegistry(), provider: new InMemoryIdentityProvider() },
    clock: fixedClock(),
  };
});

const REMOVED_AT = NOW.toISOString();
const fbNord = { name: 'Familienbüro Nord (neu)', districts: ['nord'], email: 'neu@teststadt.example' };
const klinik = { name: 'Klinik Mitte (neu)', type: 'birth-clinic' as const };

async function failure(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error,
  );
}

describe('removing an office or institution', () => {
  it('leaves a marker of its id, kind and removal time', async () => {
    await deleteEntity(ports, { kind: 'office', id: 'fb-nord' });
    await deleteEntity(ports, { kind: 'institution', id: 'klinik-mitte' });

    expect(await store.removedOrganizations()).toEqual([
      { kind: 'institution', id: 'klinik-mitte', removedAt: REMOVED_AT },
      { kind: 'office', id: 'fb-nord', removedAt: REMOVED_AT },
    ]);
  });

  it('leaves no marker for an offer (it is only marked inactive) or an id that was never there', async () => {
    await deleteEntity(ports, { kind: 'offer', id: 'elterncafe-nord' });
    await failure(deleteEntity(ports, { kind: 'institution', id: 'nie-da' }));

    expect(await store.removedOrganizations()).toEqual([]);
  });
});

describe('PUT of a removed id', () => {
  it.each([
    ['office', 'fb-nord', fbNord],
    ['institution', 'klinik-mitte', klinik],
  ] as const)('answers 409 conflict for the %s and writes nothing', async (kind, id, body) => {
    await deleteEntity(ports, { kind, id });

    const error = await failure(putEntity(ports, { kind, id, body }));

    expect(error).toBeInstanceOf(ResourceConflict);
    const problem = toProblem(error);
    expect([problem.status, problem.type]).toEqual([409, 'conflict']);
    expect(problem.detail).toContain(
      `"${id}" belonged to an ${kind} that was removed from the catalogue at ${REMOVED_AT}`,
    );
    expect(problem.detail).toContain('choose a new id');
    expect(await store.get(kind, id)).toBeNull();
  });

  it('still creates the office under a new id', async () => {
    await deleteEntity(ports, { kind: 'office', id: 'fb-nord' });

    const result = await putEntity(ports, { kind: 'office', id: 'fb-nord-2', body: fbNord });

    expect(result.created).toBe(true);
  });
});

function documentWith(change: (catalogue: Catalogue) => void): Catalogue {
  const catalogue = testCatalogue();
  change(catalogue);
  return catalogue;
}

describe('a catalogue import naming a removed id', () => {
  const importing = (body: unknown, partial = false) => importCatalogue({ catalogue: store }, { body, partial });

  it('answers 409 conflict naming the ids and writes nothing', async () => {
    await deleteEntity(ports, { kind: 'office', id: 'fb-sued' });
    await deleteEntity(ports, { kind: 'institution', id: 'praxis-west' });
    const before = await store.loadStored();
    // An old file that still lists both, with a change elsewhere that must not be applied either.
    const body = documentWith((catalogue) => {
      catalogue.institutions.push({ id: 'kita-neu', name: 'Kita Neu', type: 'kita' });
    });

    const error = await failure(importing(body));

    const problem = toProblem(error);
    expect([problem.status, problem.type]).toEqual([409, 'conflict']);
    expect(problem.detail).toContain(`office "fb-sued" (removed at ${REMOVED_AT})`);
    expect(problem.detail).toContain(`institution "praxis-west" (removed at ${REMOVED_AT})`);
    expect(problem.detail).toContain('choose new ids');
    expect(await store.loadStored()).toEqual(before);
    expect(store.chunks).toEqual([]);
  });

  it('with partial=true rejects those entries at their id with the reason and applies the rest', async () => {
    await deleteEntity(ports, { kind: 'office', id: 'fb-sued' });
    const body = documentWith((catalogue) => {
      catalogue.institutions.push({ id: 'kita-neu', name: 'Kita Neu', type: 'kita' });
    });

    const report = await importing(body, true);

    expect(report.rejected).toEqual([
      {
        position: 1,
        id: 'office:fb-sued',
        reasons: [
          { path: 'offices.1.id', message: expect.stringContaining(`removed from the catalogue at ${REMOVED_AT}`) },
        ],
      },
    ]);
    expect(report.created).toEqual(['institution:kita-neu']);
    expect(await store.get('office', 'fb-sued')).toBeNull();
  });

  it('is not refused for an id removed as another kind', async () => {
    await deleteEntity(ports, { kind: 'institution', id: 'praxis-west' });
    const body = documentWith((catalogue) => {
      catalogue.institutions = catalogue.institutions.filter((institution) => institution.id !== 'praxis-west');
      catalogue.districts.push({ id: 'west', name: 'West', postalCodes: ['44147'] });
      catalogue.offices.push({ id: 'praxis-west', name: 'FB West', districts: ['west'], email: 'w@teststadt.example' });
    });

    const report = await importing(body);

    expect(report.created).toEqual(['district:west', 'office:praxis-west']);
  });

  it('an export lists no marker, so importing it again changes nothing', async () => {
    await deleteEntity(ports, { kind: 'office', id: 'fb-sued' });
    await deleteEntity(ports, { kind: 'institution', id: 'praxis-west' });

    const document = (await exportCatalogue(
      { catalogue: store, clock: fixedClock() },
      { format: 'document' },
    )) as Catalogue;
    const report = await importing(document);

    expect(document.offices.map((office) => office.id)).toEqual(['fb-nord']);
    expect(document.institutions.map((institution) => institution.id)).toEqual(['klinik-mitte']);
    expect([report.created, report.updated, report.rejected]).toEqual([[], [], []]);
  });

  it('still rejects invalid entries as before (422) when no removed id is named', async () => {
    await deleteEntity(ports, { kind: 'office', id: 'fb-sued' });
    const body = documentWith((catalogue) => {
      catalogue.offices = catalogue.offices.filter((office) => office.id !== 'fb-sued');
      catalogue.institutions.push({ id: 'kita-neu', name: '', type: 'kita' });
    });

    await expect(importing(body)).rejects.toBeInstanceOf(ImportRejected);
  });
});
