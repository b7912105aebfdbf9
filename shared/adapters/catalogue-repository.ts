// The catalogue in the table: one item per entity under pk CATALOGUE, read with one Query and cached ≤ 60 s; edited
// per entity (coordinator) or in BatchWriteItem chunks of 25 (seed, import). A removed office or institution leaves a
// marker item beside the entities (REMOVED#<KIND>#<id>), which no catalogue read lists and which keeps its id unused.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type {
  CatalogueEntities,
  CatalogueEntry,
  CatalogueKind,
  CataloguePut,
  CatalogueSnapshot,
  CatalogueSource,
  CatalogueStore,
  OrganizationDirectory,
  OrganizationKind,
  RemovedOrganization,
  StoredCatalogue,
} from '#application/ports.ts';
import {
  type Catalogue,
  catalogueSchema,
  type District,
  districtSchema,
  institutionSchema,
  municipalitySchema,
  offerSchema,
  officeSchema,
} from '#domain/catalogue.ts';
import { lazily } from '#domain/lazily.ts';
import { cancellationCodes, translateAwsError } from './aws-errors.ts';
import { buildCatalogueSnapshot } from './catalogue-snapshot.ts';
import {
  CATALOGUE_PARTITION,
  type CatalogueEntityKind,
  catalogueEntityKey,
  catalogueKindOf,
  catalogueKindPrefix,
  catalogueMunicipalityKey,
  catalogueRemovedKey,
  catalogueRemovedPrefix,
  type ItemKey,
} from './keys.ts';
import { queryAll } from './query-pages.ts';

export interface CatalogueRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** How long a loaded catalogue is served from memory; edits become visible within this time. */
  maxAgeMs?: number;
  nowMs?: () => number;
}

export interface CatalogueRepository extends CatalogueSource, CatalogueStore, OrganizationDirectory {
  load(): Promise<Catalogue>;
  writeCatalogue(catalogue: Catalogue): Promise<void>;
}

/** Raised when the table holds no catalogue: a deployment that was never seeded cannot take referrals. */
export class CatalogueMissing extends Error {
  constructor() {
    super('The table holds no catalogue (no municipality item)');
    this.name = 'CatalogueMissing';
  }
}

/** Upper bound of the cache age: the promise that a catalogue change reaches routing within 60 seconds. */
export const MAX_CACHE_AGE_MS = 60_000;
/**
 * How long a function instance remembers that an institution or office IS in the catalogue (a no is never remembered:
 * it is read again on every request). So a removed organization's still-valid token acts at most this long after the
 * removal, and a request costs at most one GetItem of the organization's item.
 */
export const KNOWN_ORGANIZATION_TTL_MS = 5_000;
/**
 * From this age on a remembered yes is still answered at once, but the organization's item is read again beside the
 * request (once at a time per organization), so a steady caller never waits for the GetItem and a removal is seen
 * sooner. A yes counts from when its GetItem was sent, and none is used past KNOWN_ORGANIZATION_TTL_MS.
 */
export const KNOWN_ORGANIZATION_REFRESH_MS = KNOWN_ORGANIZATION_TTL_MS / 2;
/** BatchWriteItem takes at most 25 requests. */
export const BATCH_SIZE = 25;
const MAX_BATCH_ATTEMPTS = 8;
/** Chunks written at the same time: 2,000 offers are 80 chunks, so an import stays well inside its timeout. */
const BATCH_CONCURRENCY = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Item = Record<string, unknown>;

const ENTITY_SCHEMAS: { [K in CatalogueKind]: () => z.ZodType<CatalogueEntities[K]> } = {
  municipality: municipalitySchema,
  district: districtSchema,
  office: officeSchema,
  institution: institutionSchema,
  offer: offerSchema,
};

const TABLE_KINDS: Record<Exclude<CatalogueKind, 'municipality'>, CatalogueEntityKind> = {
  district: 'DISTRICT',
  office: 'OFFICE',
  institution: 'INSTITUTION',
  offer: 'OFFER',
};

