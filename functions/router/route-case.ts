// Use case: route a received case to its district's family office with ranked proposals, exactly once.

import type { CaseRepository, CaseTransition, CatalogueSource, Clock } from '#adapters/ports.ts';
import { type CaseEvent, type CaseRecord, ROUTER_ACTOR } from '#domain/case.ts';
import { VersionConflict } from '#domain/errors.ts';
import { transition } from '#domain/state-machine.ts';

export interface RouteCasePorts {
  cases: Pick<CaseRepository, 'get' | 'applyTransition'>;
  catalogue: CatalogueSource;
  clock: Clock;
}

/**
 * routed / escalated: this call made the change. already-handled: the case had left `received` (a redelivered or
 * re-sent message, or a concurrent router won): nothing written. not-found: no such case (e.g. erased): nothing to do.
 */
export type RouteCaseOutcome =
  | { kind: 'routed'; officeId: string; proposals: number; unmatched: boolean }
  | { kind: 'escalated'; reason: 'no-office' }
  | { kind: 'already-handled'; status: CaseRecord['status'] }
  | { kind: 'not-found' };

function planTransition(caseRecord: CaseRecord, snapshot: Awaited<ReturnType<CatalogueSource['current']>>, at: string) {
  const seq = caseRecord.version + 1;
  const office = snapshot.officeForDistrict(caseRecord.districtId);
  if (!office) {
    const event: CaseEvent = { seq, type: 'escalated', at, actor: ROUTER_ACTOR, details: { reason: 'no-office' } };
    const change: CaseTransition = {
      from: caseRecord,
      status: transition(caseRecord.status, 'escalate'),
      updatedAt: at,
      changes: { escalationReason: 'no-office' },
      event,
    };
    return { change, outcome: { kind: 'escalated', reason: 'no-office' } as const };
  }
  const { referral } = caseRecord;
  const proposals = snapshot.matcher.match({
    districtId: caseRecord.districtId,
    phases: caseRecord.phases,
    needs: referral.needs,
    languages: referral.languages,
    homeVisit: referral.accessibility?.homeVisit ?? false,
  });
  const unmatched = proposals.length === 0;
  const event: CaseEvent = {
    seq,
    type: 'routed',
    at,
    actor: ROUTER_ACTOR,
    details: { officeId: office.id, proposals: proposals.length, unmatched },
  };
  const change: CaseTransition = {
    from: caseRecord,
    status: transition(caseRecord.status, 'route'),
    updatedAt: at,
    changes: { officeId: office.id, proposals, unmatched },
    event,
  };
  return { change, outcome: { kind: 'routed', officeId: office.id, proposals: proposals.length, unmatched } as const };
}

export async function routeCase(ports: RouteCasePorts, caseId: string): Promise<RouteCaseOutcome> {
  const caseRecord = await ports.cases.get(caseId);
  if (!caseRecord) return { kind: 'not-found' };
  if (caseRecord.status !== 'received') return { kind: 'already-handled', status: caseRecord.status };

  const snapshot = await ports.catalogue.current();
  const { change, outcome } = planTransition(caseRecord, snapshot, ports.clock.now().toISOString());
  try {
    await ports.cases.applyTransition(change);
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    // Someone changed the case between our read and write. If it left `received`, that someone routed (or withdrew)
    // it and this delivery is a duplicate; otherwise the conflict is unexplained and the message is retried.
    const current = await ports.cases.get(caseId);
    if (current && current.status !== 'received') return { kind: 'already-handled', status: current.status };
    if (!current) return { kind: 'not-found' };
    throw error;
  }
  return outcome;
}
