// The referrals of an institution, newest first (keys.ts pattern 16): the referrals index (GSI4) gives the case ids of
// a page, and each case is read from its partition and its personal item (in parallel), so that the list shows
// exactly what the single referral shows.
//
// Why not more on the index: the referrer's view needs the history (the first forwarding and start times; without
// `feedback` consent `updatedAt` is the last visible milestone), which no index item holds, and the institution's
// reference lives in the personal item so that erasure (one delete) and retention (its TTL) take it along. A copy on
// the case item or in an index projection would outlive the family's data unless every erasing transition removed it
// too. The price: one Query and one GetItem per listed case (parallel, consistent, about one read unit each).
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRepository, ListedReferral, ReferralListPage, ReferralListQuery } from '#application/ports.ts';
import type { CaseEvent } from '#domain/case.ts';
import type { ReferralFacts } from '#domain/milestones.ts';
import { translateAwsError } from './aws-errors.ts';
import { hasExpired, type PersonalCaseTable } from './case-table.ts';
import { decodeInboxCursor, encodeInboxCursor } from './inbox-cursor.ts';
import {
  caseDataSortKeyFloor,
  caseIdOfInboxSortKey,
  caseKey,
  casePartition,
  casePersonalKey,
  institutionReferralsPartition,
  isCaseEventSortKey,
  isCaseSortKey,
  REFERRALS_INDEX_NAME,
} from './keys.ts';
import { type Item, queryAll } from './query-pages.ts';

/** Index pages and cases one request reads at most while a status filter fills a page; bounds one request's work. */
const MAX_INDEX_PAGES = 10;
const MAX_CASES_READ = 200;
const FILTERED_PAGE_SIZE = 100;
/** Case partitions read at the same time. */
const PARALLEL_READS = 25;

const FACT_ATTRIBUTES = [
  'id',
  'status',
  'createdAt',
  'updatedAt',
  'consentScopes',
  'outcome',
] as const satisfies readonly (keyof ReferralFacts)[];
const EVENT_ATTRIBUTES = ['seq', 'type', 'at', 'actor'] as const satisfies readonly (keyof CaseEvent)[];

/**
 * What one Query over a case partition returns of each item: the sort key, the case's facts and institution, the
 * events' type and time (not their details).
 */
const PROJECTION = (() => {
  const attributes = ['sk', 'institutionId', ...FACT_ATTRIBUTES, ...EVENT_ATTRIBUTES];
  const names: Record<string, string> = {};
  attributes.forEach((attribute, index) => {
    names[`#a${index}`] = attribute;
  });
  return { expression: attributes.map((_, index) => `#a${index}`).join(', '), names };
})();

/** Of the personal item only the institution's reference and its expiry. */
const PERSONAL_PROJECTION = {
  expression: '#referral.#reference, #expiresAt',
  names: { '#referral': 'referral', '#reference': 'referrerReference', '#expiresAt': 'expiresAt' },
};

/** The attributes of `item` among `attributes` (absent ones left out, as the optional fields they are). */
function pick(item: Item, attributes: readonly string[]): Item {
  return Object.fromEntries(attributes.flatMap((name) => (item[name] === undefined ? [] : [[name, item[name]]])));
}

/**
 * The referral from the items of its partition and its personal item; null without a case item or when it is another
 * institution's.
 */
function listedReferralOf(
  items: readonly Item[],
  personal: Item | undefined,
  institutionId: string,
  now: number,
): ListedReferral | null {
  let caseRecord: ReferralFacts | undefined;
  const history: CaseEvent[] = [];
  for (const item of items) {
    const sk = String(item.sk);
    if (isCaseSortKey(sk)) {
      if (item.institutionId !== institutionId) return null;
      caseRecord = pick(item, FACT_ATTRIBUTES) as ReferralFacts;
    } else if (isCaseEventSortKey(sk)) history.push(pick(item, EVENT_ATTRIBUTES) as CaseEvent);
  }
  if (!caseRecord) return null;
  const reference =
    personal === undefined || hasExpired(personal.expiresAt, now)
      ? undefined
      : (personal.referral as { referrerReference?: unknown } | undefined)?.referrerReference;
  return { caseRecord, history, ...(typeof reference === 'string' ? { referrerReference: reference } : {}) };
}