function keyOf(kind: CatalogueKind, id: string): ItemKey {
  return kind === 'municipality' ? catalogueMunicipalityKey() : catalogueEntityKey(TABLE_KINDS[kind], id);
}

function itemOf(entry: CatalogueEntry): Item {
  return { ...keyOf(entry.kind, entry.entity.id), data: entry.entity };
}

function removedKeyOf(kind: OrganizationKind, id: string): ItemKey {
  return catalogueRemovedKey(TABLE_KINDS[kind] as 'OFFICE' | 'INSTITUTION', id);
}

const removedOrganizationSchema = lazily(() =>
  z.object({
    kind: z.enum(['office', 'institution']),
    id: z.string(),
    removedAt: z.string(),
  }),
);

/** The marker holds the id, kind and removal time only: nothing else of the organization stays. */
function markerItemOf(marker: RemovedOrganization): Item {
  return { ...removedKeyOf(marker.kind, marker.id), kind: marker.kind, id: marker.id, removedAt: marker.removedAt };
}

function markerOf(item: Item): RemovedOrganization {
  const { kind, id, removedAt } = removedOrganizationSchema().parse(item);
  return { kind, id, removedAt };
}

const isOrganization = (kind: CatalogueKind): kind is OrganizationKind => kind === 'office' || kind === 'institution';

