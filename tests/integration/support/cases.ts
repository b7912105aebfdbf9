// Case helpers for the office workflow tests: submit and wait for routing, read a case, run a transition with If-Match.
import { expect } from 'vitest';
import { type Api, type ApiResponse, eventually } from './api.ts';
import { referralBody } from './referrals.ts';

export interface CaseView {
  caseId: string;
  status: string;
  version: number;
  officeId: string | null;
  outcome?: string;
  escalationReason?: string;
  personalData?: string;
  contact?: { name: string };
  proposals: { offerId: string; rank: number }[];
  history: { type: string; at: string; actor?: string; details?: Record<string, unknown> }[];
}

export const clinic = 'klinik-mitte';

export async function submit(api: Api, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await api.submitReferral(clinic, referralBody(overrides));
  expect(response.status, response.text).toBe(202);
  return (response.body as { referralId: string }).referralId;
}

export async function readCase(api: Api, caseId: string): Promise<CaseView> {
  const response = await api.as({ role: 'coordinator' }, 'GET', `/v1/cases/${caseId}`);
  expect(response.status, response.text).toBe(200);
  return response.body as CaseView;
}

export async function waitForStatus(api: Api, caseId: string, status: string): Promise<CaseView> {
  return eventually(
    async () => {
      const view = await readCase(api, caseId);
      return view.status === status ? view : undefined;
    },
    { what: `case ${caseId} to become ${status}` },
  );
}

/** A freshly submitted referral, routed to its office. */
export async function routedCase(api: Api, overrides: Record<string, unknown> = {}): Promise<CaseView> {
  return waitForStatus(api, await submit(api, overrides), 'routed');
}

export async function act(
  api: Api,
  who: { role: 'office'; officeId: string } | { role: 'coordinator' },
  caseId: string,
  action: string,
  options: { version?: number; body?: unknown } = {},
): Promise<ApiResponse> {
  return api.as(who, 'POST', `/v1/cases/${caseId}/${action}`, {
    ...(options.body === undefined ? {} : { body: options.body }),
    headers: options.version === undefined ? {} : { 'if-match': `"${options.version}"` },
  });
}

export function office(officeId: string | null): { role: 'office'; officeId: string } {
  if (!officeId) throw new Error('the case has no office');
  return { role: 'office', officeId };
}
