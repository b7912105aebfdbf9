// The key formats of both tables: the ONLY place that composes pk/sk/gsi keys, with the access patterns they serve.
//
// Two tables, each with its own customer-managed KMS key:
//  - the main table: cases, history, audit, idempotency records, catalogue, aggregates, identity (patterns 1–16);
//  - the personal table: the family's personal data of a case and the proposals that restate it (patterns P1–P3),
//    readable only by the functions that use it (intake puts, router, office, referrer and sweeper read or change it;
//    notifier, coordinator and the token trigger have neither its name nor a grant for it or its key).
// A creation, a transition or an erasure that touches both is ONE TransactWriteItems across the two tables.
//
// Main table (pk, sk; GSI1–GSI4: gsi<n>pk, gsi<n>sk; all strings):
//  1. Case with history                Query    pk = CASE#<id>, sk >= CASE   (CASE, EVENT#000001…; the audit entries
//     AUDIT#… sort before CASE, so reading a case never reads its growing audit trail); together with pattern P3
//  2. Case alone                       GetItem  pk = CASE#<id>, sk = CASE          (no personal data, no proposals)
//  3. Idempotency record of a request  GetItem  pk = IDEMPOTENCY#<institutionId>#<key>, sk = IDEMPOTENCY
//  4. Whole catalogue                  Query    pk = CATALOGUE                        (sk MUNICIPALITY, DISTRICT#…, …)
//  4a. One kind of catalogue entity    Query    pk = CATALOGUE, sk begins_with <KIND># (the districts for every role)
//  4b. Removed office/institution ids GetItem/Query pk = CATALOGUE, sk = REMOVED#<KIND>#<id> (written with the removal,
//     never deleted: the id is never given to another organization; no entity, so the catalogue reads of 4 skip it)
//  5. Child-protection counter / month UpdateItem ADD count, pk = STATS#child-protection, sk = <YYYY-MM>
//  6. Office inbox                     Query index GSI1: gsi1pk = OFFICE#<officeId>, gsi1sk = <urgencyRank>#<createdAt>#<id>
//     (set on route/assign, removed on decline and deadline escalation: the case then waits for a coordinator)
//  7. Cases stuck in `received`        Query index GSI2: gsi2pk = SWEEP#received, gsi2sk < <threshold createdAt>
//  8. Response deadline passed         Query index GSI2: gsi2pk = SWEEP#deadline, gsi2sk < <now>   (routed, unopened)
//  9. Unpublished notifications        Query index GSI2: gsi2pk = SWEEP#outbox,   gsi2sk < <now − 60 s> (event items)
//     (7–9 are sparse: an item is in at most one sweep partition and only while the sweeper has work on it; never a Scan)
// 10. All cases (coordinator inbox)    Query index GSI3: gsi3pk = CASES, gsi3sk = <urgencyRank>#<createdAt>#<id>
// 11. Capacity of an offer             UpdateItem pk = CATALOGUE, sk = OFFER#<id>, data.capacity.available − 1 if > 0
// 12. Coverage aggregates of a day     ADD in the case's transaction, pk = STATS#coverage#<YYYY-MM-DD of createdAt>,
//     sk = <districtId>#<phase+…>#<need+…>#<institutionType>#<shard> (one item per profile, not per cell); the report
//     Queries one partition per day (never a Scan)
// 13. Open cases of an office          Query index GSI1: gsi1pk = OFFICE#<officeId>, filter on status (office delete)
// 14. Child-protection counters        Query pk = STATS#child-protection, sk BETWEEN <YYYY-MM> AND <YYYY-MM> (report)
// 15. Accounts and clients             Query pk = IDENTITY, sk begins_with ACCOUNT# / CLIENT# (hundreds per municipality);
//     GetItem by id (token trigger); the e-mail claim pk = IDENTITY, sk = EMAIL#<lowercased e-mail> keeps e-mails unique
// 16. An institution's referrals     Query index GSI4: gsi4pk = INSTITUTION#<institutionId>, gsi4sk = <createdAt>#<id>
//     newest first (set at creation, never changed or removed: a withdrawn case stays listed as its tombstone); the
//     index copies only id and status, so each listed case is then read from its partition (pattern 1: the facts and
//     history the referrer's view needs) and, in parallel, the institution's reference from its personal item
//     (pattern P1, projected to the reference), which is therefore erased and expires with the family's data
// 1a. Audit trail of a case          Query    pk = CASE#<id>, sk begins_with AUDIT#<at>#<random> (kept after erasure)
// 17. Cases due for retention         Query index GSI2: gsi2pk = SWEEP#closed, gsi2sk < <now − retention>#   (closed)
//     and gsi2pk = SWEEP#idle, gsi2sk < <now − open-case retention>#   (open, by the change that made it idle-swept;
//     the sweeper moves a case found there that changed since to its last change); the retention time is the
//     sweeper's setting, not stored, so a changed setting applies to every case at its next run
// 18. Erasure journal                 Query    pk = ERASURES, sk = <erasedAt>#<caseId> (ids and times only; expires
//     after the point-in-time-recovery window, as no restore can bring back data erased before it)
//
// Personal table (pk, sk; no index; TTL on expiresAt), the same key shapes as the case partition of the main table:
//  P1. Personal data of a case         GetItem  pk = CASE#<id>, sk = PERSONAL: the referral body, idempotency key and
//      notes; Put once in the creation transaction, notes appended (UpdateItem), deleted on erasure, expires (TTL) a
//      retention period after closure
//  P2. Proposals of a case             Put by the transition that routes/assigns the case (pk = CASE#<id>,
//      sk = PROPOSALS): their own item so that every later transition rewrites ~1 KB, not ~3 KB; here and not beside
//      the case because their reasons restate the family's languages and wishes; deleted on erasure, expire with P1
//  P3. Everything personal of a case   Query    pk = CASE#<id> (PERSONAL, PROPOSALS), in parallel with pattern 1

