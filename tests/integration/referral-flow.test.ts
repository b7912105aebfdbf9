// A referral travels from the referring institution through routing to the district's Familienbüro, over real HTTP.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { Api, eventually } from './support/api.ts';
import { referralBody } from './support/referrals.ts';

const api = new Api(inject('baseUrl'));
const catalogue = JSON.parse(readFileSync('infra/local/catalogues/musterstadt.json', 'utf8')) as {
  districts: { id: string; postalCodes: string[] }[];
  offices: { id: string; districts: string[] }[];
  institutions: { id: string; type: string }[];
};
const clinic = 'klinik-mitte';
const otherInstitution = catalogue.institutions.find((institution) => institution.id !== clinic)?.id ?? '';
const officeOf = (districtId: string) => catalogue.offices.find((office) => office.districts.includes(districtId));
const servedDistrict = catalogue.districts.find((district) => officeOf(district.id));
const unservedDistrict = catalogue.districts.find((district) => !officeOf(district.id));

interface ReferralView {
  referralId: string;
  status: string;
  outcome?: string;
  milestones: { status: string; at: string }[];
}
interface CaseView {
  id: string;
  status: string;
  officeId?: string | null;
  phases: string[];
  needs: string[];
  proposals: { offerId: string; rank: number; reasons: unknown[] }[];
  history: { type: string; at: string }[];
  version: number;
}

async function submitAndWait(postalCode: string, status: string) {
  const submitted = await api.submitReferral(clinic, referralBody({ postalCode }));
  expect(submitted.status).toBe(202);
  const { referralId } = submitted.body as { referralId: string };
  const caseView = await eventually(
    async () => {
      const response = await api.as({ role: 'coordinator' }, 'GET', `/v1/cases/${referralId}`);
      const body = response.body as CaseView;
      return response.status === 200 && body.status === status ? body : undefined;
    },
    { what: `case ${referralId} to become ${status}` },
  );
  return { referralId, submitted, caseView };
}

describe('referral flow', () => {
  it('answers 202 with the referral id, a self link and a Location header', async () => {
    const response = await api.submitReferral(clinic, referralBody());

    expect(response.status).toBe(202);
    const body = response.body as { referralId: string; status: string; links: { self: string } };
    expect(body.status).toBe('received');
    expect(body.referralId).toMatch(/\S+/);
    expect(body.links.self).toBe(`/v1/referrals/${body.referralId}`);
    expect(response.headers.get('location')).toBe(`/v1/referrals/${body.referralId}`);
  });

  it('routes the referral to the district office, whose first read opens the full case with ranked, explained proposals', async () => {
    const postalCode = servedDistrict?.postalCodes[0] ?? '';
    const { referralId, caseView } = await submitAndWait(postalCode, 'routed');
    const officeId = officeOf(servedDistrict?.id ?? '')?.id ?? '';

    const response = await api.as({ role: 'office', officeId }, 'GET', `/v1/cases/${referralId}`);

    expect(response.status).toBe(200);
    const body = response.body as CaseView;
    expect(body.officeId).toBe(officeId);
    expect(body.phases).toEqual(expect.arrayContaining(['pregnancy', 'infant']));
    expect(body.proposals.length).toBeGreaterThan(0);
    expect(body.proposals.length).toBeLessThanOrEqual(5);
    expect(body.proposals.map((proposal) => proposal.rank)).toEqual(body.proposals.map((_, index) => index + 1));
    for (const proposal of body.proposals) expect(proposal.reasons.length).toBeGreaterThan(0);
    expect(body.history.map((event) => event.type)).toEqual(['received', 'routed', 'opened']);
    expect(response.headers.get('etag')).toBe(`"${body.version}"`);
    expect(body.version).toBe(caseView.version + 1);
  });

  it('shows the referrer the forwarded milestone and never the case content', async () => {
    const { referralId } = await submitAndWait(servedDistrict?.postalCodes[0] ?? '', 'routed');

    const response = await api.as({ role: 'referrer', institutionId: clinic }, 'GET', `/v1/referrals/${referralId}`);

    expect(response.status).toBe(200);
    const body = response.body as ReferralView & Record<string, unknown>;
    expect(body.status).toBe('forwarded');
    expect(body.milestones.map((milestone) => milestone.status)).toEqual(['received', 'forwarded']);
    expect(Object.keys(body).sort()).toEqual(['createdAt', 'milestones', 'referralId', 'status', 'updatedAt']);
    expect(response.text).not.toContain('Maria Muster');
  });

  it('escalates a referral from a district without a family office', async () => {
    expect(unservedDistrict).toBeDefined();

    const { caseView } = await submitAndWait(unservedDistrict?.postalCodes[0] ?? '', 'escalated');

    expect(caseView.officeId ?? null).toBeNull();
    expect(caseView.history.map((event) => event.type)).toEqual(['received', 'escalated']);
  });

  it('hides a referral from every other institution with 404', async () => {
    const { referralId } = (await api.submitReferral(clinic, referralBody())).body as { referralId: string };

    const response = await api.as(
      { role: 'referrer', institutionId: otherInstitution },
      'GET',
      `/v1/referrals/${referralId}`,
    );

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((response.body as { type: string }).type).toBe('not-found');
  });

  it('hides a case from every office but the assigned one with 404', async () => {
    const { referralId, caseView } = await submitAndWait(servedDistrict?.postalCodes[0] ?? '', 'routed');
    const otherOffice = catalogue.offices.find((office) => office.id !== caseView.officeId)?.id ?? '';

    const response = await api.as({ role: 'office', officeId: otherOffice }, 'GET', `/v1/cases/${referralId}`);

    expect(response.status).toBe(404);
    expect((response.body as { type: string }).type).toBe('not-found');
  });

  it('refuses a referrer on the case endpoint with 403', async () => {
    const { referralId } = (await api.submitReferral(clinic, referralBody())).body as { referralId: string };

    const response = await api.as({ role: 'referrer', institutionId: clinic }, 'GET', `/v1/cases/${referralId}`);

    expect(response.status).toBe(403);
  });

  it('answers 404 for a referral that does not exist', async () => {
    const response = await api.as({ role: 'referrer', institutionId: clinic }, 'GET', '/v1/referrals/does-not-exist');

    expect(response.status).toBe(404);
    expect((response.body as { type: string }).type).toBe('not-found');
  });
});
