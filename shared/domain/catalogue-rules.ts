// The catalogue's rules beyond the shape of one entry, with their messages: unique ids, one district per postal code,
// one office per district, known districts, the municipality of the installation, the id of an edited entity. Used by
// the catalogue document's validation, the entity PUTs, the import and the CLI.
import type {
  Catalogue,
  CatalogueEntities,
  CatalogueEntry,
  CatalogueKind,
  District,
  Office,
  StoredCatalogue,
} from './catalogue.ts';
import { ResourceConflict, ValidationFailed } from './errors.ts';
import { entityId } from './field-rules.ts';
import { isRecord } from './json-value.ts';
import { type WebhookRuntime, webhookUrlRefusal } from './webhook-url.ts';
import type { FieldError } from './zod-issues.ts';

/** The lists of a catalogue document and the kind of entry each holds. */
export const CATALOGUE_COLLECTIONS = {
  districts: 'district',
  offices: 'office',
  institutions: 'institution',
  offers: 'offer',
} as const;
export type CatalogueCollection = keyof typeof CATALOGUE_COLLECTIONS;

/** The id of an entry as written (a non-empty string), before or without its schema. */
export function entryId(entry: unknown): string | undefined {
  return isRecord(entry) && typeof entry.id === 'string' && entry.id.length > 0 ? entry.id : undefined;
}

/** A problem's message naming the entry it belongs to (`offer "elterncafe-nord": …`), by index when it has no id. */
export function labelled(kind: string, entry: unknown, index: number | string, message: string): string {
  const id = entryId(entry);
  return id === undefined ? `${kind} ${index}: ${message}` : `${kind} "${id}": ${message}`;
}

const idAlreadyUsed = (earlierPath: string) => `id is already used by ${earlierPath}`;

/**
 * Ids are unique per kind (an office and a district may share an id; they live under different keys): each item whose
 * key an earlier item has, with that earlier item. The later one is refused, since which would win is arbitrary.
 */
function repeats<T>(items: readonly T[], keyOf: (item: T) => string): { item: T; earlier: T }[] {
  const first = new Map<string, T>();
  return items.flatMap((item) => {
    const earlier = first.get(keyOf(item));
    if (earlier !== undefined) return [{ item, earlier }];
    first.set(keyOf(item), item);
    return [];
  });
}

/** One `unknown district` problem for each district id that is not in `known` (undefined ids are skipped). */
export function unknownDistricts(
  districtIds: readonly (string | undefined)[],
  known: ReadonlySet<string>,
  pathOf: (index: number) => string,
): FieldError[] {
  return districtIds.flatMap((districtId, index) =>
    districtId === undefined || known.has(districtId)
      ? []
      : [{ path: pathOf(index), message: `unknown district "${districtId}"` }],
  );
}

/** Keys that one entity of a kind claims for itself alone: a postal code decides the district, a district the office. */
interface Claim<E extends { id: string }> {
  /** The field that lists the keys (problems point into it). */
  readonly field: string;
  readonly keysOf: (entity: E) => readonly string[];
  readonly message: (key: string, owner: string) => string;
}

const POSTAL_CODES: Claim<District> = {
  field: 'postalCodes',
  keysOf: (district) => district.postalCodes,
  message: (code, owner) => `postal code ${code} already belongs to district "${owner}"`,
};

// One office per district: routing must be unambiguous.
const SERVED_DISTRICTS: Claim<Office> = {
  field: 'districts',
  keysOf: (office) => office.districts,
  message: (districtId, owner) => `district "${districtId}" is already served by office "${owner}"`,
};

/** key → owning id over `owners`, the first claim winning, skipping the entities whose id is in `except`. */
function ownersOf<E extends { id: string }>(
  claim: Claim<E>,
  owners: readonly E[],
  except: ReadonlySet<string> = new Set(),
): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const owner of owners) {
    if (except.has(owner.id)) continue;
    for (const key of claim.keysOf(owner)) if (!byKey.has(key)) byKey.set(key, owner.id);
  }
  return byKey;
}

/** The first key of `entity` owned by another entity, with its index and owner; undefined when all are free or its own. */
function firstConflict<E extends { id: string }>(
  claim: Claim<E>,
  entity: E,
  owners: ReadonlyMap<string, string>,
): { key: string; index: number; owner: string } | undefined {
  for (const [index, key] of claim.keysOf(entity).entries()) {
    const owner = owners.get(key);
    if (owner !== undefined && owner !== entity.id) return { key, index, owner };
  }
  return undefined;
}

// The catalogue document: every problem of the file at once, so an operator fixes it from one list.

/** The lists of a catalogue document. */
export type CatalogueLists = Pick<Catalogue, CatalogueCollection>;

