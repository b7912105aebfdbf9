// Use case: import a catalogue document or an HSDS 3.0/3.1 service list — every entry validated against the catalogue it
// joins before anything is written, then written in BatchWriteItem chunks; all or nothing unless partial.

import { removedIdReason, removedIdsImportConflict } from '#application/identity/known-organizations.ts';
import type {
  CatalogueEntry,
  CatalogueKind,
  CatalogueStore,
  RemovedOrganization,
  StoredCatalogue,
} from '#application/ports.ts';
import { catalogueFrameSchema, ENTRY_SCHEMAS } from '#domain/catalogue.ts';
import { type CatalogueInput, catalogueInput, NEITHER_FORMAT } from '#domain/catalogue-input.ts';
import {
  CATALOGUE_COLLECTIONS,
  type CatalogueCollection,
  checkImportEntries,
  entryId,
  type ImportEntry,
  isAccepted,
} from '#domain/catalogue-rules.ts';
import { ImportRejected, ValidationFailed } from '#domain/errors.ts';
import { offerFromHsdsService, offerIdOfService } from '#domain/hsds.ts';
import { canonicalJson } from '#domain/json-value.ts';
import type { WebhookRuntime } from '#domain/webhook-url.ts';
import { type FieldError, toFieldErrors } from '#domain/zod-issues.ts';

export interface ImportCataloguePorts {
  catalogue: Pick<CatalogueStore, 'loadStored' | 'putMany' | 'removedOrganizations'>;
  /** Where the notifier sends webhooks from: the rules an office's webhook URL must keep (default: the cloud's). */
  webhookRuntime?: WebhookRuntime;
}

export interface ImportCatalogueInput {
  /** A catalogue document or an HSDS service list, as sent: the import tells them apart and checks every entry. */
  body: unknown;
  /** Apply the valid entries and report the rejected ones; otherwise all or nothing. */
  partial: boolean;
}

/** What an import did with each entry (the HTTP answer, and the `import` member of a 422). */
export interface ImportReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  rejected: { position: number; id?: string; reasons: FieldError[] }[];
}

/** An entry of the import with what its report needs. */
interface Candidate extends ImportEntry {
  /** Zero-based index in its list (municipality: 0). */
  position: number;
  /**
   * The id as reported: kind-qualified for documents (`offer:elterncafe-nord`); for HSDS the offer id the service is
   * imported as (its `lotse-id` attribute's value, else the service id).
   */
  reportId: string | undefined;
}

function prefixed(errors: FieldError[], path: string): FieldError[] {
  return errors.map((error) => ({ path: error.path === '' ? path : `${path}.${error.path}`, message: error.message }));
}

function qualified(kind: CatalogueKind, id: string | undefined): string | undefined {
  return id === undefined ? undefined : `${kind}:${id}`;
}

/** One candidate per entry of the document, each checked against its own schema. */
function documentCandidates(document: Record<string, unknown>): Candidate[] {
  const frame = catalogueFrameSchema().safeParse(document);
  if (!frame.success) throw new ValidationFailed(toFieldErrors(frame.error));
  const candidate = (kind: CatalogueKind, raw: unknown, position: number, path: string): Candidate => {
    const parsed = ENTRY_SCHEMAS[kind]().safeParse(raw);
    return {
      kind,
      position,
      path,
      reportId: qualified(kind, entryId(raw)),
      entity: parsed.success ? parsed.data : undefined,
      reasons: parsed.success ? [] : prefixed(toFieldErrors(parsed.error), path),
    };
  };
  return [
    candidate('municipality', frame.data.municipality, 0, 'municipality'),
    ...Object.entries(CATALOGUE_COLLECTIONS).flatMap(([collection, kind]) =>
      frame.data[collection as CatalogueCollection].map((raw, position) =>
        candidate(kind, raw, position, `${collection}.${position}`),
      ),
    ),
  ];
}

