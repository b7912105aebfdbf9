// Use cases: list, read, create or replace, and delete one offer, office or institution of the catalogue.

import { disableOrganization, type IdentityPorts } from '#application/identity/accounts.ts';
import { removedIdConflict } from '#application/identity/known-organizations.ts';
import type { CaseRepository, CatalogueEntities, CatalogueEntry, CatalogueStore, Clock } from '#application/ports.ts';
import type { InstitutionBody, OfferBody, OfficeBody } from '#domain/catalogue.ts';
import {
  checkEdit,
  checkOfficeRemoval,
  checkWebhookUrl,
  editNeedsCatalogue,
  entityWithPathId,
} from '#domain/catalogue-rules.ts';
import type { OfferStatus } from '#domain/codes.ts';
import { NotFound } from '#domain/errors.ts';
import type { WebhookRuntime } from '#domain/webhook-url.ts';

export const EDITABLE_KINDS = ['offer', 'office', 'institution'] as const;
export type EditableKind = (typeof EDITABLE_KINDS)[number];
type Entity<K extends EditableKind> = CatalogueEntities[K];

/** What a list may be narrowed to: offers by status; the other lists take no filter. */
export type EntityFilter<K extends EditableKind> = K extends 'offer'
  ? { status?: OfferStatus | undefined }
  : Record<string, never>;

/** The body of a PUT, valid by the kind's body schema (`offerBodySchema`, …): the entity, its id optional. */
export interface EntityBodies {
  offer: OfferBody;
  office: OfficeBody;
  institution: InstitutionBody;
}

export interface CatalogueEntitiesPorts {
  catalogue: Pick<CatalogueStore, 'loadStored' | 'get' | 'put' | 'markOfferInactive' | 'remove'>;
  cases: Pick<CaseRepository, 'hasOpenCases'>;
  /** Removing an institution or office disables the accounts and clients bound to it. */
  identity: Pick<IdentityPorts, 'registry' | 'provider'>;
  /** The removal time its marker keeps. */
  clock: Clock;
  /** Where the notifier sends webhooks from: the rules an office's webhook URL must keep (default: the cloud's). */
  webhookRuntime?: WebhookRuntime;
}

/** `{ items }` sorted by id; offers may be narrowed to one status. */
export async function listEntities<K extends EditableKind>(
  ports: CatalogueEntitiesPorts,
  input: { kind: K; filter: EntityFilter<K> },
): Promise<{ items: Entity<K>[] }> {
  const { status } = input.filter as { status?: OfferStatus | undefined };
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
  input: { kind: K; id: string },
): Promise<Entity<K>> {
  const entity = await ports.catalogue.get(input.kind, input.id);
  if (!entity) throw new NotFound(input.kind);
  return entity;
}

/**
 * PUT: creates (201) or replaces (200) the entity at the path id. Rules beyond the body schema (400 unless said
 * otherwise): the path id is an entity id and the body's id, if any, equals it; the districts of an offer or office
 * exist; a district served by another office answers 409; so does the id of a removed office or institution (its cases
 * and history still name it, so it is never given to another one). Routing sees the change once its catalogue cache
 * expires (at most 60 seconds).
 */
export async function putEntity<K extends EditableKind>(
  ports: CatalogueEntitiesPorts,
  input: { kind: K; id: string; body: EntityBodies[K] },
): Promise<{ created: boolean; entity: Entity<K> }> {
  const entity = entityWithPathId(input.id, input.body) as Entity<K>;
  const entry = { kind: input.kind, entity } as CatalogueEntry;
  checkWebhookUrl(entry, ports.webhookRuntime);
  if (editNeedsCatalogue(input.kind)) checkEdit(entry, await ports.catalogue.loadStored());
  const result = await ports.catalogue.put(entry);
  if (result.removed) throw removedIdConflict(result.removed);
  return { created: result.created, entity };
}

/**
 * DELETE: an offer is marked `inactive` (it stays referable from closed cases) and returned; an office is removed
 * unless it still holds open cases (409); an institution is removed. A removed office or institution leaves a marker
 * that keeps its id from being given to another one, and its principals are refused from their next request on (within
 * the few seconds a function instance remembers it: KNOWN_ORGANIZATION_TTL_MS). Unknown: 404.
 */
export async function deleteEntity<K extends EditableKind>(
  ports: CatalogueEntitiesPorts,
  input: { kind: K; id: string },
): Promise<
  { kind: 'inactive'; offer: Entity<'offer'> } | { kind: 'removed'; disabled: { accounts: number; clients: number } }
> {
  if (input.kind === 'offer') {
    const offer = await ports.catalogue.markOfferInactive(input.id);
    if (!offer) throw new NotFound('offer');
    return { kind: 'inactive', offer };
  }
  if (input.kind === 'office') {
    if (!(await ports.catalogue.get('office', input.id))) throw new NotFound('office');
    checkOfficeRemoval(await ports.cases.hasOpenCases(input.id));
  }
  const removedAt = ports.clock.now().toISOString();
  if (!(await ports.catalogue.remove(input.kind as 'office' | 'institution', input.id, removedAt))) {
    throw new NotFound(input.kind);
  }
  return { kind: 'removed', disabled: await disableOrganization(ports.identity, input.id) };
}