import type { InboxCase } from '#application/ports.ts';
import { type CaseRecord, isTombstone, type StoredCase } from '#domain/case.ts';
import { URGENCY_RANK, type Urgency } from '#domain/codes.ts';

export interface ItemKey {
  pk: string;
  sk: string;
}

const CASE_PREFIX = 'CASE#';
const CASE_SK = 'CASE';
const PERSONAL_SK = 'PERSONAL';
const PROPOSALS_SK = 'PROPOSALS';
const EVENT_PREFIX = 'EVENT#';
const AUDIT_PREFIX = 'AUDIT#';
const EVENT_SEQ_DIGITS = 6;

function paddedSeq(seq: number): string {
  return String(seq).padStart(EVENT_SEQ_DIGITS, '0');
}

export function caseKey(caseId: string): ItemKey {
  return { pk: casePartition(caseId), sk: CASE_SK };
}

/** Partition of a case, its history and audit entries (pattern 1), and of its personal items (pattern P3). */
export function casePartition(caseId: string): string {
  return `${CASE_PREFIX}${caseId}`;
}

/** The lowest sort key of pattern 1: the case item; audit entries sort before it and are skipped. */
export function caseDataSortKeyFloor(): string {
  return CASE_SK;
}

export function isCaseSortKey(sk: string): boolean {
  return sk === CASE_SK;
}

/**
 * The family's personal data of a case, in the personal table (pattern P1): deleted on withdrawal, expires (TTL) a
 * retention period after closure.
 */
export function casePersonalKey(caseId: string): ItemKey {
  return { pk: casePartition(caseId), sk: PERSONAL_SK };
}

export function isCasePersonalSortKey(sk: string): boolean {
  return sk === PERSONAL_SK;
}

/** The ranked offer proposals of a case, in the personal table (pattern P2). */
export function caseProposalsKey(caseId: string): ItemKey {
  return { pk: casePartition(caseId), sk: PROPOSALS_SK };
}

export function isCaseProposalsSortKey(sk: string): boolean {
  return sk === PROPOSALS_SK;
}

export function isCaseEventSortKey(sk: string): boolean {
  return sk.startsWith(EVENT_PREFIX);
}

/** History event number `seq` (== the case version after the event), zero-padded so events sort by number. */
export function caseEventKey(caseId: string, seq: number): ItemKey {
  return { pk: casePartition(caseId), sk: `${EVENT_PREFIX}${paddedSeq(seq)}` };
}

/** One audit entry; the random suffix keeps two reads in the same millisecond apart. */
export function caseAuditKey(caseId: string, at: string, random: string): ItemKey {
  return { pk: casePartition(caseId), sk: `${AUDIT_PREFIX}${at}#${random}` };
}

/** The sort-key prefix of a case's audit entries (pattern 1a). */
export function caseAuditSortKeyPrefix(): string {
  return AUDIT_PREFIX;
}

/** The event keys of a case at `version` (events 1..version), e.g. to strip them on erasure. */
export function caseEventKeys(caseId: string, version: number): ItemKey[] {
  return Array.from({ length: version }, (_, index) => caseEventKey(caseId, index + 1));
}

