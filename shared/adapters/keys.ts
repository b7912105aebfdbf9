// The single-table key formats: the ONLY place that composes pk/sk/gsi keys, with the access patterns they serve.
//
// Access patterns (table: pk, sk; GSI1: gsi1pk, gsi1sk; GSI2: gsi2pk, gsi2sk; all strings):
//  1. Case with its history            Query    pk = CASE#<id>                       (sk CASE, then EVENT#000001…)
//  2. Case alone                       GetItem  pk = CASE#<id>, sk = CASE
//  3. Idempotency record of a request  GetItem  pk = IDEMPOTENCY#<institutionId>#<key>, sk = IDEMPOTENCY
//  4. Whole catalogue                  Query    pk = CATALOGUE                        (sk MUNICIPALITY, DISTRICT#…, …)
//  5. Child-protection counter / month UpdateItem ADD count, pk = STATS#child-protection, sk = <YYYY-MM>
//  6. Office inbox (later issue)       Query index GSI1: gsi1pk = OFFICE#<officeId>, gsi1sk = <urgencyRank>#<createdAt>#<id>
//  7. Cases stuck in `received`        Query index GSI2: gsi2pk = SWEEP#received, gsi2sk < <threshold createdAt>
//     (sparse: the keys exist only while a case is `received`, so the sweeper reads nothing else; never a Scan)

import { URGENCY_RANK, type Urgency } from '#domain/codes.ts';

export interface ItemKey {
  pk: string;
  sk: string;
}

const CASE_SK = 'CASE';
const EVENT_PREFIX = 'EVENT#';
const EVENT_SEQ_DIGITS = 6;

export function caseKey(caseId: string): ItemKey {
  return { pk: `CASE#${caseId}`, sk: CASE_SK };
}

/** Partition of a case and its history (pattern 1). */
export function casePartition(caseId: string): string {
  return `CASE#${caseId}`;
}

export function isCaseSortKey(sk: string): boolean {
  return sk === CASE_SK;
}

export function isCaseEventSortKey(sk: string): boolean {
  return sk.startsWith(EVENT_PREFIX);
}

/** History event number `seq` (== the case version after the event), zero-padded so events sort by number. */
export function caseEventKey(caseId: string, seq: number): ItemKey {
  return { pk: casePartition(caseId), sk: `${EVENT_PREFIX}${String(seq).padStart(EVENT_SEQ_DIGITS, '0')}` };
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
  return { pk: CATALOGUE_PARTITION, sk: `${kind}#${id}` };
}

/** The kind of a catalogue item from its sort key, or undefined for a key this version does not know. */
export function catalogueKindOf(sk: string): CatalogueEntityKind | 'MUNICIPALITY' | undefined {
  if (sk === 'MUNICIPALITY') return 'MUNICIPALITY';
  const kind = sk.slice(0, sk.indexOf('#'));
  return kind === 'DISTRICT' || kind === 'OFFICE' || kind === 'INSTITUTION' || kind === 'OFFER' ? kind : undefined;
}

/** month is `YYYY-MM` (UTC). */
export function childProtectionCounterKey(month: string): ItemKey {
  return { pk: 'STATS#child-protection', sk: month };
}

export const SWEEP_INDEX_NAME = 'GSI2';
export const SWEEP_RECEIVED_PARTITION = 'SWEEP#received';

/** GSI2 keys of a case while it is `received` (pattern 7); removed by the transition that routes or escalates it. */
export function sweepKeys(createdAt: string, caseId: string): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: SWEEP_RECEIVED_PARTITION, gsi2sk: `${createdAt}#${caseId}` };
}

export const OFFICE_INBOX_INDEX_NAME = 'GSI1';

/** GSI1 keys of a routed case in its office's inbox (pattern 6): urgent first, then oldest first. */
export function officeInboxKeys(
  officeId: string,
  urgency: Urgency,
  createdAt: string,
  caseId: string,
): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: `OFFICE#${officeId}`, gsi1sk: `${URGENCY_RANK[urgency]}#${createdAt}#${caseId}` };
}
