// Use case: the submitting institution withdraws a referral: the case is cancelled and the family's data erased.

import { type Checked, checkedValue } from '#application/checked.ts';
import { commitTransition, type OutboxPorts } from '#application/outbox.ts';
import type { CaseRepository, Clock } from '#application/ports.ts';
import { actorOf, type PrincipalOf } from '#domain/case.ts';
import type { WithdrawBody } from '#domain/case-commands.ts';
import { NotFound, TemporaryFailure, VersionConflict } from '#domain/errors.ts';
import { transition } from '#domain/state-machine.ts';

export interface WithdrawReferralPorts extends OutboxPorts {
  cases: Pick<CaseRepository, 'getWithHistory' | 'applyTransition' | 'clearOutbox'>;
  clock: Clock;
}

/** withdrawn: this call withdrew it; already-withdrawn: an earlier call did (the answer is the same 202). */
export type WithdrawOutcome = { kind: 'withdrawn' } | { kind: 'already-withdrawn' };

/** Attempts against concurrent changes (e.g. the router routing the case at the same moment). */
const MAX_ATTEMPTS = 5;

/**
 * 404 (not the caller's referral) → 400 (body) → idempotent replay (already withdrawn) → 409 (closed). The withdrawal
 * is one transaction: the case becomes `withdrawn` (keeping only non-personal facts; the proposals go too, as they
 * restate the family's languages and wishes), the `withdrawn` event is appended with its `referral.withdrawn`
 * notification, and the personal item and the submission's idempotency record are deleted. Queued routing or
 * notification work for the case becomes a no-op (the router routes only `received` cases).
 */
export async function withdrawReferral(
  ports: WithdrawReferralPorts,
  input: { principal: PrincipalOf<'referrer'>; referralId: string; body: Checked<WithdrawBody> },
): Promise<WithdrawOutcome> {
  const { principal } = input;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const found = await ports.cases.getWithHistory(input.referralId);
    if (!found || found.caseRecord.institutionId !== principal.institutionId) throw new NotFound('referral');
    const body = checkedValue(input.body);
    const { caseRecord, personal } = found;
    if (caseRecord.status === 'withdrawn') return { kind: 'already-withdrawn' };
    const status = transition(caseRecord.status, 'withdraw');
    const at = ports.clock.now().toISOString();
    try {
      await commitTransition(ports, {
        from: caseRecord,
        status,
        updatedAt: at,
        changes: { withdrawnAt: at, withdrawReason: body.reason },
        remove: ['proposals', 'deadlineAt'],
        event: {
          seq: caseRecord.version + 1,
          type: 'withdrawn',
          at,
          actor: actorOf(principal),
          details: { reason: body.reason },
        },
        personal: {
          kind: 'erase',
          idempotency: personal ? { institutionId: caseRecord.institutionId, key: personal.idempotencyKey } : null,
        },
      });
      return { kind: 'withdrawn' };
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      // The case changed between read and write: decide again on what it is now.
    }
  }
  throw new TemporaryFailure('the case kept changing during the withdrawal');
}
