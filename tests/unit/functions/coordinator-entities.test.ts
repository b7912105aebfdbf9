import { beforeEach, describe, expect, it } from 'vitest';
import {
  type CatalogueEntitiesPorts,
  deleteEntity,
  getEntity,
  listEntities,
  putEntity,
} from '#application/coordinator/catalogue-entities.ts';
import type { Offer } from '#domain/catalogue.ts';
import { Forbidden, NotFound, ValidationFailed } from '#domain/errors.ts';
import { ResourceConflict } from '#http/catalogue-errors.ts';
import { routedCase } from './case-fixtures.ts';
import { InMemoryCatalogueStore } from './catalogue-store-fake.ts';
import { InMemoryCases, testCatalogue } from './fakes.ts';

const coordinator = { role: 'coordinator' } as const;
const office = { role: 'office', officeId: 'fb-nord' } as const;
const referrer = { role: 'referrer', institutionId: 'klinik-mitte' } as const;

let store: InMemoryCatalogueStore;
let cases: InMemoryCases;
let ports: CatalogueEntitiesPorts;

beforeEach(() => {
  store = new InMemoryCatalogueStore(testCatalogue());
  cases = new InMemoryCases();
  ports = { catalogue: store, cases };
});

function offerBody(overrides: Partial<Offer> = {}): Record<string, unknown> {
  const { id: _id, ...offer } = { ...(testCatalogue().offers[0] as Offer), ...overrides };
  return offer;
}

describe('reading the catalogue', () => {
  it('lists offers sorted by id, filtered by status', async () => {
    await putEntity(ports, {
      principal: coordinator,
      kind: 'offer',
      id: 'a-offer',
      body: offerBody({ status: 'inactive' }),
    });

    const all = await listEntities(ports, { principal: coordinator, kind: 'offer', query: {} });
    const inactive = await listEntities(ports, {
      principal: coordinator,
      kind: 'offer',
      query: { status: 'inactive' },
    });

    expect(all.items.map((offer) => offer.id)).toEqual(['a-offer', 'elterncafe-nord']);
    expect(inactive.items.map((offer) => offer.id)).toEqual(['a-offer']);
  });

  it('refuses an unknown status filter with 400 naming it', async () => {
    const attempt = listEntities(ports, { principal: coordinator, kind: 'offer', query: { status: 'open' } });

    await expect(attempt).rejects.toMatchObject({ errors: [expect.objectContaining({ path: 'status' })] });
  });

  it('lets an office read offers', async () => {
    const found = await getEntity(ports, { principal: office, kind: 'offer', id: 'elterncafe-nord' });

    expect(found.name).toBe('Elterncafé Nord');
  });

  it.each(['office', 'institution'] as const)('refuses an office reading %s entries (403)', async (kind) => {
    await expect(listEntities(ports, { principal: office, kind, query: {} })).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses a referrer reading offers (403)', async () => {
    await expect(listEntities(ports, { principal: referrer, kind: 'offer', query: {} })).rejects.toBeInstanceOf(
      Forbidden,
    );
  });

  it('answers 404 for an unknown offer', async () => {
    await expect(getEntity(ports, { principal: coordinator, kind: 'offer', id: 'nope' })).rejects.toBeInstanceOf(
      NotFound,
    );
  });
});

