// Use case: route a received case to its district's family office with ranked proposals, exactly once, and publish it.

import { commitTransition, type OutboxPorts } from '#application/outbox.ts';
import type { CaseRepository, CaseTransition, CatalogueSnapshot, CatalogueSource, Clock } from '#application/ports.ts';
import { type CaseEvent, type CasePersonalData, type CaseRecord, isTombstone, ROUTER_ACTOR } from '#domain/case.ts';
import { VersionConflict } from '#domain/errors.ts';
import { transition } from '#domain/state-machine.ts';
import { type ResponseDeadlineDays, responseDeadline } from '#domain/working-days.ts';

export interface RouteCasePorts extends OutboxPorts {
  cases: Pick<CaseRepository, 'get' | 'getWithHistory' | 'applyTransition' | 'clearOutbox'>;
  catalogue: CatalogueSource;
  clock: Clock;
  /** Working days per urgency until a routed case must be opened. */
  deadlineDays: Readonly<ResponseDeadlineDays>;
}

/**
 * routed / escalated: this call made the change. already-handled: the case had left `received` (a redelivered or
 * re-sent message, a concurrent router won, or the referral was withdrawn): nothing written. not-found: no such case.
 */
export type RouteCaseOutcome =
  | { kind: 'routed'; officeId: string; proposals: number; unmatched: boolean }
  | { kind: 'escalated'; reason: 'no-office' }
  | { kind: 'already-handled'; status: CaseRecord['status'] }
  | { kind: 'not-found' };

function planTransition(
  caseRecord: CaseRecord,
  personal: CasePersonalData | null,
  snapshot: CatalogueSnapshot,
  now: Date,
  deadlineDays: Readonly<ResponseDeadlineDays>,
) {
  const at = now.toISOString();
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
  // Languages and the home-visit wish are personal data: read from the personal item, never copied to the case.
  const referral = personal?.referral;
  const proposals = snapshot.matcher.match({
    districtId: caseRecord.districtId,
    phases: caseRecord.phases,
    needs: caseRecord.needs,
    languages: referral?.languages ?? [],
    homeVisit: referral?.accessibility?.homeVisit ?? false,
  });
  const unmatched = proposals.length === 0;
  const deadlineAt = responseDeadline(now, caseRecord.urgency, deadlineDays).toISOString();
  const event: CaseEvent = {
    seq,
    type: 'routed',
    at,
    actor: ROUTER_ACTOR,
    details: { officeId: office.id, proposals: proposals.length, unmatched, deadlineAt },
  };
  const change: CaseTransition = {
    from: caseRecord,
    status: transition(caseRecord.status, 'route'),
    updatedAt: at,
    changes: { officeId: office.id, proposals, unmatched, routedAt: at, deadlineAt },
    event,
  };
  return { change, outcome: { kind: 'routed', officeId: office.id, proposals: proposals.length, unmatched } as const };
}

/**
 * Routes the case and publishes `case.routed` (or `case.escalated`). The notification is sent after the transaction;
 * a failed send is reported through onPublishFailed and left to the sweeper: the routing itself succeeded.
 */
export async function routeCase(ports: RouteCasePorts, caseId: string): Promise<RouteCaseOutcome> {
  const found = await ports.cases.getWithHistory(caseId);
  if (!found) return { kind: 'not-found' };
  const { caseRecord, personal } = found;
  if (caseRecord.status !== 'received' || isTombstone(caseRecord)) {
    return { kind: 'already-handled', status: caseRecord.status };
  }

  const snapshot = await ports.catalogue.current();
  const { change, outcome } = planTransition(caseRecord, personal, snapshot, ports.clock.now(), ports.deadlineDays);
  try {
    await commitTransition(ports, change);
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
