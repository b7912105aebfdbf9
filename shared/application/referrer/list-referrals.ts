// Use case: the referring institution lists its referrals, newest first, one page at a time (milestone status only).

import type { CaseRepository, ListedReferral } from '#application/ports.ts';
import type { PrincipalOf } from '#domain/case.ts';
import type { ReferrerStatus } from '#domain/codes.ts';
import { type ReferralStatusView, referralStatusView } from './get-referral.ts';

export const REFERRALS_DEFAULT_LIMIT = 25;

export interface ListReferralsPorts {
  cases: Pick<CaseRepository, 'listReferrals'>;
}

/** Which referrals, and which page of them. */
export interface ReferralFilter {
  /** The status the referrer sees (not the internal case status). */
  status?: ReferrerStatus | undefined;
  /** 1–100; default REFERRALS_DEFAULT_LIMIT. */
  limit?: number | undefined;
  /** The `nextCursor` of the previous page of the same listing. */
  cursor?: string | undefined;
}

/** A line of the list: the single referral's view without its milestones. */
export type ReferralListItem = Omit<ReferralStatusView, 'milestones'>;

export interface ReferralList {
  items: ReferralListItem[];
  nextCursor: string | null;
}

function viewOf(referral: ListedReferral): ReferralStatusView {
  return referralStatusView(referral.caseRecord, referral.history, referral.referrerReference);
}

/**
 * The caller's institution's referrals only (its token's institution is the index partition), each shown exactly as
 * the single referral shows it: status and outcome under the `feedback` consent rule, the reference while the family's
 * data exists, a withdrawn referral as its tombstone. A status filter is applied to that view.
 */
export async function listReferrals(
  ports: ListReferralsPorts,
  input: { principal: PrincipalOf<'referrer'>; filter: ReferralFilter },
): Promise<ReferralList> {
  const { status, limit, cursor } = input.filter;
  const page = await ports.cases.listReferrals({
    institutionId: input.principal.institutionId,
    limit: limit ?? REFERRALS_DEFAULT_LIMIT,
    ...(cursor ? { cursor } : {}),
    ...(status ? { keep: (referral: ListedReferral) => viewOf(referral).status === status } : {}),
  });
  return {
    items: page.items.map((referral) => {
      const { milestones: _milestones, ...item } = viewOf(referral);
      return item;
    }),
    nextCursor: page.nextCursor,
  };
}