/** The erasure journal (pattern 18): one item per erasure, ids and time only, for re-applying after a restore. */
export const ERASURE_JOURNAL_PARTITION = 'ERASURES';

export function erasureJournalKey(erasedAt: string, caseId: string): ItemKey {
  return { pk: ERASURE_JOURNAL_PARTITION, sk: `${erasedAt}#${caseId}` };
}

/** Idempotency keys are scoped per institution: two institutions may use the same key independently. */
export function idempotencyKey(institutionId: string, key: string): ItemKey {
  return { pk: `IDEMPOTENCY#${institutionId}#${key}`, sk: 'IDEMPOTENCY' };
}

export const CATALOGUE_PARTITION = 'CATALOGUE';

export type CatalogueEntityKind = 'DISTRICT' | 'OFFICE' | 'INSTITUTION' | 'OFFER';

export function catalogueMunicipalityKey(): ItemKey {
  return { pk: CATALOGUE_PARTITION, sk: 'MUNICIPALITY' };
}

export function catalogueEntityKey(kind: CatalogueEntityKind, id: string): ItemKey {
  return { pk: CATALOGUE_PARTITION, sk: `${catalogueKindPrefix(kind)}${id}` };
}

/** The marker a removed office or institution leaves (pattern 4b): its id, kind and removal time only. */
export function catalogueRemovedKey(kind: Extract<CatalogueEntityKind, 'OFFICE' | 'INSTITUTION'>, id: string): ItemKey {
  return { pk: CATALOGUE_PARTITION, sk: `${catalogueRemovedPrefix()}${kind}#${id}` };
}

/** The sort-key prefix of every removal marker (pattern 4b); no entity kind begins with it. */
export function catalogueRemovedPrefix(): string {
  return 'REMOVED#';
}

/** The sort-key prefix of every entity of one kind (pattern 4a). */
export function catalogueKindPrefix(kind: CatalogueEntityKind): string {
  return `${kind}#`;
}

/** The kind of a catalogue item from its sort key, or undefined for a key this version does not know. */
export function catalogueKindOf(sk: string): CatalogueEntityKind | 'MUNICIPALITY' | undefined {
  if (sk === 'MUNICIPALITY') return 'MUNICIPALITY';
  const kind = sk.slice(0, sk.indexOf('#'));
  return kind === 'DISTRICT' || kind === 'OFFICE' || kind === 'INSTITUTION' || kind === 'OFFER' ? kind : undefined;
}

export const CHILD_PROTECTION_PARTITION = 'STATS#child-protection';

/** month is `YYYY-MM` (UTC). */
export function childProtectionCounterKey(month: string): ItemKey {
  return { pk: CHILD_PROTECTION_PARTITION, sk: month };
}

/** A coverage profile as keyed: ids and codes only (entity ids and codes contain no `#` and no `+`). */
export interface CoverageProfileKey {
  districtId: string;
  phases: readonly string[];
  needs: readonly string[];
  institutionType: string;
}

/** The partition of one day's coverage aggregates; `day` is `YYYY-MM-DD` (UTC) of the cases' creation. */
export function coveragePartition(day: string): string {
  return `STATS#coverage#${day}`;
}

/**
 * Counter items per profile and day. Each profile's counters are spread over this many items (shards), each case
 * always counting in the same one, so that simultaneous referrals of one profile rarely meet on one item inside
 * concurrent transactions (which DynamoDB would cancel as conflicts). The report reads the whole day partition and
 * sums them.
 */
export const COVERAGE_SHARDS = 8;

/** The aggregate item of one profile on one day, in the case's shard (pattern 12). */
export function coverageKey(day: string, profile: CoverageProfileKey, shard: number): ItemKey {
  return {
    pk: coveragePartition(day),
    sk: `${profile.districtId}#${profile.phases.join('+')}#${profile.needs.join('+')}#${profile.institutionType}#${shard}`,
  };
}

/**
 * The profile of a coverage sort key (any shard), or undefined for a key that is not one. Items written one per cell
 * (before profiles) read as profiles of one phase and one need.
 */
export function coverageProfileOfSortKey(sk: string): CoverageProfileKey | undefined {
  const [districtId, phases, needs, institutionType, shard, ...rest] = sk.split('#');
  if (!districtId || !phases || !needs || !institutionType || shard === undefined || rest.length > 0) return undefined;
  return { districtId, phases: phases.split('+'), needs: needs.split('+'), institutionType };
}