/**
 * The referential problems of a catalogue document's entries (arrays may have holes where an entry broke its schema),
 * each at its path (`offers.3.districts.0`). `districtIds` are the districts that exist, by default those of `entries`.
 * Every conflicting key is reported, and a key stays with the first entry that claims it.
 */
export function referentialProblems(
  entries: CatalogueLists,
  districtIds: ReadonlySet<string> = new Set(entries.districts.map((district) => district.id)),
): FieldError[] {
  const problems: FieldError[] = [];
  for (const collection of Object.keys(CATALOGUE_COLLECTIONS) as CatalogueCollection[]) {
    const indexed = entries[collection].flatMap((entity, index) => [{ id: entity.id, index }]);
    for (const { item, earlier } of repeats(indexed, (entry) => entry.id)) {
      problems.push({
        path: `${collection}.${item.index}.id`,
        message: idAlreadyUsed(`${collection}.${earlier.index}`),
      });
    }
  }
  /** Each key stays with the first entity claiming it; with `known`, a key not in it is reported as unknown instead. */
  const claimAll = <E extends { id: string }>(
    collection: CatalogueCollection,
    list: readonly E[],
    claim: Claim<E>,
    known?: ReadonlySet<string>,
  ) => {
    const owners = new Map<string, string>();
    list.forEach((entity, index) => {
      claim.keysOf(entity).forEach((key, keyIndex) => {
        const path = `${collection}.${index}.${claim.field}.${keyIndex}`;
        if (known !== undefined && !known.has(key)) {
          problems.push(...unknownDistricts([key], known, () => path));
          return;
        }
        const owner = owners.get(key);
        if (owner !== undefined && owner !== entity.id) problems.push({ path, message: claim.message(key, owner) });
        else owners.set(key, entity.id);
      });
    });
  };
  claimAll('districts', entries.districts, POSTAL_CODES);
  claimAll('offices', entries.offices, SERVED_DISTRICTS, districtIds);
  entries.offers.forEach((offer, index) => {
    problems.push(...unknownDistricts(offer.districts, districtIds, (i) => `offers.${index}.districts.${i}`));
  });
  return problems;
}

// The import: each entry against the catalogue as it will be, so that one bad entry rejects only itself.

/** An entry of an import on its way through the checks; rejected as soon as it has a reason. */
export interface ImportEntry {
  readonly kind: CatalogueKind;
  /** Where the entry is in the body (`offers.3`, `services.3`, or `3` for a bare HSDS array). */
  readonly path: string;
  /** The entity, when the entry keeps its schema. */
  readonly entity: CatalogueEntities[CatalogueKind] | undefined;
  readonly reasons: FieldError[];
}

type Accepted<K extends CatalogueKind> = ImportEntry & { readonly kind: K; readonly entity: CatalogueEntities[K] };

/** The entry keeps its schema and no rule has rejected it (yet). */
export function isAccepted(entry: ImportEntry): entry is Accepted<CatalogueKind> {
  return entry.reasons.length === 0 && entry.entity !== undefined;
}

function acceptedOf<K extends CatalogueKind>(entries: readonly ImportEntry[], kind: K): Accepted<K>[] {
  return entries.filter((entry): entry is Accepted<K> => entry.kind === kind && isAccepted(entry));
}

/**
 * Exclusive claims against the catalogue as it will be: the stored entities that this import does not replace, plus
 * the entries accepted before. A rejected entry leaves its stored version in place, with that version's claims, so the
 * check repeats until no further entry is rejected.
 */
function rejectClaimConflicts<K extends 'district' | 'office'>(
  entries: readonly ImportEntry[],
  kind: K,
  stored: readonly CatalogueEntities[K][],
  claim: Claim<CatalogueEntities[K]>,
): void {
  for (let changed = true; changed; ) {
    changed = false;
    const pending = acceptedOf(entries, kind);
    const owners = ownersOf(claim, stored, new Set(pending.map((entry) => entry.entity.id)));
    for (const entry of pending) {
      const conflict = firstConflict(claim, entry.entity, owners);
      if (conflict) {
        entry.reasons.push({
          path: `${entry.path}.${claim.field}.${conflict.index}`,
          message: claim.message(conflict.key, conflict.owner),
        });
        changed = true;
      } else {
        for (const key of claim.keysOf(entry.entity)) owners.set(key, entry.entity.id);
      }
    }
  }
}

/**
 * Rejects (adds reasons to) the entries of an import that break a rule against the catalogue as it will be after the
 * import: a repeated id (the later entry), another municipality than the installation's, a postal code or district
 * claimed by another district or office, an unknown district, an office's webhook URL that `runtime` may not send to.
 */
