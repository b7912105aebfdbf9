// The items of a case and back: in the main table the case, its history events, audit entries and the idempotency
// record of its submission; in the personal table its personal data and proposals (keys from keys.ts).
import type { CaseWithHistory, IdempotencyRecord, InboxCase, NewCase, OutboxEntry } from '#application/ports.ts';
import {
  type AuditActor,
  type AuditEntry,
  type CaseEvent,
  type CasePersonalData,
  type CaseRecord,
  type CaseTombstone,
  isTombstone,
  type StoredCase,
} from '#domain/case.ts';
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
  erasureJournalKey,
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
export function toCaseRecord(item: Item): StoredCaseRecord | CaseTombstone {
  return stripLayout(item) as StoredCaseRecord | CaseTombstone;
}

/** An inbox index item (it copies only keys.ts INBOX_INDEX_ATTRIBUTES). */
export function toInboxCase(item: Item): InboxCase {
  return stripLayout(item) as InboxCase;
}

/**
 * The case item: the record without the proposals (their own item in the personal table, keys.ts pattern P2), with
 * its index keys. Written whole only at creation: the all-cases and referrals keys (GSI3, GSI4) set here stay, as
 * transitions update the item.
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

/** An erasure journal entry: the case id and the time, nothing else; expires after `days`. */
export function erasureJournalItem(caseId: string, erasedAt: string, days: number): Item {
  return {
    ...erasureJournalKey(erasedAt, caseId),
    entity: 'erasure',
    caseId,
    erasedAt,
    expiresAt: Math.floor(Date.parse(erasedAt) / 1000) + days * 86_400,
  };
}

/** An audit entry as read back (entries written before actors had a shape carry `office:<id>`-style strings). */
export function toAuditEntry(item: Item): AuditEntry {
  const { actor, at, action } = stripLayout(item) as { actor: unknown; at: string; action: AuditEntry['action'] };
  return { at, action, actor: typeof actor === 'string' ? legacyAuditActor(actor) : (actor as AuditActor) };
}

function legacyAuditActor(actor: string): AuditActor {
  const [role, organizationId] = actor.split(':');
  if (role === 'office' || role === 'referrer') {
    return organizationId ? { role, organizationId } : { role };
  }
  return { role: 'coordinator' };
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
 * The case read from its partitions (keys.ts patterns 1 and P3): the case with its proposals merged in, the personal
 * data and the history in event order; null without a case item. Personal data and proposals count only from the
 * personal table's items, and expired ones count as gone.
 */
export function caseWithHistoryOf(
  caseItems: readonly Item[],
  personalItems: readonly Item[],
  now: number,
): CaseWithHistory | null {
  let caseRecord: StoredCase | undefined;
  let personal: CasePersonalData | null = null;
  let proposals: Proposal[] | undefined;
  const history: CaseEvent[] = [];
  for (const item of caseItems) {
    const sk = String(item.sk);
    if (isCaseSortKey(sk)) caseRecord = toCaseRecord(item);
    else if (isCaseEventSortKey(sk)) history.push(stripLayout(item) as CaseEvent);
  }
  for (const item of personalItems) {
    const sk = String(item.sk);
    if (hasExpired(item.expiresAt, now)) continue;
    if (isCasePersonalSortKey(sk)) personal = stripLayout(item) as CasePersonalData;
    else if (isCaseProposalsSortKey(sk)) proposals = item.proposals as Proposal[];
  }
  if (!caseRecord) return null;
  const withProposals = proposals === undefined || isTombstone(caseRecord) ? caseRecord : { ...caseRecord, proposals };
  return { caseRecord: withProposals, personal, history };
}
