// Use case: the submitting institution reads its referral's milestones (never case content).

import type { CaseRepository } from '#application/ports.ts';
import type { PrincipalOf } from '#domain/case.ts';
import { NotFound } from '#domain/errors.ts';
import { referrerView } from '#domain/milestones.ts';

export interface GetReferralPorts {
  cases: Pick<CaseRepository, 'getWithHistory'>;
}

export type ReferralStatusView = ReturnType<typeof referrerView>;

/** Another institution's referral answers 404 exactly like a missing one, so ids reveal nothing. */
export async function getReferral(
  ports: GetReferralPorts,
  input: { principal: PrincipalOf<'referrer'>; referralId: string },
): Promise<ReferralStatusView> {
  const found = await ports.cases.getWithHistory(input.referralId);
  if (!found || found.caseRecord.institutionId !== input.principal.institutionId) throw new NotFound('referral');
  return referrerView(found.caseRecord, found.history);
}
