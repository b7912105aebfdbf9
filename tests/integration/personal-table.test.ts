// Over HTTP, on the local runtime's tables: a family's personal data lands in the personal table only, and every
// function that shows or uses it (routing, the case view, the referrer's list) reads it from there.
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { casePartition } from '#adapters/keys.ts';
import { Api } from './support/api.ts';
import { act, type CaseView, clinic, office, readCase, waitForStatus } from './support/cases.ts';
import { referralBody } from './support/referrals.ts';
import { mainItems, personalItems } from './support/table.ts';

const api = new Api(inject('baseUrl'));

const mentions = (items: readonly Record<string, unknown>[], marker: string) =>
  items.filter((entry) => JSON.stringify(entry).includes(marker));

describe('the personal table', () => {
  it('holds every personal item of a case, and the main table none, while the case is routed, read and declined', async () => {
    const marker = `Pt${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const body = referralBody();
    const submitted = await api.submitReferral(clinic, {
      ...body,
      contact: { ...(body.contact as object), name: `Familie ${marker}` },
      referrerReference: `AZ-${marker}`,
    });
    expect(submitted.status, submitted.text).toBe(202);
    const caseId = (submitted.body as { referralId: string }).referralId;
    const routed = await waitForStatus(api, caseId, 'routed');
    const who = office(routed.officeId);
    const opened = await api.as(who, 'GET', `/v1/cases/${caseId}`);
    const declined = await act(api, who, caseId, 'decline', {
      version: (opened.body as CaseView).version,
      body: { reason: 'other', note: `Notiz ${marker}` },
    });
    expect(declined.status, declined.text).toBe(200);

    const personal = (await personalItems()).filter((entry) => entry.pk === casePartition(caseId));
    const main = await mainItems();

    expect(personal.map((entry) => entry.sk).sort()).toEqual(['PERSONAL', 'PROPOSALS']);
    expect(JSON.stringify(personal)).toContain(`Familie ${marker}`);
    expect(JSON.stringify(personal)).toContain(`Notiz ${marker}`);
    expect(mentions(main, marker)).toEqual([]);
    expect((opened.body as CaseView).contact?.name).toBe(`Familie ${marker}`);
    expect((await readCase(api, caseId)).status).toBe('escalated');
    const listed = await api.as({ role: 'referrer', institutionId: clinic }, 'GET', '/v1/referrals');
    expect(listed.status, listed.text).toBe(200);
    const own = (listed.body as { items: { referralId: string; referrerReference?: string }[] }).items.find(
      (item) => item.referralId === caseId,
    );
    expect(own?.referrerReference).toBe(`AZ-${marker}`);
  });
});
