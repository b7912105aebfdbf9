// The office's representations of a case: the whole case (GET /v1/cases/{caseId}) and an inbox line (no personal data).

import type { CaseWithHistory, InboxCase } from '#application/ports.ts';
import { isTombstone } from '#domain/case.ts';
import type { CaseView, InboxItem } from '#http/api-schemas.ts';

/** Case facts, the personal data while it exists (else `personalData: "erased"` and no personal fields), history. */
export function toCaseView({ caseRecord, personal, history }: CaseWithHistory): CaseView {
  const live = isTombstone(caseRecord) ? undefined : caseRecord;
  const view: CaseView = {
    caseId: caseRecord.id,
    status: caseRecord.status,
    version: caseRecord.version,
    createdAt: caseRecord.createdAt,
    updatedAt: caseRecord.updatedAt,
    officeId: caseRecord.officeId,
    ...(live && { districtId: live.districtId, urgency: live.urgency, phases: live.phases, needs: live.needs }),
    institutionId: caseRecord.institutionId,
    institutionType: caseRecord.institutionType,
    consentScopes: caseRecord.consentScopes,
    personalData: personal ? 'present' : 'erased',
    proposals: live?.proposals ?? [],
    unmatched: live?.unmatched ?? false,
    escalationReason: live?.escalationReason ?? null,
    routedAt: live?.routedAt ?? null,
    deadlineAt: live?.deadlineAt ?? null,
    openedAt: live?.openedAt ?? null,
    closedAt: caseRecord.closedAt ?? null,
    outcome: live?.outcome ?? null,
    closedOfferId: live?.closedOfferId ?? null,
    withdrawnAt: caseRecord.withdrawnAt ?? null,
    withdrawReason: live?.withdrawReason ?? null,
    erasedAt: isTombstone(caseRecord) ? caseRecord.erasedAt : null,
    history: history.map((event) => ({
      seq: event.seq,
      type: event.type,
      at: event.at,
      ...(event.actor !== undefined ? { actor: event.actor } : {}),
      ...(event.details ? { details: event.details } : {}),
    })),
  };
  if (personal) {
    const { referral } = personal;
    Object.assign(view, {
      languages: referral.languages,
      interpreterNeeded: referral.interpreterNeeded,
      contact: referral.contact,
      children: referral.children,
      postalCode: referral.postalCode,
      accessibility: referral.accessibility ?? {
        homeVisit: false,
        barrierFree: false,
        childcareDuringAppointment: false,
      },
      note: referral.note ?? null,
      consent: referral.consent,
      referrer: referral.referrer,
      notes: personal.notes,
    });
  }
  return view;
}

export function toInboxItem(caseRecord: InboxCase): InboxItem {
  return {
    caseId: caseRecord.id,
    status: caseRecord.status,
    urgency: caseRecord.urgency,
    createdAt: caseRecord.createdAt,
    updatedAt: caseRecord.updatedAt,
    officeId: caseRecord.officeId,
    districtId: caseRecord.districtId,
    phases: caseRecord.phases,
    needs: caseRecord.needs,
    opened: caseRecord.openedAt !== undefined,
    ...(caseRecord.status === 'escalated' && caseRecord.escalationReason
      ? { escalationReason: caseRecord.escalationReason }
      : {}),
    ...(caseRecord.status === 'routed' && caseRecord.openedAt === undefined && caseRecord.deadlineAt
      ? { deadlineAt: caseRecord.deadlineAt }
      : {}),
  };
}