// Parsed again on the way in: the table is shared with several editors, so never trust a stored shape.
function parseEntity<K extends CatalogueKind>(kind: K, data: unknown): CatalogueEntities[K] {
  return ENTITY_SCHEMAS[kind]().parse(data);
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createCatalogueRepository(options: CatalogueRepositoryOptions): CatalogueRepository {
  const { client, tableName } = options;
  const maxAgeMs = Math.min(options.maxAgeMs ?? MAX_CACHE_AGE_MS, MAX_CACHE_AGE_MS);
  const nowMs = options.nowMs ?? Date.now;
  // The promise is cached, not the value, so concurrent cold requests share one load.
  let cached: { loadedAt: number; snapshot: Promise<CatalogueSnapshot> } | undefined;
  // `<kind>:<id>` of organizations found in the catalogue → when (KNOWN_ORGANIZATION_TTL_MS). Only ids that exist
  // enter, so the map is no larger than the catalogue's offices and institutions.
  const known = new Map<string, number>();
  // Background reads of a remembered organization in flight, by `<kind>:<id>`.
  const refreshing = new Set<string>();

  async function readItems(consistent: boolean): Promise<Item[]> {
    return queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CATALOGUE_PARTITION },
        ...(consistent ? { ConsistentRead: true } : {}),
      },
      { operation: 'Query catalogue' },
    );
  }

  function collect(items: Item[]) {
    const document: {
      municipality?: unknown;
      districts: unknown[];
      offices: unknown[];
      institutions: unknown[];
      offers: unknown[];
    } = { districts: [], offices: [], institutions: [], offers: [] };
    for (const item of items) {
      const kind = catalogueKindOf(String(item.sk));
      if (kind === 'MUNICIPALITY') document.municipality = item.data;
      else if (kind === 'DISTRICT') document.districts.push(item.data);
      else if (kind === 'OFFICE') document.offices.push(item.data);
      else if (kind === 'INSTITUTION') document.institutions.push(item.data);
      else if (kind === 'OFFER') document.offers.push(item.data);
    }
    return document;
  }

  async function districts(): Promise<District[]> {
    const items = await queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kind)',
        ExpressionAttributeValues: { ':pk': CATALOGUE_PARTITION, ':kind': catalogueKindPrefix('DISTRICT') },
        ConsistentRead: true,
      },
      { operation: 'Query districts' },
    );
    return items.map((item) => parseEntity('district', item.data)).sort(byId);
  }

  async function load(): Promise<Catalogue> {
    const document = collect(await readItems(false));
    if (document.municipality === undefined) throw new CatalogueMissing();
    return catalogueSchema().parse(document);
  }

  async function loadStored(): Promise<StoredCatalogue> {
    const document = collect(await readItems(true));
    // Items come back in sort-key order, which is id order within each kind.
    return {
      municipality: document.municipality === undefined ? null : parseEntity('municipality', document.municipality),
      districts: document.districts.map((data) => parseEntity('district', data)).sort(byId),
      offices: document.offices.map((data) => parseEntity('office', data)).sort(byId),
      institutions: document.institutions.map((data) => parseEntity('institution', data)).sort(byId),
      offers: document.offers.map((data) => parseEntity('offer', data)).sort(byId),
    };
  }

  /** Writes one chunk (≤ 25 items), retrying unprocessed items with exponential backoff. */
  async function writeChunk(items: Item[]): Promise<void> {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS) throw new Error('BatchWriteItem left unprocessed catalogue items');
      try {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (result.UnprocessedItems?.[tableName] ?? []).flatMap((r) =>
          r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
        );
      } catch (error) {
        throw translateAwsError(error, 'BatchWriteItem catalogue');
      }
      if (requests.length > 0) await sleep(25 * 2 ** attempt);
    }
  }

  async function putMany(entries: readonly CatalogueEntry[], onProgress?: (written: number) => void): Promise<void> {
    const chunks: Item[][] = [];
    for (let start = 0; start < entries.length; start += BATCH_SIZE) {
      chunks.push(entries.slice(start, start + BATCH_SIZE).map(itemOf));
    }
    let next = 0;
    let written = 0;
    const worker = async () => {
      for (let chunk = chunks[next++]; chunk !== undefined; chunk = chunks[next++]) {
        await writeChunk(chunk);
        written += chunk.length;
        onProgress?.(written);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, worker));
    } finally {
      cached = undefined;
    }
  }

  /** One GetItem of the organization's item; remembers a yes from when it was asked, forgets the organization on a no. */
  async function lookUpOrganization(kind: OrganizationKind, id: string): Promise<boolean> {
    const name = `${kind}:${id}`;
    const askedAt = nowMs();
    const item = await getItem(keyOf(kind, id), 'GetItem organization', 'pk');
    if (item === undefined) known.delete(name);
    // A newer yes (a concurrent request's) is never replaced by an older one.
    else if ((known.get(name) ?? Number.NEGATIVE_INFINITY) < askedAt) known.set(name, askedAt);
    return item !== undefined;
  }

  async function getItem(key: ItemKey, operation: string, projection?: string): Promise<Item | undefined> {
    try {
      const result = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: key,
          ConsistentRead: true,
          ...(projection ? { ProjectionExpression: projection } : {}),
        }),
      );
      return result.Item;
    } catch (error) {
      throw translateAwsError(error, operation);
    }
  }

  /**
   * An office or institution: written only while no removal marker holds its id (a ConditionCheck on the marker in
   * the same transaction, so a concurrent removal cannot be overtaken). Tried as a create first, then as a replace, so
   * that `created` is exact.
   */
  async function putOrganization(entry: CatalogueEntry & { kind: OrganizationKind }): Promise<CataloguePut> {
    const removedKey = removedKeyOf(entry.kind, entry.entity.id);
    for (let attempt = 0; attempt < 4; attempt++) {
      const create = attempt % 2 === 0;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: tableName,
                  Key: removedKey,
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: itemOf(entry),
                  ConditionExpression: create ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)',
                },
              },
            ],
          }),
        );
        cached = undefined;
        return { created: create };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw translateAwsError(error, 'put organization');
        const [marker, entity] = cancellationCodes(error);
        if (marker === 'ConditionalCheckFailed') {
          const item = await getItem(removedKey, 'GetItem removal marker');
          if (item) return { removed: markerOf(item) };
        } else if (entity !== 'ConditionalCheckFailed') throw translateAwsError(error, 'put organization');
        // The entity was created or removed in between: try the other way.
      }
    }
    throw new Error('the office or institution kept changing while it was written');
  }

  /**
   * The whole catalogue, unconditionally (BatchWriteItem cannot check the removal markers): for a table without any,
   * i.e. the local runtime's seed on start (DynamoDB Local in memory, a new table each time). Imports go through
   * importCatalogue, which refuses the ids of removed offices and institutions first.
   */
  async function writeCatalogue(catalogue: Catalogue): Promise<void> {
    await putMany([
      { kind: 'municipality', entity: catalogue.municipality },
      ...catalogue.districts.map((entity) => ({ kind: 'district' as const, entity })),
      ...catalogue.offices.map((entity) => ({ kind: 'office' as const, entity })),
      ...catalogue.institutions.map((entity) => ({ kind: 'institution' as const, entity })),
      ...catalogue.offers.map((entity) => ({ kind: 'offer' as const, entity })),
    ]);
  }

  return {
    load,
    writeCatalogue,
    loadStored,
    districts,
    putMany,

    async get(kind, id) {
      const item = await getItem(keyOf(kind, id), 'GetItem catalogue');
      return item ? parseEntity(kind, item.data) : null;
    },

    async isRegistered(kind, id) {
      const name = `${kind}:${id}`;
      const seenAt = known.get(name);
      const age = seenAt === undefined ? Number.POSITIVE_INFINITY : nowMs() - seenAt;
      if (age < KNOWN_ORGANIZATION_TTL_MS) {
        if (age >= KNOWN_ORGANIZATION_REFRESH_MS && !refreshing.has(name)) {
          refreshing.add(name);
          // Never fails the request that started it: a failed read leaves the yes to expire on its own.
          lookUpOrganization(kind, id).then(
            () => refreshing.delete(name),
            () => refreshing.delete(name),
          );
        }
        return true;
      }
      known.delete(name);
      return lookUpOrganization(kind, id);
    },

    async put(entry) {
      if (isOrganization(entry.kind)) return putOrganization(entry as CatalogueEntry & { kind: OrganizationKind });
      try {
        const result = await client.send(
          new PutCommand({ TableName: tableName, Item: itemOf(entry), ReturnValues: 'ALL_OLD' }),
        );
        cached = undefined;
        return { created: result.Attributes === undefined };
      } catch (error) {
        throw translateAwsError(error, 'PutItem catalogue');
      }
    },

    async markOfferInactive(offerId) {
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf('offer', offerId),
            UpdateExpression: 'SET #data.#status = :inactive',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#data': 'data', '#status': 'status' },
            ExpressionAttributeValues: { ':inactive': 'inactive' },
            ReturnValues: 'ALL_NEW',
          }),
        );
        cached = undefined;
        return parseEntity('offer', result.Attributes?.data);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return null;
        throw translateAwsError(error, 'UpdateItem offer');
      }
    },

    async remove(kind, id, removedAt) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: tableName, Key: keyOf(kind, id), ConditionExpression: 'attribute_exists(pk)' } },
              { Put: { TableName: tableName, Item: markerItemOf({ kind, id, removedAt }) } },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException && cancellationCodes(error)[0] === 'ConditionalCheckFailed') {
          return false;
        }
        throw translateAwsError(error, 'remove organization');
      } finally {
        cached = undefined;
        known.delete(`${kind}:${id}`);
      }
    },

    async removedOrganizations() {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :removed)',
          ExpressionAttributeValues: { ':pk': CATALOGUE_PARTITION, ':removed': catalogueRemovedPrefix() },
          ConsistentRead: true,
        },
        { operation: 'Query removal markers' },
      );
      // Sort keys order them by kind (INSTITUTION before OFFICE), then id.
      return items.map(markerOf);
    },

    current() {
      const now = nowMs();
      if (!cached || now - cached.loadedAt >= maxAgeMs) {
        const snapshot = load().then(buildCatalogueSnapshot);
        const entry = { loadedAt: now, snapshot };
        cached = entry;
        // A failed load must not be served from the cache for a minute.
        snapshot.catch(() => {
          if (cached === entry) cached = undefined;
        });
      }
      return cached.snapshot;
    },
  };
}
