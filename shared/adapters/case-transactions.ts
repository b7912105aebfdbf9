// The items of a case's transactions: the creation of a case, and a transition with everything that changes with it
// (history event, outbox entry, personal data, proposals, offer capacity, coverage counts).
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CaseTransition, NewCase, PersonalChange } from '#application/ports.ts';
import { PLACES_PER_CONNECTION } from '#domain/capacity.ts';
import type { CaseRecord } from '#domain/case.ts';
import { coverageOfChange, coverageOfNewCase } from '#domain/coverage-counts.ts';
import type { Proposal } from '#domain/matching.ts';
import {
  caseItem,
  eventItem,
  idempotencyItem,
  personalItem,
  proposalsItem,
  type StoredCaseRecord,
} from './case-items.ts';
import { coverageUpdates } from './coverage-aggregates.ts';
import {
  caseIndexKeys,
  caseKey,
  casePersonalKey,
  caseProposalsKey,
  type ItemKey,
  idempotencyKey,
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
 * the case has them, and its `received` counts.
 */
export function creationItems(tableName: string, newCase: NewCase, nowEpochSeconds: number): TransactItem[] {
  const { caseRecord, personal, firstEvent } = newCase;
  const putNew = (Item: Record<string, unknown>): TransactItem => ({
    Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
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
    putNew(personalItem(caseRecord.id, personal)),
    putNew(eventItem(caseRecord.id, firstEvent)),
    ...(caseRecord.proposals !== undefined
      ? [{ Put: { TableName: tableName, Item: proposalsItem(caseRecord.id, caseRecord.proposals) } }]
      : []),
    ...coverageUpdates(tableName, caseRecord.id, coverageOfNewCase(caseRecord)),
  ];
}

/**
 * A transition: the case update and the event put (conditional on version and status: TRANSITION_VERSION_INDEXES),
 * then the proposals, personal-data, capacity and coverage items. The coverage counts change with the case or not at
 * all (DynamoDB allows 100 items per transaction: at most 6 phases × 14 needs cells here).
 */
export function transitionParts(tableName: string, transition: CaseTransition): TransactionPart[] {
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
    ...proposalsParts(tableName, transition),
    ...personalParts(tableName, caseId, transition.personal),
    ...(transition.useCapacityOf !== undefined ? [capacityPart(tableName, transition.useCapacityOf)] : []),
    ...(coverage.increment ? coverageUpdates(tableName, caseId, coverage.increment).map(required) : []),
  ];
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
  if (firstActionAt !== undefined) set('firstActionAt', firstActionAt);
  const indexes = caseIndexKeys(next);
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
      ConditionExpression: '#version = :expectedVersion AND #status = :expectedStatus',
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
    case 'erase': {
      const parts: TransactionPart[] = [{ item: { Delete: { TableName: tableName, Key: key } }, optional: false }];
      if (change.idempotency) {
        // Only this referral's record: after 24 h the key may belong to a newer referral, which must keep it.
        parts.push({
          item: {
            Delete: {
              TableName: tableName,
              Key: idempotencyKey(change.idempotency.institutionId, change.idempotency.key),
              ConditionExpression: 'attribute_not_exists(pk) OR referralId = :referralId',
              ExpressionAttributeValues: { ':referralId': caseId },
            },
          },
          optional: true,
        });
      }
      return parts;
    }
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
