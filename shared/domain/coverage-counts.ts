// Which coverage counts a case change adds to: the counting rules of the coverage report, apart from their storage.
import type { CaseEvent, CaseRecord } from './case.ts';
import { type CoverageCell, type CoverageCount, coverageCells, firstActionBucket } from './coverage.ts';

/** What one change adds: one to each of `counts` (and to the histogram bucket) in every cell of the case. */
export interface CoverageIncrement {
  /** `YYYY-MM-DD` (UTC) of the case's creation: every later count of the case goes to the same day. */
  day: string;
  cells: CoverageCell[];
  counts: CoverageCount[];
  /** The first-action histogram bucket (hours since creation) when the change is the case's first office action. */
  firstActionBucket?: string;
}

/** The facts of a change the counts depend on (a case transition has them). */
export interface CoverageChange {
  from: CaseRecord;
  event: Pick<CaseEvent, 'type' | 'at'>;
  changes: Pick<Partial<CaseRecord>, 'unmatched' | 'outcome'>;
}

/** What a change counts, and the time of the first office action when the change is it. */
export interface CoverageOfChange {
  increment?: CoverageIncrement;
  /** To be remembered with the case, so that no later action counts as the first one again. */
  firstActionAt?: string;
}

/** Events that are an office acting on a case: the first of them is the "first office action". */
const FIRST_ACTION_EVENTS: ReadonlySet<CaseEvent['type']> = new Set(['opened', 'accepted', 'declined']);

const HOUR_MS = 3_600_000;

function incrementOf(caseRecord: CaseRecord, counts: CoverageCount[], bucket?: string): CoverageIncrement {
  return {
    day: caseRecord.createdAt.slice(0, 10),
    cells: coverageCells(caseRecord),
    counts,
    ...(bucket !== undefined ? { firstActionBucket: bucket } : {}),
  };
}

/** A new case counts as `received` in each of its cells (phases × needs). */
export function coverageOfNewCase(caseRecord: CaseRecord): CoverageIncrement {
  return incrementOf(caseRecord, ['received']);
}

/**
 * What a change counts. The router's `routed` counts as routed and, when no offer was eligible, also as unmatched
 * (API.md: such a referral is still routed to its office; an escalation for want of an office counts as received
 * only); `accepted` as accepted; a close with outcome `connected` as connected. The first office action (opened,
 * accepted or declined, whichever came first; `firstActionAt` says whether one was already counted) adds one to the
 * histogram bucket of the hours since creation. Withdrawals and everything else count nothing: counts never go down.
 */
export function coverageOfChange(change: CoverageChange, firstActionAt: string | undefined): CoverageOfChange {
  const { from, event } = change;
  const counts: CoverageCount[] = [];
  if (event.type === 'routed')
    counts.push('routed', ...(change.changes.unmatched === true ? ['unmatched' as const] : []));
  if (event.type === 'accepted') counts.push('accepted');
  if (event.type === 'closed' && change.changes.outcome === 'connected') counts.push('connected');
  const isFirstAction = FIRST_ACTION_EVENTS.has(event.type) && firstActionAt === undefined;
  const bucket = isFirstAction
    ? firstActionBucket((Date.parse(event.at) - Date.parse(from.createdAt)) / HOUR_MS)
    : undefined;
  return {
    ...(counts.length > 0 || bucket !== undefined ? { increment: incrementOf(from, counts, bucket) } : {}),
    ...(isFirstAction ? { firstActionAt: event.at } : {}),
  };
}
