// What a case change adds to the coverage aggregates: one atomic ADD per cell, in the same transaction as the change.

import type { CaseTransition } from '#application/ports.ts';
import type { CaseRecord } from '#domain/case.ts';
import { coverageCells, firstActionBucket } from '#domain/coverage.ts';
import { COVERAGE_SHARDS, type CoverageCellKey } from './keys.ts';

const HISTOGRAM_PREFIX = 'firstActionHours_';

/** The attribute of one first-action histogram bucket (`firstActionHours_24`, `firstActionHours_inf`). */
export function histogramAttribute(bucket: string): string {
  return `${HISTOGRAM_PREFIX}${bucket}`;
}

/** The bucket of a histogram attribute name, or undefined for another attribute. */
export function bucketOfAttribute(attribute: string): string | undefined {
  return attribute.startsWith(HISTOGRAM_PREFIX) ? attribute.slice(HISTOGRAM_PREFIX.length) : undefined;
}

/** Adds 1 to each of `attributes` in every cell of the case, in the partition of the day the case was created. */
export interface CoverageIncrement {
  /** `YYYY-MM-DD` (UTC) of the case's creation: every later count of the case goes to the same day. */
  day: string;
  cells: CoverageCellKey[];
  /** The counter shard of the case (see COVERAGE_SHARDS): the same for every count of one case. */
  shard: number;
  attributes: string[];
}

/**
 * The case item as stored carries `firstActionAt` (set by the repository, never by a use case): the first office
 * action (opened, accepted or declined, whichever came first) and the moment the histogram counted it.
 */
export type StoredCaseRecord = CaseRecord & { firstActionAt?: string };

/** Events that are an office acting on a case: the first of them is the "first office action". */
const FIRST_ACTION_EVENTS: ReadonlySet<string> = new Set(['opened', 'accepted', 'declined']);

function dayOf(createdAt: string): string {
  return createdAt.slice(0, 10);
}

/** A stable shard from the case id (FNV-1a), so a case's later counts land on the item its first count did. */
export function coverageShardOf(caseId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < caseId.length; index += 1) {
    hash = Math.imul(hash ^ caseId.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash % COVERAGE_SHARDS;
}

function increment(caseRecord: CaseRecord, attributes: string[]): CoverageIncrement {
  return {
    day: dayOf(caseRecord.createdAt),
    cells: coverageCells(caseRecord),
    shard: coverageShardOf(caseRecord.id),
    attributes,
  };
}

/** A new case counts as `received` in each of its cells (phases × needs). */
export function coverageOfCreate(caseRecord: CaseRecord): CoverageIncrement {
  return increment(caseRecord, ['received']);
}

/**
 * What a transition counts. The router's `routed` counts as routed and, when no offer was eligible, also as unmatched
 * (API.md: such a referral is still routed to its office; an escalation for want of an office counts as received
 * only); `accepted` as accepted; a close with outcome `connected`
 * as connected. The first office action (opened, accepted or declined) also sets `firstActionAt` on the case and adds
 * one to the histogram bucket of the hours since creation. Withdrawals and everything else count nothing (counts are
 * never decremented).
 */
export function coverageOfTransition(transition: CaseTransition): {
  increment?: CoverageIncrement;
  firstActionAt?: string;
} {
  const from = transition.from as StoredCaseRecord;
  const { event } = transition;
  const attributes: string[] = [];
  if (event.type === 'routed')
    attributes.push('routed', ...(transition.changes.unmatched === true ? ['unmatched'] : []));
  if (event.type === 'accepted') attributes.push('accepted');
  if (event.type === 'closed' && transition.changes.outcome === 'connected') attributes.push('connected');
  let firstActionAt: string | undefined;
  if (FIRST_ACTION_EVENTS.has(event.type) && from.firstActionAt === undefined) {
    firstActionAt = event.at;
    const hours = (Date.parse(event.at) - Date.parse(from.createdAt)) / 3_600_000;
    attributes.push(histogramAttribute(firstActionBucket(hours)));
  }
  return {
    ...(attributes.length > 0 ? { increment: increment(from, attributes) } : {}),
    ...(firstActionAt !== undefined ? { firstActionAt } : {}),
  };
}
