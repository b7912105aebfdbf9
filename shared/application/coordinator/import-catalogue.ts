// Use case: import a catalogue document or an HSDS 3.0 service list — every entry validated against the catalogue it
// joins before anything is written, then written in BatchWriteItem chunks; all or nothing unless partial.

import { z } from 'zod';
import type {
  CatalogueEntities,
  CatalogueEntry,
  CatalogueKind,
  CatalogueStore,
  StoredCatalogue,
} from '#application/ports.ts';
import type { Principal } from '#domain/case.ts';
import { districtSchema, institutionSchema, municipalitySchema, offerSchema, officeSchema } from '#domain/catalogue.ts';
import { Forbidden, ValidationFailed } from '#domain/errors.ts';
import { expecting } from '#domain/field-rules.ts';
import { hsdsServiceEntries, offerFromHsdsService } from '#domain/hsds.ts';
import { type FieldError, toFieldErrors } from '#domain/zod-issues.ts';
import { type ImportReport, importQuerySchema } from '#http/api-schemas.ts';
import { ImportRejected } from '#http/catalogue-errors.ts';
import { parseOrThrow } from '#http/request-validation.ts';
import { type Claimant, firstConflict, ownersOf, unknownDistricts } from './catalogue-rules.ts';

export interface ImportCataloguePorts {
  catalogue: Pick<CatalogueStore, 'loadStored' | 'putMany'>;
}

export interface ImportCatalogueInput {
  principal: Principal;
  body: unknown;
  query: Record<string, string | undefined>;
}

/** One entry of the import on its way through the checks; rejected as soon as it has a reason. */
interface Candidate {
  kind: CatalogueKind;
  /** Zero-based index in its list (municipality: 0). */
  position: number;
  /** Where the entry is in the body (`offers.3`, `services.3`, or `3` for a bare HSDS array). */
  path: string;
  /** The id as reported: kind-qualified for documents (`offer:elterncafe-nord`), the service id for HSDS. */
  reportId: string | undefined;
  entity: CatalogueEntities[CatalogueKind] | undefined;
  reasons: FieldError[];
}

const COLLECTIONS = [
  ['districts', 'district', districtSchema],
  ['offices', 'office', officeSchema],
  ['institutions', 'institution', institutionSchema],
  ['offers', 'offer', offerSchema],
] as const;

/** The frame of a catalogue document; its entries are checked one by one so that one bad entry rejects only itself. */
const documentFrameSchema = z.strictObject(
  {
    municipality: z.unknown(),
    districts: z.array(z.unknown(), expecting('a list of districts')),
    offices: z.array(z.unknown(), expecting('a list of family offices')),
    institutions: z.array(z.unknown(), expecting('a list of institutions')),
    offers: z.array(z.unknown(), expecting('a list of offers')),
  },
  expecting('a JSON object with municipality, districts, offices, institutions and offers'),
);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const idOf = (value: unknown): string | undefined =>
  isRecord(value) && typeof value.id === 'string' && value.id.length > 0 ? value.id : undefined;

function prefixed(errors: FieldError[], path: string): FieldError[] {
  return errors.map((error) => ({ path: error.path === '' ? path : `${path}.${error.path}`, message: error.message }));
}

function documentCandidates(body: Record<string, unknown>): Candidate[] {
  const frame = parseOrThrow(documentFrameSchema, body);
  const municipality = municipalitySchema.safeParse(frame.municipality);
  const candidates: Candidate[] = [
    {
      kind: 'municipality',
      position: 0,
      path: 'municipality',
      reportId: qualified('municipality', idOf(frame.municipality)),
      entity: municipality.success ? municipality.data : undefined,
      reasons: municipality.success ? [] : prefixed(toFieldErrors(municipality.error), 'municipality'),
    },
  ];
  for (const [collection, kind, schema] of COLLECTIONS) {
    frame[collection].forEach((raw, position) => {
      const path = `${collection}.${position}`;
      const parsed = schema.safeParse(raw);
      candidates.push({
        kind,
        position,
        path,
        reportId: qualified(kind, idOf(raw)),
        entity: parsed.success ? parsed.data : undefined,
        reasons: parsed.success ? [] : prefixed(toFieldErrors(parsed.error), path),
      });
    });
  }
  return candidates;
}

function qualified(kind: CatalogueKind, id: string | undefined): string | undefined {
  return id === undefined ? undefined : `${kind}:${id}`;
}

function hsdsCandidates(body: unknown, services: unknown[], stored: StoredCatalogue): Candidate[] {
  const districtIds = new Set(stored.districts.map((district) => district.id));
  return services.map((service, position) => {
    const path = Array.isArray(body) ? String(position) : `services.${position}`;
    const result = offerFromHsdsService(service, { districtIds });
    return {
      kind: 'offer',
      position,
      path,
      reportId: idOf(service),
      entity: result.ok ? result.offer : undefined,
      reasons: result.ok ? [] : prefixed(result.reasons, path),
    };
  });
}

const valid = (candidate: Candidate) => candidate.reasons.length === 0 && candidate.entity !== undefined;

/** A later entry with the id of an earlier one of the same kind is rejected (which one wins would be arbitrary). */
function rejectDuplicates(candidates: Candidate[]): void {
  const first = new Map<string, Candidate>();
  for (const candidate of candidates) {
    if (!candidate.entity) continue;
    const key = `${candidate.kind}:${candidate.entity.id}`;
    const earlier = first.get(key);
    if (earlier)
      candidate.reasons.push({ path: `${candidate.path}.id`, message: `id is already used by ${earlier.path}` });
    else first.set(key, candidate);
  }
}

