// Which coverage counts a case change adds to: the counting rules of the coverage report, apart from their storage.
import type { CaseEvent, CaseRecord } from './case.ts';
import { type InstitutionType, LIFE_PHASES, type LifePhase, NEED_CODES, type NeedCode } from './codes.ts';
import { type CoverageCaseFacts, type CoverageCell, type CoverageCount, firstActionBucket } from './coverage.ts';

/**
 * What a case counts in: its district, institution type, phases and needs — the cells it counts in are the phases ×
 * the needs. Counting once per profile instead of once per cell keeps a change to one counter write however many
 * cells the case spans; the report expands a profile's counts into its cells (cellsOfProfile). Phases and needs are
 * each once and in the codes' order, so every case of the same profile counts on the same counters.
 */
export interface CoverageProfile {
  districtId: string;
  institutionType: InstitutionType;
  phases: LifePhase[];
  needs: NeedCode[];
}

export function coverageProfileOf(caseFacts: CoverageCaseFacts): CoverageProfile {
  return {
    districtId: caseFacts.districtId,
    institutionType: caseFacts.institutionType,
    phases: LIFE_PHASES.filter((phase) => caseFacts.phases.includes(phase)),
    needs: NEED_CODES.filter((need) => caseFacts.needs.includes(need)),
  };
}

/** The cells a profile counts in: each of its phases × each of its needs. */
export function cellsOfProfile(profile: CoverageProfile): CoverageCell[] {
  const { districtId, institutionType } = profile;
  return profile.phases.flatMap((phase) => profile.needs.map((need) => ({ districtId, phase, need, institutionType })));
}

/** What one change adds: one to each of `counts` (and to the histogram bucket) in every cell of the case's profile. */
export interface CoverageIncrement {
  /** `YYYY-MM-DD` (UTC) of the case's creation: every later count of the case goes to the same day. */
  day: string;
  profile: CoverageProfile;
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
    profile: coverageProfileOf(caseRecord),
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