export function caseReferrals(table: PersonalCaseTable): Pick<CaseRepository, 'listReferrals'> {
  const { client, tableName, personalTableName, nowEpochSeconds } = table;

  async function readPersonalReference(caseId: string): Promise<Item | undefined> {
    try {
      const result = await client.send(
        new GetCommand({
          TableName: personalTableName,
          Key: casePersonalKey(caseId),
          ProjectionExpression: PERSONAL_PROJECTION.expression,
          ExpressionAttributeNames: PERSONAL_PROJECTION.names,
          ConsistentRead: true,
        }),
      );
      return result.Item;
    } catch (error) {
      throw translateAwsError(error, 'GetItem referral reference');
    }
  }

  async function readReferral(caseId: string, institutionId: string): Promise<ListedReferral | null> {
    const [items, personal] = await Promise.all([
      queryAll(
        client,
        {
          TableName: tableName,
          // The case and its events, not the audit trail (before CASE).
          KeyConditionExpression: 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: { ':pk': casePartition(caseId), ':from': caseDataSortKeyFloor() },
          ProjectionExpression: PROJECTION.expression,
          ExpressionAttributeNames: PROJECTION.names,
          // As the single referral reads it: a withdrawal is visible in the list at once.
          ConsistentRead: true,
        },
        { operation: 'Query referral' },
      ),
      readPersonalReference(caseId),
    ]);
    return listedReferralOf(items, personal, institutionId, nowEpochSeconds());
  }

  /**
   * Reads index pages newest first and the cases they name, keeping those `keep` keeps, until the page is full and one
   * more is known to follow (its cursor then continues after the last item returned), nothing follows (no cursor), or
   * the budget of index pages and case reads is spent (the cursor continues after the last case read).
   */
  async function listReferrals(query: ReferralListQuery): Promise<ReferralListPage> {
    const partition = institutionReferralsPartition(query.institutionId);
    const after =
      query.cursor === undefined ? undefined : decodeInboxCursor(query.cursor, REFERRALS_INDEX_NAME, partition);
    // The index holds no status (keys.ts REFERRALS_INDEX_ATTRIBUTES): a filter applies to the cases read.
    const { keep } = query;
    const startKeyAfter = (sortKey: string): Item => ({
      gsi4pk: partition,
      gsi4sk: sortKey,
      ...caseKey(caseIdOfInboxSortKey(sortKey)),
    });

    const kept: { referral: ListedReferral; sortKey: string }[] = [];
    let candidates: string[] = [];
    let startKey: Item | undefined = after === undefined ? undefined : startKeyAfter(after);
    let indexDone = false;
    let indexPages = 0;
    let casesRead = 0;
    /** The sort key of the last index entry this request is done with. */
    let position = after;
    let more = false;
    let budgetSpent = false;

    const readIndexPage = async (): Promise<void> => {
      try {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: REFERRALS_INDEX_NAME,
            KeyConditionExpression: 'gsi4pk = :pk',
            ExpressionAttributeValues: { ':pk': partition },
            ProjectionExpression: 'gsi4sk',
            ScanIndexForward: false,
            // Without a filter one entry more than needed tells whether another page exists.
            Limit: keep ? FILTERED_PAGE_SIZE : query.limit - kept.length + 1,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        candidates = (result.Items ?? []).map((item) => String(item.gsi4sk));
        startKey = result.LastEvaluatedKey;
      } catch (error) {
        throw translateAwsError(error, 'Query referrals');
      }
      indexPages += 1;
      indexDone = startKey === undefined;
    };

    while (!more) {
      if (candidates.length === 0) {
        if (startKey) position = String(startKey.gsi4sk);
        if (indexDone) break;
        if (indexPages === MAX_INDEX_PAGES) {
          budgetSpent = true;
          break;
        }
        await readIndexPage();
        continue;
      }
      const full = kept.length === query.limit;
      // Every index entry is a referral to show: that one exists is enough to know another page follows.
      if (full && !keep) {
        more = true;
        break;
      }
      if (casesRead === MAX_CASES_READ) {
        budgetSpent = true;
        break;
      }
      // Unfiltered, every case read is shown: read as many as the page lacks. Filtered, some will not be: read a whole
      // batch at once rather than one round trip per missing item.
      const wanted = keep ? PARALLEL_READS : query.limit - kept.length;
      const chunk = candidates.splice(0, Math.min(wanted, PARALLEL_READS, MAX_CASES_READ - casesRead));
      const read = await Promise.all(
        chunk.map((sortKey) => readReferral(caseIdOfInboxSortKey(sortKey), query.institutionId)),
      );
      for (const [index, sortKey] of chunk.entries()) {
        casesRead += 1;
        position = sortKey;
        const referral = read[index];
        if (!referral || (keep && !keep(referral))) continue;
        if (kept.length === query.limit) {
          more = true;
          break;
        }
        kept.push({ referral, sortKey });
      }
    }

    const last = kept[kept.length - 1];
    let nextCursor: string | null = null;
    if (more && last) nextCursor = encodeInboxCursor(REFERRALS_INDEX_NAME, partition, last.sortKey);
    else if (budgetSpent) {
      // A full page continues after its last item (the cases read ahead are read again); else after the last case read.
      const from = kept.length === query.limit && last ? last.sortKey : position;
      if (from !== undefined) nextCursor = encodeInboxCursor(REFERRALS_INDEX_NAME, partition, from);
    }
    return { items: kept.map((entry) => entry.referral), nextCursor };
  }

  return { listReferrals };
}
