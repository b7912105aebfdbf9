// The erasure of a case's family data, shared by the referrer's withdrawal, the coordinator's erasure (GDPR Art. 17)
// and retention: one transaction leaves only the tombstone (domain/case.ts CaseTombstone).
import { commitTransition, type OutboxPorts } from '#application/outbox.ts';
import type { CaseRepository, CaseTransition } from '#application/ports.ts';
import type { CaseRecord } from '#domain/case.ts';
import type { CaseStatus, EraseReason, WithdrawReason } from '#domain/codes.ts';
import { isTerminal, transition } from '#domain/state-machine.ts';

export interface EraseCasePorts extends OutboxPorts {
  cases: Pick<CaseRepository, 'applyTransition' | 'clearOutbox'>;
}

export interface Erasure {
  /** The live case as read; the erasure is conditional on its version and status (VersionConflict otherwise). */
  from: CaseRecord;
  at: string;
  /** The history actor (`referrer:<id>`, `coordinator`, `system:sweeper`). */
  actor: string;
  /** Why: the referrer's or coordinator's reason, retention, or an erasure re-applied after a restore. */
  reason: WithdrawReason | EraseReason | 'retention' | 'reapplied-after-restore';
}

/**
 * An open case is cancelled (`withdrawn`, with the `withdrawn` event and its `referral.withdrawn` notification to the
 * office that held it); a closed case stays `closed` and records `erased`. Either way, in the same transaction, the
 * personal item and the proposals are deleted, the case item keeps only the tombstone's fields and leaves every index
 * but its institution's referral list, the earlier history events lose their actors and details (ids of offices and
 * offers, outcomes), and the erasure journal records the case id and time (for re-applying erasures after a
 * point-in-time restore). The anonymous counts already in the aggregates stay. The submission's idempotency record
 * stays until its own expiry: it holds ids and a keyed hash only, so a late retry answers the original 202 and
 * creates nothing.
 */
export async function eraseCase(ports: EraseCasePorts, erasure: Erasure): Promise<CaseStatus> {
  const change = erasureTransition(erasure);
  await commitTransition(ports, change);
  return change.status;
}

/** The transition of an erasure (see eraseCase), without its notification. */
export function erasureTransition(erasure: Erasure): CaseTransition {
  const { from, at, actor, reason } = erasure;
  const open = !isTerminal(from.status);
  return {
    from,
    status: open ? transition(from.status, 'withdraw') : from.status,
    updatedAt: at,
    changes: open ? { withdrawnAt: at } : {},
    event: { seq: from.version + 1, type: open ? 'withdrawn' : 'erased', at, actor, details: { reason } },
    personal: { kind: 'erase', erasedAt: at },
  };
}
