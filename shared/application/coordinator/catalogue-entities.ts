// Use cases: list, read, create or replace, and delete one offer, office or institution of the catalogue.

import type { z } from 'zod';
import type { CaseRepository, CatalogueEntities, CatalogueEntry, CatalogueStore } from '#application/ports.ts';
import type { Principal } from '#domain/case.ts';
import { Forbidden, NotFound, ValidationFailed } from '#domain/errors.ts';
import { entityId } from '#domain/field-rules.ts';
import { type FieldError, toFieldErrors } from '#domain/zod-issues.ts';
import {
  emptyQuerySchema,
  institutionBodySchema,
  offerBodySchema,
  offerListQuerySchema,
  officeBodySchema,
} from '#http/api-schemas.ts';
import { ResourceConflict } from '#http/catalogue-errors.ts';
import { parseOrThrow } from '#http/request-validation.ts';
import { firstConflict, ownersOf, unknownDistricts } from './catalogue-rules.ts';

export const EDITABLE_KINDS = ['offer', 'office', 'institution'] as const;
export type EditableKind = (typeof EDITABLE_KINDS)[number];
type Entity<K extends EditableKind> = CatalogueEntities[K];

export interface CatalogueEntitiesPorts {
  catalogue: Pick<CatalogueStore, 'loadStored' | 'get' | 'put' | 'markOfferInactive' | 'remove'>;
  cases: Pick<CaseRepository, 'hasOpenCases'>;
}

const BODY_SCHEMAS: { [K in EditableKind]: z.ZodType<Omit<Entity<K>, 'id'> & { id?: string | undefined }> } = {
  offer: offerBodySchema,
  office: officeBodySchema,
  institution: institutionBodySchema,
};

/** Coordinators may do everything; offices may read offers (what they are proposed); anyone else: 403. */
function assertAllowed(principal: Principal, kind: EditableKind, access: 'read' | 'write'): void {
  if (principal.role === 'coordinator') return;
  if (principal.role === 'office' && kind === 'offer' && access === 'read') return;
  throw new Forbidden();
}

/** `{ items }` sorted by id; offers may be filtered by `status`. Unknown query parameters: 400. */
export async function listEntities<K extends EditableKind>(
  ports: CatalogueEntitiesPorts,
  input: { principal: Principal; kind: K; query: Record<string, string | undefined> },
): Promise<{ items: Entity<K>[] }> {
  assertAllowed(input.principal, input.kind, 'read');
  // Offers may be filtered by status; the other lists take no parameters (an unknown one is a 400).
  const { status } = parseOrThrow(input.kind === 'offer' ? offerListQuerySchema : emptyQuerySchema, input.query) as {
    status?: 'active' | 'inactive';
  };
  const stored = await ports.catalogue.loadStored();
  const lists: { [Kind in EditableKind]: Entity<Kind>[] } = {
    offer: stored.offers,
    office: stored.offices,
    institution: stored.institutions,
  };
  const items = lists[input.kind] as Entity<K>[];
  return { items: status === undefined ? items : items.filter((item) => 'status' in item && item.status === status) };
}

export async function getEntity<K extends EditableKind>(
  ports: CatalogueEntitiesPorts,
  input: { principal: Principal; kind: K; id: string },
): Promise<Entity<K>> {
  assertAllowed(input.principal, input.kind, 'read');
  const entity = await ports.catalogue.get(input.kind, input.id);
  if (!entity) throw new NotFound(input.kind);
  return entity;
}

/** The body with the path's id: the id may be left out of the body, and where present must equal the path's. */
function entityFromBody<K extends EditableKind>(kind: K, id: string, body: unknown): Entity<K> {
  // The path id becomes a storage key: it must be an entity id (a longer one already answered 404).
  const errors: FieldError[] = entityId().safeParse(id).success
    ? []
    : [{ path: 'id', message: 'the id in the path must be 1–64 characters: letters, digits, ".", "_" or "-"' }];
  const parsed = BODY_SCHEMAS[kind].safeParse(body);
  if (!parsed.success) {
    errors.push(...toFieldErrors(parsed.error));
  } else if (parsed.data.id !== undefined && parsed.data.id !== id) {
    errors.push({ path: 'id', message: 'must equal the id in the path (or be left out)' });
  }
  if (errors.length > 0 || !parsed.success) throw new ValidationFailed(errors);
  return { ...parsed.data, id } as Entity<K>;
}

/**
 * PUT: creates (201) or replaces (200) the entity at the path id. Rules beyond the schema (400 unless said otherwise):
 * the districts of an offer or office exist; a district served by another office answers 409. Routing sees the change
 * once its catalogue cache expires (at most 60 seconds).
 */
export async function putEntity<K extends EditableKind>(
  ports: CatalogueEntitiesPorts,
  input: { principal: Principal; kind: K; id: string; body: unknown },
): Promise<{ created: boolean; entity: Entity<K> }> {
  assertAllowed(input.principal, input.kind, 'write');
  const entity = entityFromBody(input.kind, input.id, input.body);
  if (input.kind === 'offer' || input.kind === 'office') {
    const stored = await ports.catalogue.loadStored();
    const districts = (entity as Entity<'offer' | 'office'>).districts;
    const unknown = unknownDistricts(districts, new Set(stored.districts.map((d) => d.id)), 'districts.');
    if (unknown.length > 0) throw new ValidationFailed(unknown);
    if (input.kind === 'office') {
      const owners = ownersOf(stored.offices.map((office) => ({ id: office.id, keys: office.districts })));
      const conflict = firstConflict({ id: entity.id, keys: districts }, owners);
      if (conflict) {
        throw new ResourceConflict(`The district "${conflict.key}" is already served by office "${conflict.owner}".`);
      }
    }
  }
  const { created } = await ports.catalogue.put({ kind: input.kind, entity } as CatalogueEntry);
  return { created, entity };
}

/**
 * DELETE: an offer is marked `inactive` (it stays referable from closed cases) and returned; an office is removed
 * unless it still holds open cases (409); an institution is removed. Unknown: 404.
 */
export async function deleteEntity<K extends EditableKind>(
  ports: CatalogueEntitiesPorts,
  input: { principal: Principal; kind: K; id: string },
): Promise<{ kind: 'inactive'; offer: Entity<'offer'> } | { kind: 'removed' }> {
  assertAllowed(input.principal, input.kind, 'write');
  if (input.kind === 'offer') {
    const offer = await ports.catalogue.markOfferInactive(input.id);
    if (!offer) throw new NotFound('offer');
    return { kind: 'inactive', offer };
  }
  if (input.kind === 'office') {
    if (!(await ports.catalogue.get('office', input.id))) throw new NotFound('office');
    if (await ports.cases.hasOpenCases(input.id)) {
      throw new ResourceConflict(
        'The office still holds open cases (routed, accepted, in progress or escalated); close or reassign them first.',
      );
    }
  }
  if (!(await ports.catalogue.remove(input.kind as 'office' | 'institution', input.id))) throw new NotFound(input.kind);
  return { kind: 'removed' };
}
