// Use case: the submitting institution reads its referral's milestones (never case content).

import type { CaseRepository } from '#application/ports.ts';
import type { CaseEvent, PrincipalOf } from '#domain/case.ts';
import { NotFound } from '#domain/errors.ts';
import { type ReferralFacts, type ReferrerView, referrerView } from '#domain/milestones.ts';

export interface GetReferralPorts {
  cases: Pick<CaseRepository, 'getWithHistory'>;
}

/** The referrer's view, with the institution's own reference while the family's personal data (its home) exists. */
export type ReferralStatusView = ReferrerView & { referrerReference?: string };

/**
 * What the submitting institution sees of a referral, here and in its list of referrals: the milestones under the
 * `feedback` consent rule (domain/milestones.ts) and its own reference. Nobody else is ever shown the reference.
 */
export function referralStatusView(
  caseRecord: ReferralFacts,
  history: readonly CaseEvent[],
  referrerReference: string | undefined,
): ReferralStatusView {
  const view = referrerView(caseRecord, history);
  return referrerReference === undefined ? view : { ...view, referrerReference };
}

/** Another institution's referral answers 404 exactly like a missing one, so ids reveal nothing. */
export async function getReferral(
  ports: GetReferralPorts,
  input: { principal: PrincipalOf<'referrer'>; referralId: string },
): Promise<ReferralStatusView> {
  const found = await ports.cases.getWithHistory(input.referralId);
  if (!found || found.caseRecord.institutionId !== input.principal.institutionId) throw new NotFound('referral');
  return referralStatusView(found.caseRecord, found.history, found.personal?.referral.referrerReference);
}
