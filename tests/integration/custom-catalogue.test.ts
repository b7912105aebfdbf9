// `npm start` with LOTSE_CATALOGUE: a referral is routed exactly by API.md's rules against a catalogue that is not the seed.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, eventually } from './support/api.ts';
import { freePort, type LocalProcess, portIsFree, startLocalProcess } from './support/local-process.ts';
import { isoDate, referralBody } from './support/referrals.ts';

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
