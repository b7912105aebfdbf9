// The items of a case in the single table and back: the case, its personal data, proposals, history events, audit
// entries and the idempotency record of its submission (keys from keys.ts).
import type { CaseWithHistory, IdempotencyRecord, InboxCase, NewCase, OutboxEntry } from '#application/ports.ts';
import type { AuditEntry, CaseEvent, CasePersonalData, CaseRecord } from '#domain/case.ts';
import type { NotificationMessage } from '#domain/domain-events.ts';
import type { Proposal } from '#domain/matching.ts';
import { hasExpired } from './case-table.ts';
import {
  allCasesKeys,
  caseAuditKey,
  caseEventKey,
  caseIndexKeys,
  caseKey,
  casePersonalKey,
  caseProposalsKey,
  idempotencyKey,
  institutionReferralsKeys,
  isCaseEventSortKey,
  isCasePersonalSortKey,
  isCaseProposalsSortKey,
  isCaseSortKey,
  outboxSweepKeys,
} from './keys.ts';
import type { Item } from './query-pages.ts';

/**
 * The case item as stored also carries `firstActionAt` (written by the transition that is the first office action,
 * never by a use case): it rides along in the record the use cases read and hand back as `from`, so the next change
 * knows the first action was counted (coverage-counts.ts).
 */
export type StoredCaseRecord = CaseRecord & { firstActionAt?: string };

// Attributes that belong to the table layout, not to the entity.
const LAYOUT_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'entity',
  'outbox',
  'expiresAt',
];

function stripLayout(item: Item): Item {
  const copy: Item = { ...item };
  for (const attribute of LAYOUT_ATTRIBUTES) delete copy[attribute];
  return copy;
}

// Items are only ever written by these modules from typed records, so reading them back as those types is sound.
export function toCaseRecord(item: Item): StoredCaseRecord {
  return stripLayout(item) as StoredCaseRecord;
}

/** An inbox index item (it copies only keys.ts INBOX_INDEX_ATTRIBUTES). */
export function toInboxCase(item: Item): InboxCase {
  return stripLayout(item) as InboxCase;
}

/**
 * The case item: the record without the proposals (their own item, keys.ts pattern 2a), with its index keys. Written
 * whole only at creation: the all-cases and referrals keys (GSI3, GSI4) set here stay, as transitions update the item.
 */
export function caseItem(caseRecord: CaseRecord): Item {
  const { proposals: _proposals, ...rest } = caseRecord;
  return {
    ...caseKey(caseRecord.id),
    entity: 'case',
    ...rest,
    ...caseIndexKeys(caseRecord).set,
    ...allCasesKeys(caseRecord.urgency, caseRecord.createdAt, caseRecord.id),
    ...institutionReferralsKeys(caseRecord.institutionId, caseRecord.createdAt, caseRecord.id),
  };
}

export function personalItem(caseId: string, personal: CasePersonalData): Item {
  return { ...casePersonalKey(caseId), entity: 'personal', ...personal };
}

export function proposalsItem(caseId: string, proposals: Proposal[]): Item {
  return { ...caseProposalsKey(caseId), entity: 'proposals', proposals };
}

/** A history event; with a notification, also its outbox entry (kept until clearOutbox removes both). */
export function eventItem(caseId: string, event: CaseEvent, notification?: NotificationMessage): Item {
  return {
    ...caseEventKey(caseId, event.seq),
    entity: 'event',
    ...event,
    ...(notification ? { ...outboxSweepKeys(event.at, caseId, event.seq), outbox: notification } : {}),
  };
}

/** An audit entry; the random suffix of its key keeps two entries of the same millisecond apart. */
export function auditItem(caseId: string, entry: AuditEntry, random: string): Item {
  return { ...caseAuditKey(caseId, entry.at, random), entity: 'audit', ...entry };
}

export function idempotencyItem(newCase: NewCase): Item {
  const { caseRecord, idempotency } = newCase;
  return {
    ...idempotencyKey(idempotency.institutionId, idempotency.key),
    entity: 'idempotency',
    bodyHash: idempotency.bodyHash,
    referralId: caseRecord.id,
    createdAt: caseRecord.createdAt,
    expiresAt: idempotency.expiresAt,
  };
}

export function toIdempotencyRecord(item: Item): IdempotencyRecord {
  return {
    bodyHash: String(item.bodyHash),
    referralId: String(item.referralId),
    createdAt: String(item.createdAt),
    expiresAt: Number(item.expiresAt),
  };
}

/** The outbox entry of an event item read from the sweep index (it copies `seq` and `outbox`). */
export function toOutboxEntry(item: Item): OutboxEntry {
  const message = item.outbox as NotificationMessage;
  return { caseId: message.caseId, seq: Number(item.seq), message };
}

/**
 * The case read from its partition (keys.ts pattern 1): the case with its proposals merged in, the personal data and
 * the history in event order; null without a case item. Expired personal data and proposals count as gone.
 */
export function caseWithHistoryOf(items: readonly Item[], now: number): CaseWithHistory | null {
  let caseRecord: CaseRecord | undefined;
  let personal: CasePersonalData | null = null;
  let proposals: Proposal[] | undefined;
  const history: CaseEvent[] = [];
  for (const item of items) {
    const sk = String(item.sk);
    const live = !hasExpired(item.expiresAt, now);
    if (isCaseSortKey(sk)) caseRecord = toCaseRecord(item);
    else if (isCaseEventSortKey(sk)) history.push(stripLayout(item) as CaseEvent);
    else if (isCasePersonalSortKey(sk) && live) personal = stripLayout(item) as CasePersonalData;
    else if (isCaseProposalsSortKey(sk) && live) proposals = item.proposals as Proposal[];
  }
  if (!caseRecord) return null;
  return { caseRecord: proposals === undefined ? caseRecord : { ...caseRecord, proposals }, personal, history };
}
