// Builds the lookups over a catalogue (postal code → district → office, institutions, matcher) once per load.

import type { CatalogueSnapshot } from '#application/ports.ts';
import type { Catalogue, District, Institution, Office } from '#domain/catalogue.ts';
import { createMatcher } from '#domain/matching.ts';

export function buildCatalogueSnapshot(catalogue: Catalogue): CatalogueSnapshot {
  const institutions = new Map<string, Institution>(catalogue.institutions.map((i) => [i.id, i]));
  const districtsByPostalCode = new Map<string, District>();
  for (const district of catalogue.districts) {
    for (const postalCode of district.postalCodes) districtsByPostalCode.set(postalCode, district);
  }
  // The catalogue guarantees an office per district at most; the first one wins if an import ever broke that.
  const officesByDistrict = new Map<string, Office>();
  for (const office of catalogue.offices) {
    for (const districtId of office.districts) {
      if (!officesByDistrict.has(districtId)) officesByDistrict.set(districtId, office);
    }
  }
  const matcher = createMatcher(catalogue.offers);
  return {
    catalogue,
    institution: (id) => institutions.get(id),
    districtForPostalCode: (postalCode) => districtsByPostalCode.get(postalCode),
    officeForDistrict: (districtId) => officesByDistrict.get(districtId),
    matcher,
  };
}
