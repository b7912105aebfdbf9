// `npm start` with LOTSE_CATALOGUE: a referral is routed exactly by API.md's rules against a catalogue that is not the seed.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/free-port.ts';
import { Api, eventually } from './support/api.ts';
import { type LocalProcess, portIsFree, startLocalProcess } from './support/local-process.ts';
import { isoDate, referralBody, yearsAgo } from './support/referrals.ts';

const fixture = (name: string) => resolve('tests/integration/fixtures', name);

interface CaseView {
  status: string;
  officeId?: string;
  proposals: { offerId: string; rank: number; reasons: { code: string }[] }[];
}

describe('a local runtime started with LOTSE_CATALOGUE', () => {
  let local: LocalProcess;
  let port: number;
  let api: Api;

  beforeAll(async () => {
    port = await freePort();
    local = startLocalProcess({ PORT: String(port), LOTSE_CATALOGUE: fixture('testdorf.catalogue.json') });
    api = new Api(`http://127.0.0.1:${port}`);
    await eventually(async () => ((await api.request('GET', '/health')).status === 200 ? true : undefined), {
      timeoutMs: 150_000,
      intervalMs: 500,
      what: `the local runtime on port ${port} (output so far: ${local.output().slice(-2000)})`,
    });
  }, 180_000);

  afterAll(async () => {
    if (local.child.exitCode === null) {
      local.child.kill('SIGKILL');
      await local.exited;
    }
  });

  async function routed(body: Record<string, unknown>): Promise<CaseView> {
    const submitted = await api.submitReferral('praxis-a', body);
    expect(submitted.status).toBe(202);
    const { referralId } = submitted.body as { referralId: string };
    return eventually(async () => {
      const response = await api.as({ role: 'office', officeId: 'fb-ost' }, 'GET', `/v1/cases/${referralId}`);
      const view = response.body as CaseView;
      return response.status === 200 && view.status === 'routed' ? view : undefined;
    });
  }

  it('proposes the eligible offers in the order of the five ranking keys, at most five', async () => {
    const body = referralBody({
      postalCode: '50002',
      children: [{ birthDate: isoDate(-400) }],
      languages: ['tr'],
      needs: ['parenting', 'language'],
      accessibility: { homeVisit: true, barrierFree: false, childcareDuringAppointment: false },
    });

    const view = await routed(body);

    expect(view.officeId).toBe('fb-ost');
    expect(view.proposals.map((proposal) => proposal.offerId)).toEqual([
      'a-two-needs',
      'g-citywide-two-needs',
      'b-speaks-turkish',
      'c-outreach',
      'd-most-capacity',
    ]);
  });

  it('routes a referral no offer fits with an empty proposal list', async () => {
    const body = referralBody({ postalCode: '50001', children: [{ birthDate: isoDate(-400) }], needs: ['migration'] });

    const view = await routed(body);

    expect(view.proposals).toEqual([]);
  });

  it('knows only the catalogue it was given', async () => {
    const response = await api.submitReferral('praxis-a', referralBody({ postalCode: '44137' }));

    expect(response.status).toBe(422);
    expect((response.body as { type: string }).type).toBe('outside-service-area');
  });

  it('reports coverage over whole months whose numbers match the referrals submitted, withholding 1 to 4 cases', async () => {
    const kitaChild = [{ birthDate: yearsAgo(4) }];
    const submitIn = async (needs: string[]) => {
      const response = await api.submitReferral(
        'praxis-a',
        referralBody({ postalCode: '50010', children: kitaChild, needs, urgency: 'routine' }),
      );
      return (response.body as { referralId: string }).referralId;
    };
    const reliefCases = await Promise.all(Array.from({ length: 6 }, () => submitIn(['everyday-relief'])));
    await Promise.all(Array.from({ length: 2 }, () => submitIn(['childcare'])));
    const office = { role: 'office', officeId: 'fb-west' } as const;
    const routedViews = await Promise.all(
      reliefCases.map((caseId) =>
        eventually(async () => {
          const response = await api.as(office, 'GET', `/v1/cases/${caseId}`);
          const view = response.body as CaseView & { version: number };
          return response.status === 200 && view.status === 'routed' ? { caseId, version: view.version } : undefined;
        }),
      ),
    );
    for (const [index, { caseId, version }] of routedViews.slice(0, 3).entries()) {
      const accepted = await api.as(office, 'POST', `/v1/cases/${caseId}/accept`, {
        headers: { 'if-match': `"${version}"` },
      });
      if (index < 2) {
        await api.as(office, 'POST', `/v1/cases/${caseId}/close`, {
          body: { outcome: 'connected' },
          headers: { 'if-match': `"${(accepted.body as { version: number }).version}"` },
        });
      }
    }
    const today = new Date().toISOString().slice(0, 10);

    const report = await api.as({ role: 'coordinator' }, 'GET', `/v1/reports/coverage?from=${today}&to=${today}`);
    const csv = await api.as({ role: 'coordinator' }, 'GET', `/v1/reports/coverage?from=${today}&to=${today}`, {
      headers: { accept: 'text/csv' },
    });

    expect(report.status).toBe(200);
    const month = today.slice(0, 7);
    const lastDay = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).toISOString();
    expect(report.body).toMatchObject({
      from: `${month}-01`,
      to: lastDay.slice(0, 10),
      grid: 'month',
      periods: [{ id: month, from: `${month}-01`, to: lastDay.slice(0, 10) }],
    });
    const cells = (report.body as { cells: Record<string, unknown>[] }).cells;
    const cell = (need: string) =>
      cells.find(
        (row) =>
          row.districtId === 'west' &&
          row.phase === 'kita' &&
          row.need === need &&
          row.institutionType === 'paediatric-practice',
      );
    // 3 accepted and 2 connected are counts from 1 to 4 (and 6 − 3 = 3 not accepted): withheld.
    expect(cell('everyday-relief')).toMatchObject({
      received: 6,
      routed: 6,
      unmatched: 6,
      accepted: null,
      connected: null,
      medianHoursToFirstAction: 1,
    });
    expect(cell('childcare')).toMatchObject({ received: null, routed: null, unmatched: null, accepted: null });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split(/\r?\n/)[0]).toContain('Bezirk,Lebensphase,Bedarf');
    expect(csv.text).toContain(
      'west,Kita-Alter,Entlastung im Alltag,Kinderarztpraxis,6,6,6,nicht ausgewiesen,nicht ausgewiesen,1',
    );
  });

  it('stops every child process and frees every port on SIGINT', async () => {
    const resources = (await api.request('GET', '/_local/resources')).body as {
      dynamoEndpoint: string;
      sqsEndpoint: string;
    };
    const ports = [port, Number(new URL(resources.dynamoEndpoint).port), Number(new URL(resources.sqsEndpoint).port)];

    local.child.kill('SIGINT');
    const code = await local.exited;

    expect(code).toBe(0);
    for (const used of ports) expect(await portIsFree(used)).toBe(true);
  });
});

describe('a local runtime started with an invalid catalogue', () => {
  it('exits non-zero and names each bad entry', async () => {
    const local = startLocalProcess({
      PORT: String(await freePort()),
      LOTSE_CATALOGUE: fixture('broken.catalogue.json'),
    });

    const code = await local.exited;

    expect(code).not.toBe(0);
    expect(local.output()).toContain('fb-broken');
    expect(local.output()).toContain('e-same-capacity-later-id');
  }, 60_000);
});