/**
 * The attributes each index copies (besides the table and index keys): exactly what the index readers use, so an
 * index write costs about one write unit instead of a copy of the whole case.
 * Inbox indexes (GSI1, GSI3): an InboxCase (the port's inbox line) and the open-cases check; sweep index (GSI2): case
 * ids and outbox events.
 */
export const INBOX_INDEX_ATTRIBUTES = [
  'id',
  'status',
  'urgency',
  'createdAt',
  'updatedAt',
  'officeId',
  'districtId',
  'phases',
  'needs',
  'openedAt',
  'deadlineAt',
  'escalationReason',
] as const satisfies readonly (keyof InboxCase)[];
export const SWEEP_INDEX_ATTRIBUTES = ['id', 'seq', 'outbox'] as const;
/**
 * Referrals index (GSI4): the case id alone, which never changes, so that a case's steps never write this index (a
 * status here would be rewritten at every step; the listing reads each case anyway and filters there, pattern 16).
 */
export const REFERRALS_INDEX_ATTRIBUTES = ['id'] as const satisfies readonly (keyof CaseRecord)[];

export const SWEEP_INDEX_NAME = 'GSI2';
export const SWEEP_RECEIVED_PARTITION = 'SWEEP#received';
export const SWEEP_DEADLINE_PARTITION = 'SWEEP#deadline';
export const SWEEP_OUTBOX_PARTITION = 'SWEEP#outbox';

/** Retention (pattern 17): closed cases by closure time, open cases an office or coordinator has by last change. */
export const SWEEP_CLOSED_PARTITION = 'SWEEP#closed';
export const SWEEP_IDLE_PARTITION = 'SWEEP#idle';

export type SweepKeys = { gsi2pk: string; gsi2sk: string };

/** GSI2 keys of a case waiting for its retention time (pattern 17), ordered by the time retention counts from. */
export function retentionSweepKeys(
  partition: typeof SWEEP_CLOSED_PARTITION | typeof SWEEP_IDLE_PARTITION,
  since: string,
  caseId: string,
): SweepKeys {
  return { gsi2pk: partition, gsi2sk: `${since}#${caseId}` };
}

/** GSI2 keys of a case while it is `received` (pattern 7); removed by the transition that routes or escalates it. */
export function sweepKeys(createdAt: string, caseId: string): SweepKeys {
  return { gsi2pk: SWEEP_RECEIVED_PARTITION, gsi2sk: `${createdAt}#${caseId}` };
}

/** GSI2 keys of a routed case its office has not opened yet (pattern 8), ordered by deadline. */
export function deadlineSweepKeys(deadlineAt: string, caseId: string): SweepKeys {
  return { gsi2pk: SWEEP_DEADLINE_PARTITION, gsi2sk: `${deadlineAt}#${caseId}` };
}

/** GSI2 keys of a history event whose notification is not yet sent (pattern 9), ordered by event time. */
export function outboxSweepKeys(at: string, caseId: string, seq: number): SweepKeys {
  return { gsi2pk: SWEEP_OUTBOX_PARTITION, gsi2sk: `${at}#${caseId}#${paddedSeq(seq)}` };
}

export const OFFICE_INBOX_INDEX_NAME = 'GSI1';
export const ALL_CASES_INDEX_NAME = 'GSI3';
export const ALL_CASES_PARTITION = 'CASES';

function inboxSortKey(urgency: Urgency, createdAt: string, caseId: string): string {
  return `${URGENCY_RANK[urgency]}#${createdAt}#${caseId}`;
}

export function officeInboxPartition(officeId: string): string {
  return `OFFICE#${officeId}`;
}

/** GSI1 keys of a case in its office's inbox (pattern 6): urgent first, then oldest first. */
export function officeInboxKeys(
  officeId: string,
  urgency: Urgency,
  createdAt: string,
  caseId: string,
): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: officeInboxPartition(officeId), gsi1sk: inboxSortKey(urgency, createdAt, caseId) };
}

/** GSI3 keys of every case (pattern 10), set at creation; urgency and creation time never change. */
export function allCasesKeys(urgency: Urgency, createdAt: string, caseId: string): { gsi3pk: string; gsi3sk: string } {
  return { gsi3pk: ALL_CASES_PARTITION, gsi3sk: inboxSortKey(urgency, createdAt, caseId) };
}

export const REFERRALS_INDEX_NAME = 'GSI4';

export function institutionReferralsPartition(institutionId: string): string {
  return `INSTITUTION#${institutionId}`;
}

