import { beforeEach, describe, expect, it } from 'vitest';
import {
  type CatalogueEntitiesPorts,
  deleteEntity,
  type EditableKind,
  getEntity,
  listEntities,
  putEntity,
} from '#application/coordinator/catalogue-entities.ts';
import { institutionBodySchema, type Offer, offerBodySchema, officeBodySchema } from '#domain/catalogue.ts';
import { NotFound, ResourceConflict, ValidationFailed } from '#domain/errors.ts';
import { offerListQuerySchema } from '#http/api-schemas.ts';
import { parseOrThrow } from '#http/request-validation.ts';
import { routedCase } from './case-fixtures.ts';
import { InMemoryCatalogueStore } from './catalogue-store-fake.ts';
import { fixedClock, InMemoryCases, testCatalogue } from './fakes.ts';
import { InMemoryIdentityProvider, InMemoryIdentityRegistry } from './identity-fakes.ts';

let store: InMemoryCatalogueStore;
let cases: InMemoryCases;
let registry: InMemoryIdentityRegistry;
let provider: InMemoryIdentityProvider;
let ports: CatalogueEntitiesPorts;

beforeEach(() => {
  store = new InMemoryCatalogueStore(testCatalogue());
  cases = new InMemoryCases();
  registry = new InMemoryIdentityRegistry();
  provider = new InMemoryIdentityProvider();
  ports = { catalogue: store, cases, identity: { registry, provider }, clock: fixedClock() };
});

const BODY_SCHEMAS = { offer: offerBodySchema(), office: officeBodySchema(), institution: institutionBodySchema() };

/** A PUT as the route serves it: the body parsed by the kind's body schema (400), then the use case. */
async function put(input: { kind: EditableKind; id: string; body: unknown }) {
  const body = parseOrThrow(BODY_SCHEMAS[input.kind], input.body);
  return putEntity(ports, { ...input, body });
}

/** An offer list as the route serves it: the query parsed by its schema (400), then the use case. */
async function listOffers(query: Record<string, string>) {
  return listEntities(ports, { kind: 'offer', filter: parseOrThrow(offerListQuerySchema(), query) });
}

function offerBody(overrides: Partial<Offer> = {}): Record<string, unknown> {
  const { id: _id, ...offer } = { ...(testCatalogue().offers[0] as Offer), ...overrides };
  return offer;
}

describe('reading the catalogue', () => {
  it('lists offers sorted by id, filtered by status', async () => {
    await put({
      kind: 'offer',
      id: 'a-offer',
      body: offerBody({ status: 'inactive' }),
    });

    const all = await listOffers({});
    const inactive = await listOffers({ status: 'inactive' });

    expect(all.items.map((offer) => offer.id)).toEqual(['a-offer', 'elterncafe-nord']);
    expect(inactive.items.map((offer) => offer.id)).toEqual(['a-offer']);
  });

  it('refuses an unknown status filter with 400 naming it', async () => {
    const attempt = listOffers({ status: 'open' });

    await expect(attempt).rejects.toMatchObject({ errors: [expect.objectContaining({ path: 'status' })] });
  });

  it('reads one offer', async () => {
    const found = await getEntity(ports, { kind: 'offer', id: 'elterncafe-nord' });

    expect(found.name).toBe('Elterncafé Nord');
  });

  it('answers 404 for an unknown offer', async () => {
    await expect(getEntity(ports, { kind: 'offer', id: 'nope' })).rejects.toBeInstanceOf(NotFound);
  });
});

