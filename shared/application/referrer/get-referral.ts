// Use case: the submitting institution reads its referral's milestones (never case content).

import type { CaseRepository } from '#application/ports.ts';
import type { Principal } from '#domain/case.ts';
import { Forbidden, NotFound } from '#domain/errors.ts';
import { referrerView } from '#domain/milestones.ts';

export interface GetReferralPorts {
  cases: Pick<CaseRepository, 'getWithHistory'>;
}

export type ReferralStatusView = ReturnType<typeof referrerView>;

/** Another institution's referral answers 404 exactly like a missing one, so ids reveal nothing. */
export async function getReferral(
  ports: GetReferralPorts,
  input: { principal: Principal; referralId: string },
): Promise<ReferralStatusView> {
  if (input.principal.role !== 'referrer') throw new Forbidden();
  const found = await ports.cases.getWithHistory(input.referralId);
  if (!found || found.caseRecord.institutionId !== input.principal.institutionId) throw new NotFound('referral');
  return referrerView(found.caseRecord, found.history);
}
