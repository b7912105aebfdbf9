// The districts for every role: id, name and postal codes, sorted by id, as the catalogue is stored now.
import { describe, expect, it } from 'vitest';
import { listDistricts } from '#application/coordinator/list-districts.ts';
import { InMemoryCatalogueStore } from './catalogue-store-fake.ts';
import { testCatalogue } from './fakes.ts';

describe('listDistricts', () => {
  it('lists every district with its postal codes, sorted by id', async () => {
    const catalogue = new InMemoryCatalogueStore(testCatalogue());

    expect(await listDistricts({ catalogue })).toEqual({
      items: [
        { id: 'nord', name: 'Nord', postalCodes: ['44135', '44137'] },
        { id: 'ost', name: 'Ost', postalCodes: ['44141'] },
        { id: 'sued', name: 'Süd', postalCodes: ['44139'] },
      ],
    });
  });

  it('shows a district edit at once', async () => {
    const catalogue = new InMemoryCatalogueStore(testCatalogue());
    await catalogue.put({ kind: 'district', entity: { id: 'hafen', name: 'Hafen', postalCodes: ['44155'] } });

    expect((await listDistricts({ catalogue })).items.map((district) => district.id)).toEqual([
      'hafen',
      'nord',
      'ost',
      'sued',
    ]);
  });

  it('lists none while the catalogue was never seeded', async () => {
    expect(await listDistricts({ catalogue: new InMemoryCatalogueStore() })).toEqual({ items: [] });
  });
});
