// The catalogue's institutions and offices as the ids a registration may be bound to.
import type { CatalogueSnapshot } from '#application/ports.ts';
import type { KnownOrganizations } from '#domain/identity.ts';

export function knownOrganizations(snapshot: CatalogueSnapshot): KnownOrganizations {
  return {
    institutionIds: new Set(snapshot.catalogue.institutions.map((institution) => institution.id)),
    officeIds: new Set(snapshot.catalogue.offices.map((office) => office.id)),
  };
}
