// What every CatalogueStore does, written once: run against the in-memory fake (unit tier) and the DynamoDB catalogue
// repository on DynamoDB Local (component tier). Ids are unique per test, so the store may be shared between tests.
import { describe, expect, it } from 'vitest';
import type { CatalogueEntry, CatalogueStore } from '#application/ports.ts';
import type { Offer } from '#domain/catalogue.ts';
import { testCatalogue } from '../unit/functions/fakes.ts';

let tests = 0;

const REMOVED_AT = '2026-11-20T10:00:00.000Z';

/** Ids of one test's own: `<name>-<test>`, sorted within the test as the names are. */
function idsOfTest() {
  tests += 1;
  const test = tests;
  return (name: string) => `${name}-${test}`;
}

function offer(id: string, overrides: Partial<Offer> = {}): Offer {
  return { ...(testCatalogue().offers[0] as Offer), id, ...overrides };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function catalogueStoreContract(subject: string, setup: () => Promise<CatalogueStore>): void {
  describe(`${subject}: single entities`, () => {
    it('creates an entity, then replaces it, and reads back the latest', async () => {
      const store = await setup();
      const id = idsOfTest()('offer');

      const first = await store.put({ kind: 'offer', entity: offer(id) });
      const second = await store.put({ kind: 'offer', entity: offer(id, { name: 'Neu' }) });

      expect([first.created, second.created]).toEqual([true, false]);
      expect(await store.get('offer', id)).toEqual(offer(id, { name: 'Neu' }));
    });

    it('keeps entities of different kinds with the same id apart', async () => {
      const store = await setup();
      const id = idsOfTest()('same');
      const institution = { id, name: 'Kita X', type: 'kita' as const };
      const office = { id, name: 'Familienbüro X', districts: ['nord'], email: 'x@teststadt.example' };

      await store.put({ kind: 'institution', entity: institution });
      await store.put({ kind: 'office', entity: office });

      expect(await store.get('institution', id)).toEqual(institution);
      expect(await store.get('office', id)).toEqual(office);
      expect(await store.get('offer', id)).toBeNull();
    });

    it('marks an offer inactive and answers it as it is now; null for no such offer', async () => {
      const store = await setup();
      const ids = idsOfTest();
      const id = ids('offer');
      await store.put({ kind: 'offer', entity: offer(id) });
      await store.put({ kind: 'offer', entity: offer(id, { name: 'Neu' }) });

      const inactive = await store.markOfferInactive(id);

      expect(inactive).toEqual(offer(id, { name: 'Neu', status: 'inactive' }));
      expect(await store.get('offer', id)).toEqual(offer(id, { name: 'Neu', status: 'inactive' }));
      expect(await store.markOfferInactive(ids('missing'))).toBeNull();
      expect(await store.get('offer', ids('missing'))).toBeNull();
    });

    it('removes an office or institution, and says whether there was one', async () => {
      const store = await setup();
      const id = idsOfTest()('kita');
      await store.put({ kind: 'institution', entity: { id, name: 'Kita X', type: 'kita' } });

      expect(await store.remove('institution', id, REMOVED_AT)).toBe(true);
      expect(await store.get('institution', id)).toBeNull();
      expect(await store.remove('institution', id, REMOVED_AT)).toBe(false);
      expect(await store.remove('office', id, REMOVED_AT)).toBe(false);
    });
  });

  describe(`${subject}: the ids of removed offices and institutions`, () => {
    const office = (id: string) => ({ id, name: 'Familienbüro X', districts: ['nord'], email: 'x@teststadt.example' });
    const mine = (ids: (name: string) => string) => (marker: { id: string }) => marker.id.endsWith(ids(''));

    it('leaves a marker of the id, kind and removal time only, which no catalogue read lists', async () => {
      const store = await setup();
      const ids = idsOfTest();
      await store.put({ kind: 'office', entity: office(ids('fb')) });
      await store.put({ kind: 'institution', entity: { id: ids('kita'), name: 'Kita X', type: 'kita' } });

      await store.remove('office', ids('fb'), REMOVED_AT);
      await store.remove('institution', ids('kita'), '2026-11-21T08:00:00.000Z');

      expect((await store.removedOrganizations()).filter(mine(ids))).toEqual([
        { kind: 'institution', id: ids('kita'), removedAt: '2026-11-21T08:00:00.000Z' },
        { kind: 'office', id: ids('fb'), removedAt: REMOVED_AT },
      ]);
      const stored = await store.loadStored();
      const listed = [stored.districts, stored.offices, stored.institutions, stored.offers].flat();
      expect(listed.filter(mine(ids))).toEqual([]);
      expect(await store.districts()).toEqual(stored.districts);
    });

    it('leaves no marker when there was nothing to remove, nor for another kind', async () => {
      const store = await setup();
      const ids = idsOfTest();
      await store.put({ kind: 'institution', entity: { id: ids('kita'), name: 'Kita X', type: 'kita' } });

      await store.remove('office', ids('kita'), REMOVED_AT);

      expect((await store.removedOrganizations()).filter(mine(ids))).toEqual([]);
      expect(await store.put({ kind: 'office', entity: office(ids('kita')) })).toEqual({ created: true });
    });

    it('refuses to put an office or institution again under a removed id, answering the marker', async () => {
      const store = await setup();
      const ids = idsOfTest();
      await store.put({ kind: 'office', entity: office(ids('fb')) });
      await store.put({ kind: 'institution', entity: { id: ids('kita'), name: 'Kita X', type: 'kita' } });
      await store.remove('office', ids('fb'), REMOVED_AT);
      await store.remove('institution', ids('kita'), REMOVED_AT);

      const officeAgain = await store.put({ kind: 'office', entity: office(ids('fb')) });
      const institutionAgain = await store.put({
        kind: 'institution',
        entity: { id: ids('kita'), name: 'Kita Neu', type: 'kita' },
      });

      expect(officeAgain).toEqual({ removed: { kind: 'office', id: ids('fb'), removedAt: REMOVED_AT } });
      expect(institutionAgain).toEqual({ removed: { kind: 'institution', id: ids('kita'), removedAt: REMOVED_AT } });
      expect(await store.get('office', ids('fb'))).toBeNull();
      expect(await store.get('institution', ids('kita'))).toBeNull();
    });

    it('keeps the id for its kind only: another kind, and offers, may use it', async () => {
      const store = await setup();
      const ids = idsOfTest();
      await store.put({ kind: 'institution', entity: { id: ids('x'), name: 'Kita X', type: 'kita' } });
      await store.remove('institution', ids('x'), REMOVED_AT);

      const asOffice = await store.put({ kind: 'office', entity: office(ids('x')) });
      const asOffer = await store.put({ kind: 'offer', entity: offer(ids('x')) });

      expect([asOffice, asOffer]).toEqual([{ created: true }, { created: true }]);
      expect(await store.get('office', ids('x'))).toEqual(office(ids('x')));
    });
  });

  describe(`${subject}: the whole catalogue`, () => {
    it('loads every entity, each list sorted by id, with the one municipality', async () => {
      const store = await setup();
      const ids = idsOfTest();
      const municipality = { ...testCatalogue().municipality, name: ids('Teststadt') };
      await store.put({ kind: 'offer', entity: offer(ids('b')) });
      await store.put({ kind: 'offer', entity: offer(ids('a')) });
      await store.put({ kind: 'district', entity: { id: ids('west'), name: 'West', postalCodes: ['44143'] } });
      await store.put({ kind: 'municipality', entity: municipality });

      const stored = await store.loadStored();

      expect(stored.municipality).toEqual(municipality);
      expect(await store.get('municipality', municipality.id)).toEqual(municipality);
      expect(stored.offers.filter((found) => found.id.endsWith(ids('')))).toEqual([offer(ids('a')), offer(ids('b'))]);
      expect(stored.districts.map((district) => district.id)).toContain(ids('west'));
      for (const list of [stored.districts, stored.offices, stored.institutions, stored.offers]) {
        expect(list).toEqual([...list].sort(byId));
      }
    });

    it('reads the districts alone, sorted by id, as they are stored now', async () => {
      const store = await setup();
      const ids = idsOfTest();
      await store.put({ kind: 'district', entity: { id: ids('zentrum'), name: 'Zentrum', postalCodes: ['44135'] } });
      await store.put({ kind: 'district', entity: { id: ids('altstadt'), name: 'Altstadt', postalCodes: ['44137'] } });
      await store.put({ kind: 'offer', entity: offer(ids('altstadt')) });
      await store.put({ kind: 'district', entity: { id: ids('zentrum'), name: 'Mitte', postalCodes: ['44139'] } });

      const districts = await store.districts();

      expect(districts.filter((district) => district.id.endsWith(ids('')))).toEqual([
        { id: ids('altstadt'), name: 'Altstadt', postalCodes: ['44137'] },
        { id: ids('zentrum'), name: 'Mitte', postalCodes: ['44139'] },
      ]);
      expect(districts).toEqual([...districts].sort(byId));
      expect(districts).toEqual((await store.loadStored()).districts);
    });

    it('writes many entities in chunks of 25, telling the progress after each', async () => {
      const store = await setup();
      const ids = idsOfTest();
      const entries: CatalogueEntry[] = Array.from({ length: 60 }, (_, index) => ({
        kind: 'offer',
        entity: offer(ids(`bulk-${String(index).padStart(2, '0')}`)),
      }));
      const progress: number[] = [];

      await store.putMany(entries, (written) => progress.push(written));

      expect(progress).toHaveLength(3);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress.at(-1)).toBe(60);
      const stored = (await store.loadStored()).offers.filter((found) => found.id.startsWith('bulk-'));
      expect(stored.filter((found) => found.id.endsWith(ids('')))).toHaveLength(60);
    });

    it('writes nothing and tells no progress for no entities', async () => {
      const store = await setup();
      const progress: number[] = [];

      await store.putMany([], (written) => progress.push(written));

      expect(progress).toEqual([]);
    });
  });
}
