// Use case: the municipality's districts with their postal codes, for every role (a form can tell before submitting
// whether a postal code is served). Districts are catalogue data, not personal data.

import type { CatalogueStore } from '#application/ports.ts';
import type { District } from '#domain/catalogue.ts';

export interface ListDistrictsPorts {
  catalogue: Pick<CatalogueStore, 'districts'>;
}

/**
 * `{ items }` sorted by id, each `{ id, name, postalCodes }`, as the catalogue is stored now (an edit shows at once,
 * not after routing's cache expires); none while the catalogue was never seeded.
 */
export async function listDistricts(ports: ListDistrictsPorts): Promise<{ items: District[] }> {
  const districts = await ports.catalogue.districts();
  return { items: districts.map(({ id, name, postalCodes }) => ({ id, name, postalCodes })) };
}