describe('putting an entity', () => {
  it('creates an offer whose body leaves out the id', async () => {
    const result = await putEntity(ports, {
      principal: coordinator,
      kind: 'offer',
      id: 'new-offer',
      body: offerBody(),
    });

    expect(result.created).toBe(true);
    expect(await store.get('offer', 'new-offer')).toMatchObject({ id: 'new-offer', name: 'Elterncafé Nord' });
  });

  it('replaces an existing offer', async () => {
    const result = await putEntity(ports, {
      principal: coordinator,
      kind: 'offer',
      id: 'elterncafe-nord',
      body: { ...offerBody({ name: 'Elterncafé Nord (neu)' }), id: 'elterncafe-nord' },
    });

    expect(result.created).toBe(false);
    expect((await store.get('offer', 'elterncafe-nord'))?.name).toBe('Elterncafé Nord (neu)');
  });

  it('refuses a body id that differs from the path id', async () => {
    const attempt = putEntity(ports, {
      principal: coordinator,
      kind: 'offer',
      id: 'elterncafe-nord',
      body: { ...offerBody(), id: 'other' },
    });

    await expect(attempt).rejects.toMatchObject({ errors: [{ path: 'id', message: expect.any(String) }] });
  });

  it('refuses an offer in an unknown district at its path', async () => {
    const attempt = putEntity(ports, {
      principal: coordinator,
      kind: 'offer',
      id: 'x',
      body: offerBody({ districts: ['nord', 'mars'] }),
    });

    await expect(attempt).rejects.toMatchObject({
      errors: [{ path: 'districts.1', message: 'unknown district "mars"' }],
    });
  });

  it('refuses an unknown need code', async () => {
    const attempt = putEntity(ports, {
      principal: coordinator,
      kind: 'offer',
      id: 'x',
      body: { ...offerBody(), needs: ['astrology'] },
    });

    await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
    expect(await store.get('offer', 'x')).toBeNull();
  });

  it('refuses an office for a district another office serves (409)', async () => {
    const attempt = putEntity(ports, {
      principal: coordinator,
      kind: 'office',
      id: 'fb-neu',
      body: { name: 'Neu', districts: ['ost', 'nord'], email: 'neu@teststadt.example' },
    });

    await expect(attempt).rejects.toBeInstanceOf(ResourceConflict);
    expect(await store.get('office', 'fb-neu')).toBeNull();
  });

  it('lets an office keep and extend its own districts', async () => {
    const result = await putEntity(ports, {
      principal: coordinator,
      kind: 'office',
      id: 'fb-nord',
      body: { name: 'Familienbüro Nord', districts: ['nord', 'ost'], email: 'fb-nord@teststadt.example' },
    });

    expect(result.created).toBe(false);
    expect((await store.get('office', 'fb-nord'))?.districts).toEqual(['nord', 'ost']);
  });

  it('refuses an office writing the catalogue (403)', async () => {
    const attempt = putEntity(ports, { principal: office, kind: 'offer', id: 'x', body: offerBody() });

    await expect(attempt).rejects.toBeInstanceOf(Forbidden);
  });
});

describe('deleting an entity', () => {
  it('marks an offer inactive and returns it', async () => {
    const result = await deleteEntity(ports, { principal: coordinator, kind: 'offer', id: 'elterncafe-nord' });

    expect(result).toMatchObject({ kind: 'inactive', offer: { id: 'elterncafe-nord', status: 'inactive' } });
    expect((await store.get('offer', 'elterncafe-nord'))?.status).toBe('inactive');
  });

  it('answers 404 for an unknown offer', async () => {
    await expect(deleteEntity(ports, { principal: coordinator, kind: 'offer', id: 'nope' })).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it('refuses to remove an office that still holds an open case (409)', async () => {
    cases.store(routedCase({ officeId: 'fb-nord' }));

    const attempt = deleteEntity(ports, { principal: coordinator, kind: 'office', id: 'fb-nord' });

    await expect(attempt).rejects.toBeInstanceOf(ResourceConflict);
    expect(await store.get('office', 'fb-nord')).not.toBeNull();
  });

  it('removes an office whose cases are all closed', async () => {
    cases.store(routedCase({ officeId: 'fb-nord', status: 'closed', outcome: 'connected' }));

    const result = await deleteEntity(ports, { principal: coordinator, kind: 'office', id: 'fb-nord' });

    expect(result).toEqual({ kind: 'removed' });
    expect(await store.get('office', 'fb-nord')).toBeNull();
  });

  it('removes an institution and answers 404 the second time', async () => {
    await deleteEntity(ports, { principal: coordinator, kind: 'institution', id: 'praxis-west' });

    await expect(
      deleteEntity(ports, { principal: coordinator, kind: 'institution', id: 'praxis-west' }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});
