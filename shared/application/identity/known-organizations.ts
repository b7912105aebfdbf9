// The catalogue's institutions and offices as the ids a registration may be bound to, the check that a principal's
// organization still exists, and the answer to an id a removed organization held.
import type { CatalogueSnapshot, OrganizationDirectory, RemovedOrganization } from '#application/ports.ts';
import type { Principal } from '#domain/case.ts';
import { Forbidden, ResourceConflict } from '#domain/errors.ts';
import type { KnownOrganizations } from '#domain/identity.ts';

export function knownOrganizations(snapshot: CatalogueSnapshot): KnownOrganizations {
  return {
    institutionIds: new Set(snapshot.catalogue.institutions.map((institution) => institution.id)),
    officeIds: new Set(snapshot.catalogue.offices.map((office) => office.id)),
  };
}

/**
 * 403 unless the principal's institution (referrer) or office (office) is in the catalogue now. A token outlives the
 * removal of its organization (up to 15 minutes), so every request of these roles asks; the directory answers from
 * one GetItem or a yes of the last few seconds (KNOWN_ORGANIZATION_TTL_MS). A coordinator is bound to nothing and
 * costs nothing.
 */
export async function assertOrganizationRegistered(
  directory: OrganizationDirectory,
  principal: Principal,
): Promise<void> {
  if (principal.role === 'coordinator') return;
  const [kind, id] =
    principal.role === 'referrer'
      ? (['institution', principal.institutionId] as const)
      : (['office', principal.officeId] as const);
  if (!(await directory.isRegistered(kind, id))) {
    throw new Forbidden(`The ${kind} of this token is not registered in the catalogue.`);
  }
}

const NEVER_REUSED = 'is never given to another one, because its cases and history still name it';

/** 409 at PUT: the id belonged to a removed office or institution. */
export function removedIdConflict(marker: RemovedOrganization): ResourceConflict {
  return new ResourceConflict(
    `The id "${marker.id}" belonged to an ${marker.kind} that was removed from the catalogue at ${marker.removedAt}. ` +
      `The id of a removed ${marker.kind} ${NEVER_REUSED}: choose a new id.`,
  );
}

/** 409 at an import (all or nothing) that names ids of removed offices or institutions. */
export function removedIdsImportConflict(markers: readonly RemovedOrganization[]): ResourceConflict {
  const named = markers.map((marker) => `${marker.kind} "${marker.id}" (removed at ${marker.removedAt})`);
  return new ResourceConflict(
    `Nothing was imported: the import names ${named.join(', ')}, removed from the catalogue. The id of a removed ` +
      `office or institution ${NEVER_REUSED}: choose new ids for ${markers.length === 1 ? 'it' : 'them'}.`,
  );
}

/** The reason a partial import rejects an entry with the id of a removed office or institution. */
export function removedIdReason(marker: RemovedOrganization): string {
  return `belonged to an ${marker.kind} removed from the catalogue at ${marker.removedAt}: the id of a removed ${marker.kind} ${NEVER_REUSED}; choose a new id`;
}