describe('putting an entity', () => {
  it('creates an offer whose body leaves out the id', async () => {
    const result = await put({
      kind: 'offer',
      id: 'new-offer',
      body: offerBody(),
    });

    expect(result.created).toBe(true);
    expect(await store.get('offer', 'new-offer')).toMatchObject({ id: 'new-offer', name: 'Elterncafé Nord' });
  });

  it('replaces an existing offer', async () => {
    const result = await put({
      kind: 'offer',
      id: 'elterncafe-nord',
      body: { ...offerBody({ name: 'Elterncafé Nord (neu)' }), id: 'elterncafe-nord' },
    });

    expect(result.created).toBe(false);
    expect((await store.get('offer', 'elterncafe-nord'))?.name).toBe('Elterncafé Nord (neu)');
  });

  it('refuses a body id that differs from the path id', async () => {
    const attempt = put({
      kind: 'offer',
      id: 'elterncafe-nord',
      body: { ...offerBody(), id: 'other' },
    });

    await expect(attempt).rejects.toMatchObject({ errors: [{ path: 'id', message: expect.any(String) }] });
  });

  it('refuses an offer in an unknown district at its path', async () => {
    const attempt = put({
      kind: 'offer',
      id: 'x',
      body: offerBody({ districts: ['nord', 'mars'] }),
    });

    await expect(attempt).rejects.toMatchObject({
      errors: [{ path: 'districts.1', message: 'unknown district "mars"' }],
    });
  });

  it('refuses an unknown need code', async () => {
    const attempt = put({
      kind: 'offer',
      id: 'x',
      body: { ...offerBody(), needs: ['astrology'] },
    });

    await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
    expect(await store.get('offer', 'x')).toBeNull();
  });

  it('refuses an office for a district another office serves (409)', async () => {
    const attempt = put({
      kind: 'office',
      id: 'fb-neu',
      body: { name: 'Neu', districts: ['ost', 'nord'], email: 'neu@teststadt.example' },
    });

    await expect(attempt).rejects.toBeInstanceOf(ResourceConflict);
    expect(await store.get('office', 'fb-neu')).toBeNull();
  });

  it('lets an office keep and extend its own districts', async () => {
    const result = await put({
      kind: 'office',
      id: 'fb-nord',
      body: { name: 'Familienbüro Nord', districts: ['nord', 'ost'], email: 'fb-nord@teststadt.example' },
    });

    expect(result.created).toBe(false);
    expect((await store.get('office', 'fb-nord'))?.districts).toEqual(['nord', 'ost']);
  });
});

describe('deleting an entity', () => {
  it('marks an offer inactive and returns it', async () => {
    const result = await deleteEntity(ports, { kind: 'offer', id: 'elterncafe-nord' });

    expect(result).toMatchObject({ kind: 'inactive', offer: { id: 'elterncafe-nord', status: 'inactive' } });
    expect((await store.get('offer', 'elterncafe-nord'))?.status).toBe('inactive');
  });

  it('answers 404 for an unknown offer', async () => {
    await expect(deleteEntity(ports, { kind: 'offer', id: 'nope' })).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses to remove an office that still holds an open case (409)', async () => {
    cases.store(routedCase({ officeId: 'fb-nord' }));

    const attempt = deleteEntity(ports, { kind: 'office', id: 'fb-nord' });

    await expect(attempt).rejects.toBeInstanceOf(ResourceConflict);
    expect(await store.get('office', 'fb-nord')).not.toBeNull();
  });

  it('removes an office whose cases are all closed', async () => {
    cases.store(routedCase({ officeId: 'fb-nord', status: 'closed', outcome: 'connected' }));

    const result = await deleteEntity(ports, { kind: 'office', id: 'fb-nord' });

    expect(result).toEqual({ kind: 'removed', disabled: { accounts: 0, clients: 0 } });
    expect(await store.get('office', 'fb-nord')).toBeNull();
  });

  it("disables the removed institution's accounts (at the token service too) and clients, and no one else's", async () => {
    const base = { name: 'N', role: 'referrer' as const, createdAt: '2026-12-07T10:00:00.000Z' };
    for (const [accountId, organizationId] of [
      ['a-west', 'praxis-west'],
      ['a-mitte', 'klinik-mitte'],
    ] as const) {
      const account = {
        ...base,
        accountId,
        email: `${accountId}@x.example`,
        organizationId,
        status: 'active' as const,
      };
      await registry.addAccount(account);
      await provider.inviteUser(account);
    }
    await registry.addClient({ ...base, clientId: 'c-west', organizationId: 'praxis-west', status: 'active' });
    await registry.addClient({ ...base, clientId: 'c-mitte', organizationId: 'klinik-mitte', status: 'active' });

    const result = await deleteEntity(ports, { kind: 'institution', id: 'praxis-west' });

    expect(result).toEqual({ kind: 'removed', disabled: { accounts: 1, clients: 1 } });
    expect((await registry.accounts()).map((account) => [account.accountId, account.status])).toEqual([
      ['a-mitte', 'active'],
      ['a-west', 'disabled'],
    ]);
    expect([...provider.users].map(([id, user]) => [id, user.enabled])).toEqual([
      ['a-west', false],
      ['a-mitte', true],
    ]);
    expect((await registry.clients()).map((client) => [client.clientId, client.status])).toEqual([
      ['c-mitte', 'active'],
      ['c-west', 'disabled'],
    ]);
  });

  it('removes an institution and answers 404 the second time', async () => {
    await deleteEntity(ports, { kind: 'institution', id: 'praxis-west' });

    await expect(deleteEntity(ports, { kind: 'institution', id: 'praxis-west' })).rejects.toBeInstanceOf(NotFound);
  });
});
