// Use case (operations): after a point-in-time restore, erase again every case the journal says was erased, so a
// restore never brings the family's data back.
import type { CaseRepository, ErasureJournal } from '#application/ports.ts';
import { isTombstone } from '#domain/case.ts';
import { VersionConflict } from '#domain/errors.ts';
import { erasureTransition } from './erase-case.ts';

export interface ReapplyErasuresPorts {
  /** The journal of the live table (complete up to now), not of the restored copy (complete only up to the restore). */
  journal: ErasureJournal;
  /** The restored tables. */
  cases: Pick<CaseRepository, 'get' | 'applyTransition'>;
}

export interface ReapplyResult {
  /** Journal entries read. */
  journalled: number;
  /** Cases erased again now. */
  reapplied: number;
  /** Cases the restored tables already hold as tombstones (erased before the restore point). */
  alreadyErased: number;
  /** Cases the restored tables do not hold (created after the restore point). */
  absent: number;
}

/**
 * Each journalled case that the restored tables still hold alive is erased exactly as it was (same transaction as a
 * withdrawal, at its original erasure time, by `system:restore`), without a notification: the offices were told when
 * it happened. Safe to run again: a tombstone is left alone.
 */
export async function reapplyErasures(ports: ReapplyErasuresPorts, since?: string): Promise<ReapplyResult> {
  const entries = await ports.journal.list(since);
  const result: ReapplyResult = { journalled: entries.length, reapplied: 0, alreadyErased: 0, absent: 0 };
  for (const { caseId, erasedAt } of entries) {
    for (;;) {
      const stored = await ports.cases.get(caseId);
      if (!stored) {
        result.absent += 1;
        break;
      }
      if (isTombstone(stored)) {
        result.alreadyErased += 1;
        break;
      }
      try {
        // At its original time, unless the restored case changed later (a history keeps its order).
        const at = [erasedAt, stored.updatedAt].sort().at(-1) ?? erasedAt;
        await ports.cases.applyTransition(
          erasureTransition({ from: stored, at, actor: RESTORE_ACTOR, reason: 'reapplied-after-restore' }),
        );
        result.reapplied += 1;
        break;
      } catch (error) {
        // Something changed the restored case meanwhile (its functions may already run): read it again.
        if (!(error instanceof VersionConflict)) throw error;
      }
    }
  }
  return result;
}

/** The history actor of an erasure re-applied after a restore. */
export const RESTORE_ACTOR = 'system:restore';