function hsdsCandidates(input: Extract<CatalogueInput, { format: 'hsds' }>, stored: StoredCatalogue): Candidate[] {
  const districtIds = new Set(stored.districts.map((district) => district.id));
  return input.services.map((service, position) => {
    const path = `${input.pathPrefix}${position}`;
    const result = offerFromHsdsService(service, { districtIds });
    return {
      kind: 'offer',
      position,
      path,
      reportId: offerIdOfService(service),
      entity: result.ok ? result.offer : undefined,
      reasons: result.ok ? [] : prefixed(result.reasons, path),
    };
  });
}

function storedEntity(stored: StoredCatalogue, kind: CatalogueKind, id: string): unknown {
  if (kind === 'municipality') return stored.municipality?.id === id ? stored.municipality : undefined;
  const lists = {
    district: stored.districts,
    office: stored.offices,
    institution: stored.institutions,
    offer: stored.offers,
  };
  return (lists[kind] as { id: string }[]).find((entity) => entity.id === id);
}

/**
 * Entries (with a valid schema) that name the id of a removed office or institution: without `partial` the import is
 * refused (409, nothing written); with it they are rejected with the reason. Checked before the catalogue's rules, so a
 * rejected office claims no district. (A removal that runs while the import writes is not seen: an import and a
 * DELETE of the same office at the same moment are one coordinator racing themselves.)
 */
function rejectRemovedIds(candidates: Candidate[], removed: readonly RemovedOrganization[], partial: boolean): void {
  const markers = new Map(removed.map((marker) => [`${marker.kind}:${marker.id}`, marker]));
  const reused = candidates.flatMap((candidate) => {
    const marker = candidate.entity && markers.get(`${candidate.kind}:${candidate.entity.id}`);
    return marker ? [{ candidate, marker }] : [];
  });
  if (reused.length > 0 && !partial) throw removedIdsImportConflict(reused.map(({ marker }) => marker));
  for (const { candidate, marker } of reused) {
    candidate.reasons.push({ path: `${candidate.path}.id`, message: removedIdReason(marker) });
  }
}

/**
 * The body is a catalogue document (an object with `municipality`) or an HSDS service list (an array of services, or
 * `{ "services": [...] }`); anything else is 400. Entries are added or replaced by id; entries the body does not name
 * stay as they are (remove them with DELETE). Every entry is checked first: its schema (HSDS: the mapping), then the
 * catalogue's rules against the catalogue as it will be after the import (`checkImportEntries`). Without `partial` any
 * rejected entry rejects the import (422 with the report, nothing written); otherwise the valid entries are written.
 * Entries equal to the stored ones are reported `unchanged` and not written. An office or institution with the id of a
 * removed one is refused first (`rejectRemovedIds`: 409 without `partial`).
 */
export async function importCatalogue(ports: ImportCataloguePorts, input: ImportCatalogueInput): Promise<ImportReport> {
  const body = catalogueInput(input.body);
  if (body === undefined) throw new ValidationFailed([NEITHER_FORMAT]);
  const [stored, removed] = await Promise.all([ports.catalogue.loadStored(), ports.catalogue.removedOrganizations()]);
  const candidates = body.format === 'document' ? documentCandidates(body.document) : hsdsCandidates(body, stored);
  rejectRemovedIds(candidates, removed, input.partial);
  checkImportEntries(candidates, stored, ports.webhookRuntime);

  const report: ImportReport = { created: [], updated: [], unchanged: [], rejected: [] };
  const writes: CatalogueEntry[] = [];
  for (const candidate of candidates) {
    if (!isAccepted(candidate)) {
      report.rejected.push({
        position: candidate.position,
        ...(candidate.reportId !== undefined ? { id: candidate.reportId } : {}),
        reasons: candidate.reasons,
      });
      continue;
    }
    const id = candidate.reportId ?? candidate.entity.id;
    const before = storedEntity(stored, candidate.kind, candidate.entity.id);
    if (before === undefined) report.created.push(id);
    else if (canonicalJson(before) === canonicalJson(candidate.entity)) {
      report.unchanged.push(id);
      continue;
    } else report.updated.push(id);
    writes.push({ kind: candidate.kind, entity: candidate.entity } as CatalogueEntry);
  }
  if (report.rejected.length > 0 && !input.partial) throw new ImportRejected(report.rejected.length, report);
  if (writes.length > 0) await ports.catalogue.putMany(writes);
  return report;
}
