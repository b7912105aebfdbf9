// The items of a case's transactions: the creation of a case, and a transition with everything that changes with it
// (history event, outbox entry, personal data, proposals, offer capacity, coverage counts).
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CaseTransition, NewCase, PersonalChange } from '#application/ports.ts';
import { PLACES_PER_CONNECTION } from '#domain/capacity.ts';
import { type CaseChangeableField, type CaseRecord, ERASED_CASE_FIELDS, tombstoneOf } from '#domain/case.ts';
import { coverageOfChange, coverageOfNewCase } from '#domain/coverage-counts.ts';
import type { Proposal } from '#domain/matching.ts';
import {
  caseItem,
  erasureJournalItem,
  eventItem,
  idempotencyItem,
  personalItem,
  proposalsItem,
  type StoredCaseRecord,
} from './case-items.ts';
import type { CaseTableNames } from './case-table.ts';
import { coverageUpdate } from './coverage-aggregates.ts';
import {
  caseEventKeys,
  caseIndexKeyChanges,
  caseKey,
  casePersonalKey,
  caseProposalsKey,
  type ItemKey,
  offerKey,
} from './keys.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One item of a transition's transaction; `optional` items are dropped (and the rest retried) when only they fail. */
export interface TransactionPart {
  item: TransactItem;
  optional: boolean;
}

/** Index of the idempotency record among the creation items. */
export const CREATION_IDEMPOTENCY_INDEX = 0;
/** Indexes of the case update and the event put among a transition's parts: their failure is a lost race. */
export const TRANSITION_VERSION_INDEXES = [0, 1] as const;

/**
 * The creation of a case: idempotency record (first, so its cancellation reason is the one the caller cares about;
 * an expired record not yet deleted by TTL may be overwritten), case, personal data, first event, proposals when
 * the case has them, and its `received` counts. The personal data and the proposals go to the personal table, the
 * rest to the main table: one transaction across both.
 */
