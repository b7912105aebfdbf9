// Use case: the catalogue as a document (the seed and import format) or its offers as HSDS 3.0 services.

import type { CatalogueStore } from '#application/ports.ts';
import type { Catalogue } from '#domain/catalogue.ts';
import { NotFound } from '#domain/errors.ts';
import { type HsdsServiceExport, hsdsServiceFromOffer } from '#domain/hsds.ts';

export interface ExportCataloguePorts {
  catalogue: Pick<CatalogueStore, 'loadStored'>;
}

export type CatalogueExport = Catalogue | { services: HsdsServiceExport[] };

/**
 * Every entity, sorted by id; HSDS: every offer (inactive ones with status `inactive`). Importing the answer again
 * reports every entry `unchanged`. A table never seeded has no document to export (404).
 */
export async function exportCatalogue(
  ports: ExportCataloguePorts,
  input: { format: 'document' | 'hsds' },
): Promise<CatalogueExport> {
  const stored = await ports.catalogue.loadStored();
  if (input.format === 'hsds') return { services: stored.offers.map(hsdsServiceFromOffer) };
  const { municipality, ...rest } = stored;
  if (!municipality) throw new NotFound('catalogue');
  return { municipality, ...rest };
}
