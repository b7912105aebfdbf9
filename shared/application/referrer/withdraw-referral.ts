// Use case: the submitting institution withdraws a referral: the case is cancelled and the family's data erased.

import { type Checked, checkedValue } from '#application/checked.ts';
import { type EraseCasePorts, eraseCase } from '#application/erasure/erase-case.ts';
import type { CaseRepository, Clock } from '#application/ports.ts';
import { actorOf, type PrincipalOf } from '#domain/case.ts';
import type { WithdrawBody } from '#domain/case-commands.ts';
import { NotFound, TemporaryFailure, VersionConflict } from '#domain/errors.ts';
import { liveCaseFor, transition } from '#domain/state-machine.ts';

export interface WithdrawReferralPorts extends EraseCasePorts {
  cases: Pick<CaseRepository, 'get' | 'applyTransition' | 'clearOutbox'>;
  clock: Clock;
}

/** withdrawn: this call withdrew it; already-withdrawn: an earlier call did (the answer is the same 202). */
export type WithdrawOutcome = { kind: 'withdrawn' } | { kind: 'already-withdrawn' };

/** Attempts against concurrent changes (e.g. the router routing the case at the same moment). */
const MAX_ATTEMPTS = 5;

/**
 * 404 (not the caller's referral) → 400 (body) → idempotent replay (already withdrawn) → 409 (closed). The withdrawal
 * is one transaction (application/erasure): the case becomes `withdrawn` and keeps only its tombstone, the `withdrawn`
 * event is appended with its `referral.withdrawn` notification, and the personal item and the proposals are deleted.
 * Queued routing or notification work for the case becomes a no-op (the router routes only `received` cases).
 */
export async function withdrawReferral(
  ports: WithdrawReferralPorts,
  input: { principal: PrincipalOf<'referrer'>; referralId: string; body: Checked<WithdrawBody> },
): Promise<WithdrawOutcome> {
  const { principal } = input;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const found = await ports.cases.get(input.referralId);
    if (!found || found.institutionId !== principal.institutionId) throw new NotFound('referral');
    const body = checkedValue(input.body);
    if (found.status === 'withdrawn') return { kind: 'already-withdrawn' };
    transition(found.status, 'withdraw');
    try {
      await eraseCase(ports, {
        from: liveCaseFor(found, 'withdraw'),
        at: ports.clock.now().toISOString(),
        actor: actorOf(principal),
        reason: body.reason,
      });
      return { kind: 'withdrawn' };
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      // The case changed between read and write: decide again on what it is now.
    }
  }
  throw new TemporaryFailure('the case kept changing during the withdrawal');
}