/** GSI4 keys of every case (pattern 16), set at creation: its institution and creation time never change. */
export function institutionReferralsKeys(
  institutionId: string,
  createdAt: string,
  caseId: string,
): { gsi4pk: string; gsi4sk: string } {
  return { gsi4pk: institutionReferralsPartition(institutionId), gsi4sk: `${createdAt}#${caseId}` };
}

/** The case id at the end of an inbox, referrals or erasure-journal sort key (ids and RFC 3339 times have no `#`). */
export function caseIdOfInboxSortKey(sk: string): string {
  return sk.slice(sk.lastIndexOf('#') + 1);
}

export type CaseIndexAttribute = 'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk' | 'gsi3pk' | 'gsi3sk';

/**
 * The GSI1/GSI2 keys a case item must carry in the state `record` is in, and the ones it must not: the inbox while an
 * office holds it; the received sweep while `received`; the deadline sweep while routed and unopened; the retention
 * sweeps otherwise (closed: by closure time; open: by last change). A tombstone leaves every index but GSI4 (the
 * all-cases key GSI3 sorts by urgency, which the tombstone no longer has).
 */
export function caseIndexKeys(record: StoredCase): {
  set: Partial<Record<CaseIndexAttribute, string>>;
  remove: CaseIndexAttribute[];
} {
  const set: Partial<Record<CaseIndexAttribute, string>> = {};
  const remove: CaseIndexAttribute[] = [];
  if (isTombstone(record)) return { set, remove: ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'] };
  if (record.officeId !== null)
    Object.assign(set, officeInboxKeys(record.officeId, record.urgency, record.createdAt, record.id));
  else remove.push('gsi1pk', 'gsi1sk');
  if (record.status === 'received') Object.assign(set, sweepKeys(record.createdAt, record.id));
  else if (record.status === 'routed' && record.openedAt === undefined && record.deadlineAt !== undefined) {
    Object.assign(set, deadlineSweepKeys(record.deadlineAt, record.id));
  } else if (record.status === 'closed' && record.closedAt !== undefined) {
    Object.assign(set, retentionSweepKeys(SWEEP_CLOSED_PARTITION, record.closedAt, record.id));
  } else if (record.status !== 'withdrawn') {
    Object.assign(set, idleSweepKeys(record.updatedAt, record.id));
  } else remove.push('gsi2pk', 'gsi2sk');
  return { set, remove };
}

/**
 * The index keys a transition from `from` to `next` writes: those of `next` (caseIndexKeys), except that a case which
 * stays in the idle retention sweep keeps the sweep key it got when it entered it. Rewriting that key at every change
 * would move the item in the sweep index (a delete and a put there) at every step of an office's work; instead the
 * sweeper moves a case it finds there that changed since (pattern 17, `idleSweepKeys`), at most once per retention
 * period.
 */
export function caseIndexKeyChanges(from: StoredCase, next: StoredCase): ReturnType<typeof caseIndexKeys> {
  const keys = caseIndexKeys(next);
  if (keys.set.gsi2pk !== SWEEP_IDLE_PARTITION || caseIndexKeys(from).set.gsi2pk !== SWEEP_IDLE_PARTITION) return keys;
  const { gsi2pk: _partition, gsi2sk: _sortKey, ...set } = keys.set;
  return { set, remove: keys.remove };
}

/** The idle sweep's keys of an open case by its last change (pattern 17), for the sweeper to move it to. */
export function idleSweepKeys(updatedAt: string, caseId: string): SweepKeys {
  return retentionSweepKeys(SWEEP_IDLE_PARTITION, updatedAt, caseId);
}

/** The offer whose capacity a connected close uses (pattern 11). */
export function offerKey(offerId: string): ItemKey {
  return catalogueEntityKey('OFFER', offerId);
}

export const IDENTITY_PARTITION = 'IDENTITY';
export const ACCOUNT_SK_PREFIX = 'ACCOUNT#';
export const CLIENT_SK_PREFIX = 'CLIENT#';

export function accountKey(accountId: string): ItemKey {
  return { pk: IDENTITY_PARTITION, sk: `${ACCOUNT_SK_PREFIX}${accountId}` };
}

export function clientKey(clientId: string): ItemKey {
  return { pk: IDENTITY_PARTITION, sk: `${CLIENT_SK_PREFIX}${clientId}` };
}

/** E-mail addresses compare case-insensitively: one account per address however it is capitalised. */
export function accountEmailKey(email: string): ItemKey {
  return { pk: IDENTITY_PARTITION, sk: `EMAIL#${email.toLowerCase()}` };
}
