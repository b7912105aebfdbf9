// Use case: an office accepts, declines, starts or closes its case; a coordinator assigns an escalated case.

import { type Checked, checkedValue } from '#application/checked.ts';
import { commitTransition, type OutboxPorts } from '#application/outbox.ts';
import type { CaseRepository, CaseTransition, CaseWithHistory, CatalogueSource, Clock } from '#application/ports.ts';
import {
  actorOf,
  type CaseEvent,
  type CaseRecord,
  isTombstone,
  type PrincipalOf,
  type StoredCase,
} from '#domain/case.ts';
import type { AssignBody, CloseBody, DeclineBody } from '#domain/case-commands.ts';
import { PreconditionRequired, ValidationFailed, VersionConflict } from '#domain/errors.ts';
import { type CaseAction, liveCaseFor, transition } from '#domain/state-machine.ts';
import { type ResponseDeadlineDays, responseDeadline } from '#domain/working-days.ts';
import { findVisibleCase, recordDisclosure, visibleTo } from './get-case.ts';

/** A command with its body, checked before the use case and raised at its turn (after the lookup). */
export type CaseCommand =
  | { name: 'accept' }
  | { name: 'start' }
  | { name: 'decline'; body: Checked<DeclineBody> }
  | { name: 'close'; body: Checked<CloseBody> }
  | { name: 'assign'; body: Checked<AssignBody> };

export interface TransitionCasePorts extends OutboxPorts {
  cases: Pick<CaseRepository, 'getWithHistory' | 'applyTransition' | 'clearOutbox' | 'recordAudit'>;
  catalogue: CatalogueSource;
  clock: Clock;
  deadlineDays: Readonly<ResponseDeadlineDays>;
  /** Days after closure until the personal data expires. */
  retentionDays: number;
}

/** The office that holds the case issues accept, decline, start and close; a coordinator assigns. */
export type TransitionCaseInput =
  | {
      principal: PrincipalOf<'office'>;
      caseId: string;
      command: Exclude<CaseCommand, { name: 'assign' }>;
      expectedVersions: ExpectedVersions;
    }
  | {
      principal: PrincipalOf<'coordinator'>;
      caseId: string;
      command: Extract<CaseCommand, { name: 'assign' }>;
      expectedVersions: ExpectedVersions;
    };

/** The versions the change is based on (any one matches); undefined when the caller named none. */
export type ExpectedVersions = readonly number[] | undefined;

const SECONDS_PER_DAY = 86_400;

type Plan = Omit<CaseTransition, 'from' | 'status' | 'updatedAt' | 'event'> & {
  action: CaseAction;
  event: Pick<CaseEvent, 'type'> & Partial<Pick<CaseEvent, 'details'>>;
};

function fieldError(path: string, message: string): ValidationFailed {
  return new ValidationFailed([{ path, message }]);
}

