// Use case: the catalogue as a document (the seed and import format) or its offers as HSDS 3.0 services (with
// HSDS 3.1 capacities).

import type { CatalogueStore, Clock } from '#application/ports.ts';
import type { Catalogue } from '#domain/catalogue.ts';
import { NotFound } from '#domain/errors.ts';
import { type HsdsServiceExport, hsdsServiceFromOffer } from '#domain/hsds.ts';

export interface ExportCataloguePorts {
  catalogue: Pick<CatalogueStore, 'loadStored'>;
  /** The time the HSDS export reads the capacity at (each capacity's `updated`). */
  clock: Clock;
}

export type CatalogueExport = Catalogue | { services: HsdsServiceExport[] };

/**
 * Every entity, sorted by id; HSDS: every offer (inactive ones with status `inactive`), its ids UUIDs of the
 * municipality and the offer id. Importing the answer again reports every entry `unchanged`, and exporting after that
 * answers the same document (but for the capacities' `updated`, the time of each export). A table never seeded has
 * no document to export and no municipality to derive HSDS ids from (404).
 */
export async function exportCatalogue(
  ports: ExportCataloguePorts,
  input: { format: 'document' | 'hsds' },
): Promise<CatalogueExport> {
  const stored = await ports.catalogue.loadStored();
  const { municipality, ...rest } = stored;
  if (!municipality) throw new NotFound('catalogue');
  if (input.format === 'hsds') {
    const context = { municipalityId: municipality.id, exportedAt: ports.clock.now() };
    return { services: stored.offers.map((offer) => hsdsServiceFromOffer(offer, context)) };
  }
  return { municipality, ...rest };
}