/**
 * Exclusive claims (a postal code by one district, a district by one office) against the catalogue as it will be:
 * stored entities not replaced by this import plus the entries accepted before. A rejected entry leaves its stored
 * version in place, with that version's claims, so the check repeats until no further entry is rejected.
 */
function rejectClaimConflicts(
  candidates: Candidate[],
  stored: readonly Claimant[],
  keysOf: (candidate: Candidate) => readonly string[],
  keyPath: string,
  message: (key: string, owner: string) => string,
): void {
  for (let changed = true; changed; ) {
    changed = false;
    const pending = candidates.filter(valid);
    const owners = ownersOf(stored, new Set(pending.map((candidate) => candidate.entity?.id ?? '')));
    for (const candidate of pending) {
      const id = candidate.entity?.id ?? '';
      const keys = keysOf(candidate);
      const conflict = firstConflict({ id, keys }, owners);
      if (conflict) {
        candidate.reasons.push({
          path: `${candidate.path}.${keyPath}.${conflict.index}`,
          message: message(conflict.key, conflict.owner),
        });
        changed = true;
      } else {
        for (const key of keys) owners.set(key, id);
      }
    }
  }
}

function checkReferences(candidates: Candidate[], stored: StoredCatalogue): void {
  rejectDuplicates(candidates);
  const ofKind = <K extends CatalogueKind>(kind: K) => candidates.filter((candidate) => candidate.kind === kind);
  const entity = <K extends CatalogueKind>(candidate: Candidate) => candidate.entity as CatalogueEntities[K];

  for (const candidate of ofKind('municipality').filter(valid)) {
    const id = entity<'municipality'>(candidate).id;
    if (stored.municipality && stored.municipality.id !== id) {
      candidate.reasons.push({
        path: `${candidate.path}.id`,
        message: `must be "${stored.municipality.id}": an import cannot replace the municipality of this installation`,
      });
    }
  }

  const districts = ofKind('district');
  rejectClaimConflicts(
    districts,
    stored.districts.map((district) => ({ id: district.id, keys: district.postalCodes })),
    (candidate) => entity<'district'>(candidate).postalCodes,
    'postalCodes',
    (code, owner) => `postal code ${code} already belongs to district "${owner}"`,
  );
  const districtIds = new Set([
    ...stored.districts.map((district) => district.id),
    ...districts.filter(valid).map((candidate) => entity<'district'>(candidate).id),
  ]);

  for (const candidate of [...ofKind('office'), ...ofKind('offer')].filter(valid)) {
    const { districts: served } = entity<'office' | 'offer'>(candidate);
    candidate.reasons.push(...unknownDistricts(served, districtIds, `${candidate.path}.districts.`));
  }
  rejectClaimConflicts(
    ofKind('office'),
    stored.offices.map((office) => ({ id: office.id, keys: office.districts })),
    (candidate) => entity<'office'>(candidate).districts,
    'districts',
    (districtId, owner) => `district "${districtId}" is already served by office "${owner}"`,
  );
}

/** JSON with object keys sorted: two entities are the same when their canonical forms are. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
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
 * Coordinator only. The body is a catalogue document (an object with `municipality`) or an HSDS service list (an
 * array of services, or `{ "services": [...] }`); anything else is 400. Entries are added or replaced by id; entries
 * the body does not name stay as they are (remove them with DELETE). Every entry is checked first: its schema (HSDS:
 * the mapping), duplicate ids, the municipality of this installation, postal codes and districts claimed by one
 * district and one office only, known districts, all against the catalogue as it will be after the import. Without
 * `partial=true` any rejected entry rejects the import (422 with the report, nothing written); otherwise the valid
 * entries are written. Entries equal to the stored ones are reported `unchanged` and not written.
 */
export async function importCatalogue(ports: ImportCataloguePorts, input: ImportCatalogueInput): Promise<ImportReport> {
  if (input.principal.role !== 'coordinator') throw new Forbidden();
  const partial = parseOrThrow(importQuerySchema, input.query).partial === 'true';
  const { body } = input;
  const isDocument = isRecord(body) && 'municipality' in body;
  const services = isDocument ? undefined : hsdsServiceEntries(body);
  if (!isDocument && services === undefined) {
    throw new ValidationFailed([
      {
        path: '',
        message:
          'must be a catalogue document (an object with municipality, districts, offices, institutions and offers) or an HSDS service list (an array of services, or an object with a services array)',
      },
    ]);
  }
  const stored = await ports.catalogue.loadStored();
  const candidates =
    services === undefined
      ? documentCandidates(body as Record<string, unknown>)
      : hsdsCandidates(body, services, stored);
  checkReferences(candidates, stored);

  const report: ImportReport = { created: [], updated: [], unchanged: [], rejected: [] };
  const writes: CatalogueEntry[] = [];
  for (const candidate of candidates) {
    if (!valid(candidate) || !candidate.entity) {
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
    else if (canonical(before) === canonical(candidate.entity)) {
      report.unchanged.push(id);
      continue;
    } else report.updated.push(id);
    writes.push({ kind: candidate.kind, entity: candidate.entity } as CatalogueEntry);
  }
  if (report.rejected.length > 0 && !partial) throw new ImportRejected(report.rejected.length, report);
  if (writes.length > 0) await ports.catalogue.putMany(writes);
  return report;
}
