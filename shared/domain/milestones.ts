// The referrer's view of a case (API.md "GET /v1/referrals/{referralId}"): milestones only, never case content.
import type { CaseEvent, CaseEventType, CaseRecord } from './case.ts';
import type { CaseStatus, Outcome, ReferrerStatus } from './codes.ts';

export type Milestone = { status: ReferrerStatus; at: string };

/** What the referrer's view reads of a case: no content, no ids but its own. */
export type ReferralFacts = Pick<CaseRecord, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'consentScopes' | 'outcome'>;

export type ReferrerView = {
  referralId: string;
  status: ReferrerStatus;
  outcome?: Outcome;
  createdAt: string;
  updatedAt: string;
  milestones: Milestone[];
};

/** Which history events mark each referrer milestone (the first such event counts). */
const MILESTONE_EVENTS: ReadonlyArray<readonly [ReferrerStatus, readonly CaseEventType[]]> = [
  ['received', ['received']],
  ['forwarded', ['routed', 'assigned']],
  ['in-progress', ['accepted', 'started']],
  ['closed', ['closed']],
  ['withdrawn', ['withdrawn']],
];

/** Milestones a referrer sees only with the family's `feedback` consent. */
const FEEDBACK_ONLY: ReadonlySet<ReferrerStatus> = new Set(['in-progress', 'closed']);

/** Internal status → the referrer milestones it implies (so a missing event cannot hide a reached milestone). */
const REACHED: Readonly<Record<CaseStatus, readonly ReferrerStatus[]>> = {
  received: ['received'],
  routed: ['received', 'forwarded'],
  escalated: ['received'],
  accepted: ['received', 'forwarded', 'in-progress'],
  'in-progress': ['received', 'forwarded', 'in-progress'],
  closed: ['received', 'forwarded', 'in-progress', 'closed'],
  withdrawn: ['received', 'withdrawn'],
};

/**
 * Derives the referrer's view from the case and its history. `forwarded` means a family office has (or had) the case:
 * an escalated case that an office once held stays `forwarded` for the referrer, one that never reached an office
 * (no office for the district) stays `received`. Without `feedback` consent the view stops at `forwarded` (or
 * `withdrawn`) and carries no outcome; `updatedAt` is then the last visible milestone, so later activity does not
 * leak through the timestamp either.
 */
export function referrerView(caseRecord: ReferralFacts, history: readonly CaseEvent[]): ReferrerView {
  const feedback = hasFeedbackConsent(caseRecord);
  const events = [...history].sort((a, b) => a.seq - b.seq);
  const reached = new Set(REACHED[caseRecord.status]);

  const milestones: Milestone[] = [];
  for (const [status, types] of MILESTONE_EVENTS) {
    if (FEEDBACK_ONLY.has(status) && !feedback) continue;
    const event = events.find((candidate) => types.includes(candidate.type));
    if (event) milestones.push({ status, at: event.at });
    else if (reached.has(status)) milestones.push({ status, at: fallbackTime(caseRecord, status) });
  }

  const last = milestones[milestones.length - 1];
  const view: ReferrerView = {
    referralId: caseRecord.id,
    status: last?.status ?? 'received',
    createdAt: caseRecord.createdAt,
    updatedAt: last?.at ?? caseRecord.createdAt,
    milestones,
  };
  if (feedback && caseRecord.status === 'closed' && caseRecord.outcome !== undefined) {
    view.outcome = caseRecord.outcome;
  }
  return view;
}

/** The consent scopes live on the case item, so the gate still works after the personal data is erased. */
function hasFeedbackConsent(caseRecord: ReferralFacts): boolean {
  return caseRecord.consentScopes.includes('feedback');
}

function fallbackTime(caseRecord: ReferralFacts, status: ReferrerStatus): string {
  return status === 'received' ? caseRecord.createdAt : caseRecord.updatedAt;
}
