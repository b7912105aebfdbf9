// The catalogue in the table: one item per entity under pk CATALOGUE, read with one Query and cached ≤ 60 s.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Catalogue, catalogueSchema } from '#domain/catalogue.ts';
import { translateAwsError } from './aws-errors.ts';
import { buildCatalogueSnapshot } from './catalogue-snapshot.ts';
import { CATALOGUE_PARTITION, catalogueEntityKey, catalogueKindOf, catalogueMunicipalityKey } from './keys.ts';
import type { CatalogueSnapshot, CatalogueSource } from './ports.ts';
import { queryAll } from './query-pages.ts';

export interface CatalogueRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** How long a loaded catalogue is served from memory; edits become visible within this time. */
  maxAgeMs?: number;
  nowMs?: () => number;
}

export interface CatalogueRepository extends CatalogueSource {
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

const MAX_CACHE_AGE_MS = 60_000;
const BATCH_SIZE = 25;
const MAX_BATCH_ATTEMPTS = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createCatalogueRepository(options: CatalogueRepositoryOptions): CatalogueRepository {
  const { client, tableName } = options;
  const maxAgeMs = Math.min(options.maxAgeMs ?? MAX_CACHE_AGE_MS, MAX_CACHE_AGE_MS);
  const nowMs = options.nowMs ?? Date.now;
  // The promise is cached, not the value, so concurrent cold requests share one load.
  let cached: { loadedAt: number; snapshot: Promise<CatalogueSnapshot> } | undefined;

  async function load(): Promise<Catalogue> {
    const items = await queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CATALOGUE_PARTITION },
      },
      { operation: 'Query catalogue' },
    );
    const document: {
      municipality?: unknown;
      districts: unknown[];
      offices: unknown[];
      institutions: unknown[];
      offers: unknown[];
    } = {
      districts: [],
      offices: [],
      institutions: [],
      offers: [],
    };
    for (const item of items) {
      const kind = catalogueKindOf(String(item.sk));
      if (kind === 'MUNICIPALITY') document.municipality = item.data;
      else if (kind === 'DISTRICT') document.districts.push(item.data);
      else if (kind === 'OFFICE') document.offices.push(item.data);
      else if (kind === 'INSTITUTION') document.institutions.push(item.data);
      else if (kind === 'OFFER') document.offers.push(item.data);
    }
    if (document.municipality === undefined) throw new CatalogueMissing();
    // Parsed again on the way in: the table is shared with later catalogue editors, so never trust a stored shape.
    return catalogueSchema.parse(document);
  }

  async function writeCatalogue(catalogue: Catalogue): Promise<void> {
    const items: Record<string, unknown>[] = [
      { ...catalogueMunicipalityKey(), data: catalogue.municipality },
      ...catalogue.districts.map((d) => ({ ...catalogueEntityKey('DISTRICT', d.id), data: d })),
      ...catalogue.offices.map((o) => ({ ...catalogueEntityKey('OFFICE', o.id), data: o })),
      ...catalogue.institutions.map((i) => ({ ...catalogueEntityKey('INSTITUTION', i.id), data: i })),
      ...catalogue.offers.map((o) => ({ ...catalogueEntityKey('OFFER', o.id), data: o })),
    ];
    for (let start = 0; start < items.length; start += BATCH_SIZE) {
      let requests = items.slice(start, start + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
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
    cached = undefined;
  }

  return {
    load,
    writeCatalogue,
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