export function checkImportEntries(
  entries: readonly ImportEntry[],
  stored: StoredCatalogue,
  runtime: WebhookRuntime = 'cloud',
): void {
  for (const entry of acceptedOf(entries, 'office')) {
    entry.reasons.push(...webhookUrlProblems(entry.entity, runtime, `${entry.path}.`));
  }
  const withEntity = entries.filter((entry) => entry.entity !== undefined);
  for (const { item, earlier } of repeats(withEntity, (entry) => `${entry.kind}:${entry.entity?.id}`)) {
    item.reasons.push({ path: `${item.path}.id`, message: idAlreadyUsed(earlier.path) });
  }

  for (const entry of acceptedOf(entries, 'municipality')) {
    if (stored.municipality && stored.municipality.id !== entry.entity.id) {
      entry.reasons.push({
        path: `${entry.path}.id`,
        message: `must be "${stored.municipality.id}": an import cannot replace the municipality of this installation`,
      });
    }
  }

  rejectClaimConflicts(entries, 'district', stored.districts, POSTAL_CODES);
  const districtIds = new Set([
    ...stored.districts.map((district) => district.id),
    ...acceptedOf(entries, 'district').map((entry) => entry.entity.id),
  ]);
  for (const entry of [...acceptedOf(entries, 'office'), ...acceptedOf(entries, 'offer')]) {
    entry.reasons.push(...unknownDistricts(entry.entity.districts, districtIds, (i) => `${entry.path}.districts.${i}`));
  }
  rejectClaimConflicts(entries, 'office', stored.offices, SERVED_DISTRICTS);
}

// The webhook URL of an office.

/**
 * The office's webhook URL against the rules of the runtime it is saved in. The office schema holds the rules of every
 * runtime (scheme, userinfo, literal addresses of ranges never sent to); the cloud adds https only and no loopback.
 */
function webhookUrlProblems(office: Office, runtime: WebhookRuntime, pathPrefix = ''): FieldError[] {
  if (office.webhookUrl === undefined) return [];
  const refusal = webhookUrlRefusal(office.webhookUrl, runtime);
  return refusal === undefined ? [] : [{ path: `${pathPrefix}webhookUrl`, message: refusal }];
}

/** A PUT of an office: 400 at `webhookUrl` when `runtime` may not send to it. */
export function checkWebhookUrl(entry: CatalogueEntry, runtime: WebhookRuntime = 'cloud'): void {
  if (entry.kind !== 'office') return;
  const problems = webhookUrlProblems(entry.entity, runtime);
  if (problems.length > 0) throw new ValidationFailed(problems);
}

// Editing one entity (PUT).

/**
 * The entity of a PUT: its body with the path's id. The path id becomes a storage key, so it must be an entity id (a
 * longer one already answered 404); the body may leave the id out, and where present it must equal the path's (400).
 */
export function entityWithPathId<B extends { id?: string | undefined }>(
  id: string,
  body: B,
): Omit<B, 'id'> & { id: string } {
  const errors: FieldError[] = [];
  if (!entityId().safeParse(id).success) {
    errors.push({
      path: 'id',
      message: 'the id in the path must be 1–64 characters: letters, digits, ".", "_" or "-"',
    });
  }
  if (body.id !== undefined && body.id !== id) {
    errors.push({ path: 'id', message: 'must equal the id in the path (or be left out)' });
  }
  if (errors.length > 0) throw new ValidationFailed(errors);
  return { ...body, id };
}

/** Whether an edit of this kind must be checked against the stored catalogue (`checkEdit`). */
export function editNeedsCatalogue(kind: CatalogueKind): kind is 'offer' | 'office' {
  return kind === 'offer' || kind === 'office';
}

/**
 * The rules an edited offer or office keeps against the stored catalogue, in this order: its districts exist (400 at
 * `districts.<i>`); an office serves no district another office serves (409).
 */
export function checkEdit(entry: CatalogueEntry, stored: Pick<StoredCatalogue, 'districts' | 'offices'>): void {
  if (entry.kind !== 'offer' && entry.kind !== 'office') return;
  const known = new Set(stored.districts.map((district) => district.id));
  const unknown = unknownDistricts(entry.entity.districts, known, (index) => `districts.${index}`);
  if (unknown.length > 0) throw new ValidationFailed(unknown);
  if (entry.kind !== 'office') return;
  const conflict = firstConflict(SERVED_DISTRICTS, entry.entity, ownersOf(SERVED_DISTRICTS, stored.offices));
  if (conflict) throw new ResourceConflict(`The ${SERVED_DISTRICTS.message(conflict.key, conflict.owner)}.`);
}

/** An office is removed only once it holds no open case, so that no family is left without an office (409). */
export function checkOfficeRemoval(holdsOpenCases: boolean): void {
  if (holdsOpenCases) {
    throw new ResourceConflict(
      'The office still holds open cases (routed, accepted, in progress or escalated); close or reassign them first.',
    );
  }
}