export function creationItems(tables: CaseTableNames, newCase: NewCase, nowEpochSeconds: number): TransactItem[] {
  const { caseRecord, personal, firstEvent } = newCase;
  const tableName = tables.main;
  const putNew = (Item: Record<string, unknown>, TableName = tableName): TransactItem => ({
    Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  return [
    {
      Put: {
        TableName: tableName,
        Item: idempotencyItem(newCase),
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': nowEpochSeconds },
      },
    },
    putNew(caseItem(caseRecord)),
    putNew(personalItem(caseRecord.id, personal), tables.personal),
    putNew(eventItem(caseRecord.id, firstEvent)),
    ...(caseRecord.proposals !== undefined
      ? [{ Put: { TableName: tables.personal, Item: proposalsItem(caseRecord.id, caseRecord.proposals) } }]
      : []),
    coverageUpdate(tableName, caseRecord.id, coverageOfNewCase(caseRecord)),
  ];
}

/**
 * A transition: the case update and the event put (conditional on version and status: TRANSITION_VERSION_INDEXES),
 * then the proposals, personal-data, capacity and coverage items. The coverage counts (one item: the case's profile)
 * change with the case or not at all. The proposals and the
 * personal item are in the personal table, everything else in the main table: one transaction across both.
 */
export function transitionParts(tables: CaseTableNames, transition: CaseTransition): TransactionPart[] {
  const tableName = tables.main;
  const caseId = transition.from.id;
  const from: StoredCaseRecord = transition.from;
  const coverage = coverageOfChange(transition, from.firstActionAt);
  const required = (item: TransactItem): TransactionPart => ({ item, optional: false });
  return [
    required(caseUpdate(tableName, transition, coverage.firstActionAt)),
    required({
      Put: {
        TableName: tableName,
        Item: eventItem(caseId, transition.event, transition.notification),
        ConditionExpression: 'attribute_not_exists(sk)',
      },
    }),
    ...proposalsParts(tables.personal, transition),
    ...personalParts(tables.personal, caseId, transition.personal),
    ...(transition.useCapacityOf !== undefined ? [capacityPart(tableName, transition.useCapacityOf)] : []),
    ...(coverage.increment ? [required(coverageUpdate(tableName, caseId, coverage.increment))] : []),
    ...erasureParts(tableName, transition),
  ];
}

/** The erasure journal keeps an entry this long: past the 35-day point-in-time-recovery window, with a margin. */
export const ERASURE_JOURNAL_DAYS = 40;
/** History events an erasure strips in its own transaction (DynamoDB takes 100 items); later ones right after. */
export const ERASURE_STRIPPED_EVENTS_IN_TRANSACTION = 80;

/**
 * An erasure's further items: the earlier history events lose their actors and details (office and offer ids,
 * outcomes), and the erasure journal records the case id and time (ids only), to re-apply erasures after a restore.
 */
function erasureParts(tableName: string, transition: CaseTransition): TransactionPart[] {
  if (transition.personal?.kind !== 'erase') return [];
  const { erasedAt } = transition.personal;
  const caseId = transition.from.id;
  const events = caseEventKeys(caseId, transition.from.version).slice(0, ERASURE_STRIPPED_EVENTS_IN_TRANSACTION);
  return [
    ...events.map((key) => strippedEvent(tableName, key)),
    {
      item: { Put: { TableName: tableName, Item: erasureJournalItem(caseId, erasedAt, ERASURE_JOURNAL_DAYS) } },
      optional: false,
    },
  ];
}

/** Takes the actor and details off one history event (optional: an event that does not exist is not created). */
export function strippedEvent(tableName: string, key: ItemKey): TransactionPart {
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: 'REMOVE actor, details',
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    optional: true,
  };
}

/** The case item's update: changed and removed fields, status, version, index keys; the first office action time. */
function caseUpdate(tableName: string, transition: CaseTransition, firstActionAt: string | undefined): TransactItem {
  const { from } = transition;
  const removed = new Set(transition.remove ?? []);
  const next: CaseRecord = {
    ...from,
    ...transition.changes,
    status: transition.status,
    version: from.version + 1,
    updatedAt: transition.updatedAt,
  };
  for (const field of removed) delete next[field];
  const erasedAt = transition.personal?.kind === 'erase' ? transition.personal.erasedAt : undefined;
  const names: Record<string, string> = { '#status': 'status', '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = {
    ':status': transition.status,
    ':nextVersion': next.version,
    ':updatedAt': transition.updatedAt,
    ':expectedVersion': from.version,
    ':expectedStatus': from.status,
  };
  const sets = ['#status = :status', '#version = :nextVersion', '#updatedAt = :updatedAt'];
  const removes: string[] = [];
  const set = (field: string, value: unknown) => {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  };
  for (const [field, value] of Object.entries(transition.changes)) {
    // The proposals are never on the case item: they have their own (proposalsParts).
    if (value === undefined || field === 'proposals' || removed.has(field as keyof typeof transition.changes)) continue;
    set(field, value);
  }
  for (const field of removed) {
    if (field === 'proposals') continue;
    names[`#${field}`] = field;
    removes.push(`#${field}`);
  }
  if (erasedAt !== undefined) {
    // The tombstone: what goes with the family's data goes from the case item too (domain/case.ts).
    for (const field of [...ERASED_CASE_FIELDS, 'firstActionAt']) {
      if (field === 'proposals' || removed.has(field as CaseChangeableField)) continue;
      names[`#${field}`] = field;
      removes.push(`#${field}`);
    }
    set('erasedAt', erasedAt);
  } else if (firstActionAt !== undefined) set('firstActionAt', firstActionAt);
  const indexes = caseIndexKeyChanges(from, erasedAt !== undefined ? tombstoneOf(next, erasedAt) : next);
  for (const [attribute, value] of Object.entries(indexes.set)) {
    values[`:${attribute}`] = value;
    sets.push(`${attribute} = :${attribute}`);
  }
  removes.push(...indexes.remove);
  return {
    Update: {
      TableName: tableName,
      Key: caseKey(from.id),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      // A tombstone never changes again, whatever version a caller names.
      ConditionExpression:
        '#version = :expectedVersion AND #status = :expectedStatus AND attribute_not_exists(erasedAt)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

function sameProposals(a: Proposal[] | undefined, b: Proposal[] | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The proposals item: deleted on erasure or when the transition removes them (their reasons restate the family's
 * languages and wishes); written when they change (route, assign anew), never again by the transitions that follow;
 * given the personal data's expiry on retention.
 */
function proposalsParts(tableName: string, transition: CaseTransition): TransactionPart[] {
  const caseId = transition.from.id;
  const { personal } = transition;
  const proposals = transition.changes.proposals;
  if (personal?.kind === 'erase' || transition.remove?.includes('proposals') === true) {
    return [{ item: { Delete: { TableName: tableName, Key: caseProposalsKey(caseId) } }, optional: false }];
  }
  if (proposals !== undefined && !sameProposals(proposals, transition.from.proposals)) {
    return [{ item: { Put: { TableName: tableName, Item: proposalsItem(caseId, proposals) } }, optional: false }];
  }
  if (personal?.kind === 'expire' && transition.from.proposals !== undefined) {
    return [expiry(tableName, caseProposalsKey(caseId), personal.expiresAt)];
  }
  return [];
}

/**
 * The personal item's change. Changing a personal item that is already gone (erased, expired) has nothing left to
 * change: such parts are optional, and so is the deletion of an idempotency record that no longer is this case's.
 */
function personalParts(tableName: string, caseId: string, change: PersonalChange | undefined): TransactionPart[] {
  const key = casePersonalKey(caseId);
  switch (change?.kind) {
    case undefined:
      return [];
    case 'add-note':
      return [
        {
          item: {
            Update: {
              TableName: tableName,
              Key: key,
              UpdateExpression: 'SET notes = list_append(notes, :note)',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':note': [change.note] },
            },
          },
          optional: true,
        },
      ];
    case 'expire':
      return [expiry(tableName, key, change.expiresAt)];
    case 'erase':
      return [{ item: { Delete: { TableName: tableName, Key: key } }, optional: false }];
  }
}

/** Sets the TTL of an existing item (retention); optional, as the item may already be gone. */
function expiry(tableName: string, key: ItemKey, expiresAt: number): TransactionPart {
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':expiresAt': expiresAt },
      },
    },
    optional: true,
  };
}

/**
 * A connection takes its places from the offer (domain/capacity.ts): the condition fails where capacity is untracked
 * (no attribute) or too few places are left, and then the close goes through without it.
 */
function capacityPart(tableName: string, offerId: string): TransactionPart {
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: offerKey(offerId),
        UpdateExpression: 'SET #data.#capacity.#available = #data.#capacity.#available - :places',
        ConditionExpression: '#data.#capacity.#available >= :places',
        ExpressionAttributeNames: { '#data': 'data', '#capacity': 'capacity', '#available': 'available' },
        ExpressionAttributeValues: { ':places': PLACES_PER_CONNECTION },
      },
    },
    optional: true,
  };
}