/** Validates the command's body (400) against the case and the catalogue and says what the command will change. */
async function planCommand(
  command: CaseCommand,
  found: CaseWithHistory & { caseRecord: CaseRecord },
  catalogue: CatalogueSource,
  now: Date,
  ports: Pick<TransitionCasePorts, 'deadlineDays' | 'retentionDays'>,
  actor: string,
): Promise<Plan> {
  const { caseRecord, personal } = found;
  const at = now.toISOString();
  const seq = caseRecord.version + 1;
  switch (command.name) {
    case 'accept':
      return { action: 'accept', changes: {}, event: { type: 'accepted' } };
    case 'start':
      return { action: 'start', changes: {}, event: { type: 'started' } };
    case 'decline': {
      const body = checkedValue(command.body);
      // Back to the coordinator: no office, out of the inbox, no deadline. The note is free text: personal item only.
      return {
        action: 'decline',
        changes: { officeId: null, escalationReason: 'declined' },
        remove: ['routedAt', 'deadlineAt', 'openedAt'],
        event: { type: 'declined', details: { reason: body.reason, officeId: caseRecord.officeId } },
        ...(body.note ? { personal: { kind: 'add-note', note: { seq, note: body.note, by: actor } } } : {}),
      };
    }
    case 'close': {
      const body = checkedValue(command.body);
      let tracksCapacity = false;
      if (body.offerId !== undefined) {
        const snapshot = await catalogue.current();
        const offer = snapshot.catalogue.offers.find((candidate) => candidate.id === body.offerId);
        const proposed = (caseRecord.proposals ?? []).some((proposal) => proposal.offerId === body.offerId);
        if (!proposed && offer?.status !== 'active') {
          throw fieldError('offerId', 'must be one of the proposals or an active offer');
        }
        // An offer that does not track places has none to take: the close does not try (and fail on) its item.
        tracksCapacity = offer?.capacity !== undefined;
      }
      const closedAt = Math.floor(now.getTime() / 1000);
      return {
        action: 'close',
        changes: {
          closedAt: at,
          outcome: body.outcome,
          ...(body.offerId !== undefined ? { closedOfferId: body.offerId } : {}),
        },
        event: {
          type: 'closed',
          details: { outcome: body.outcome, ...(body.offerId !== undefined ? { offerId: body.offerId } : {}) },
        },
        personal: { kind: 'expire', expiresAt: closedAt + ports.retentionDays * SECONDS_PER_DAY },
        ...(body.outcome === 'connected' && body.offerId !== undefined && tracksCapacity
          ? { useCapacityOf: body.offerId }
          : {}),
      };
    }
    case 'assign': {
      const body = checkedValue(command.body);
      const snapshot = await catalogue.current();
      if (!snapshot.catalogue.offices.some((office) => office.id === body.officeId)) {
        throw fieldError('officeId', 'must be an office of the catalogue');
      }
      const deadlineAt = responseDeadline(now, caseRecord.urgency, ports.deadlineDays).toISOString();
      // A case that never reached an office (none for its district) gets its proposals now.
      const referral = personal?.referral;
      const proposals =
        caseRecord.proposals ??
        snapshot.matcher.match({
          districtId: caseRecord.districtId,
          phases: caseRecord.phases,
          needs: caseRecord.needs,
          languages: referral?.languages ?? [],
          homeVisit: referral?.accessibility?.homeVisit ?? false,
        });
      return {
        action: 'assign',
        changes: {
          officeId: body.officeId,
          routedAt: at,
          deadlineAt,
          proposals,
          unmatched: proposals.length === 0,
        },
        // The new office opens it afresh; the escalation is resolved.
        remove: ['openedAt', 'escalationReason'],
        event: { type: 'assigned', details: { officeId: body.officeId, deadlineAt } },
      };
    }
  }
}

/** The version the caller based the change on: 428 without one, 412 when it names another version. */
function checkVersion(caseRecord: StoredCase, versions: ExpectedVersions): void {
  if (versions === undefined) throw new PreconditionRequired();
  if (!versions.includes(caseRecord.version)) {
    throw new VersionConflict({ expected: versions[0] ?? -1, actual: caseRecord.version });
  }
}

/**
 * Order of checks (each answers before the next runs; nothing is written on any of them):
 * 404 (no such case, or not the caller's) → 400 (body; `offerId` / `officeId` against proposals and catalogue) →
 * 428 (no If-Match) → 412 (another version) → 409 (the state machine forbids the action). Then one conditional
 * transaction on the version writes the case, its history event (with its notification in the outbox) and, as the
 * command needs, the personal item (decline note, retention expiry) and the offer's capacity; a concurrent change
 * between read and write also answers 412. Returns the case as it is afterwards.
 */
export async function transitionCase(ports: TransitionCasePorts, input: TransitionCaseInput): Promise<CaseWithHistory> {
  const { principal, command } = input;
  const found = await findVisibleCase(ports.cases, principal, input.caseId);
  // A tombstone has no body to check: 428/412 on its version, then 409 (it allows no action).
  if (isTombstone(found.caseRecord)) checkVersion(found.caseRecord, input.expectedVersions);
  const caseRecord = liveCaseFor(found.caseRecord, command.name);
  const now = ports.clock.now();
  const plan = await planCommand(command, { ...found, caseRecord }, ports.catalogue, now, ports, actorOf(principal));
  checkVersion(caseRecord, input.expectedVersions);
  const status = transition(caseRecord.status, plan.action);

  const at = now.toISOString();
  const { action: _action, event, ...rest } = plan;
  await commitTransition(ports, {
    ...rest,
    from: caseRecord,
    status,
    updatedAt: at,
    event: { seq: caseRecord.version + 1, at, actor: actorOf(principal), ...event },
  });
  const after = await ports.cases.getWithHistory(caseRecord.id);
  if (!after) throw new VersionConflict({ expected: caseRecord.version + 1 });
  await recordDisclosure(ports, principal, after, command.name);
  return visibleTo(principal, after);
}
