// The Familienbüro works a case over HTTP: inbox, opening, accept/decline/start/close, assignment, and their guards.
import { describe, expect, inject, it } from 'vitest';
import { catalogueEntityKey } from '#adapters/keys.ts';
import { Api } from './support/api.ts';
import { act, type CaseView, office, readCase, routedCase, waitForStatus } from './support/cases.ts';
import { item } from './support/table.ts';

const api = new Api(inject('baseUrl'));

interface Inbox {
  items: { caseId: string; status: string; urgency: string; createdAt: string; officeId: string | null }[];
  nextCursor: string | null;
}

const urgencyRank: Record<string, number> = { urgent: 0, soon: 1, routine: 2 };

async function inbox(who: Parameters<Api['as']>[0], query = ''): Promise<{ status: number; body: Inbox }> {
  const response = await api.as(who, 'GET', `/v1/cases${query}`);
  return { status: response.status, body: response.body as Inbox };
}

describe('the office inbox', () => {
  it('lists the office its own cases, urgent first and then oldest first, without personal data', async () => {
    const routine = await routedCase(api, { urgency: 'routine' });
    const urgent = await routedCase(api, { urgency: 'urgent' });

    const { status, body } = await inbox(office(routine.officeId), '?limit=100');

    expect(status).toBe(200);
    const ids = body.items.map((entry) => entry.caseId);
    expect(ids).toContain(routine.caseId);
    expect(ids.indexOf(urgent.caseId)).toBeLessThan(ids.indexOf(routine.caseId));
    for (const [index, entry] of body.items.entries()) {
      expect(entry.officeId).toBe(routine.officeId);
      const previous = body.items[index - 1];
      if (!previous) continue;
      const order = (urgencyRank[previous.urgency] ?? 0) - (urgencyRank[entry.urgency] ?? 0);
      expect(order < 0 || (order === 0 && previous.createdAt <= entry.createdAt)).toBe(true);
    }
    expect(JSON.stringify(body)).not.toContain('Maria Muster');
  });

  it('pages with an opaque cursor, never repeating a case', async () => {
    const routed = await routedCase(api);
    await routedCase(api);
    const who = office(routed.officeId);

    const first = await inbox(who, '?limit=1');
    const second = await inbox(who, `?limit=1&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`);

    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0]?.caseId).not.toBe(first.body.items[0]?.caseId);
  });

  it('filters by status', async () => {
    const routed = await routedCase(api);

    const { body } = await inbox(office(routed.officeId), '?status=routed&limit=100');

    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((entry) => entry.status === 'routed')).toBe(true);
  });

  it('rejects a limit outside 1–100 and an unknown status with 400 naming the parameter', async () => {
    const routed = await routedCase(api);

    const tooMany = await api.as(office(routed.officeId), 'GET', '/v1/cases?limit=101');
    const unknown = await api.as(office(routed.officeId), 'GET', '/v1/cases?status=lost');

    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain('limit');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('status');
  });

  it('shows the coordinator every office, and one office on request', async () => {
    const routed = await routedCase(api);

    const all = await inbox({ role: 'coordinator' }, '?limit=100&status=routed');
    const one = await inbox({ role: 'coordinator' }, `?limit=100&officeId=${routed.officeId}`);

    expect(all.status).toBe(200);
    expect(one.body.items.every((entry) => entry.officeId === routed.officeId)).toBe(true);
    expect(one.body.items.map((entry) => entry.caseId)).toContain(routed.caseId);
  });
});

describe('opening a case', () => {
  it('records one opened event on the first read by the assigned office, however often it is read', async () => {
    const routed = await routedCase(api);

    const reads = await Promise.all(
      Array.from({ length: 5 }, () => api.as(office(routed.officeId), 'GET', `/v1/cases/${routed.caseId}`)),
    );
    const after = await readCase(api, routed.caseId);

    expect(reads.every((read) => read.status === 200)).toBe(true);
    expect(after.history.filter((event) => event.type === 'opened')).toHaveLength(1);
    expect(after.version).toBe(routed.version + 1);
  });

  it('does not open the case when the coordinator reads it', async () => {
    const routed = await routedCase(api);

    await readCase(api, routed.caseId);
    const after = await readCase(api, routed.caseId);

    expect(after.history.some((event) => event.type === 'opened')).toBe(false);
  });
});

describe('transitions', () => {
  it('takes a case from accept through start to close, each answer with the new ETag', async () => {
    const routed = await routedCase(api);
    const who = office(routed.officeId);

    const accepted = await act(api, who, routed.caseId, 'accept', { version: routed.version });
    const acceptedVersion = (accepted.body as CaseView).version;
    const started = await act(api, who, routed.caseId, 'start', { version: acceptedVersion });
    const closed = await act(api, who, routed.caseId, 'close', {
      version: (started.body as CaseView).version,
      body: { outcome: 'waitlisted' },
    });

    expect([accepted.status, started.status, closed.status]).toEqual([200, 200, 200]);
    expect(accepted.headers.get('etag')).toBe(`"${acceptedVersion}"`);
    const view = closed.body as CaseView;
    expect(view.status).toBe('closed');
    expect(view.outcome).toBe('waitlisted');
    expect(view.history.map((event) => event.type)).toEqual(['received', 'routed', 'accepted', 'started', 'closed']);
  });

  it('lets exactly one of 10 concurrent accepts with the same If-Match win; the others get 412', async () => {
    const routed = await routedCase(api);

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        act(api, office(routed.officeId), routed.caseId, 'accept', { version: routed.version }),
      ),
    );

    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412, 412, 412]);
    const after = await readCase(api, routed.caseId);
    expect(after.history.filter((event) => event.type === 'accepted')).toHaveLength(1);
  });

  it('answers 412 for a stale version and 428 without If-Match, changing nothing', async () => {
    const routed = await routedCase(api);

    const stale = await act(api, office(routed.officeId), routed.caseId, 'accept', { version: routed.version - 1 });
    const missing = await act(api, office(routed.officeId), routed.caseId, 'accept');

    expect(stale.status).toBe(412);
    expect((stale.body as { type: string }).type).toBe('precondition-failed');
    expect(missing.status).toBe(428);
    expect((await readCase(api, routed.caseId)).version).toBe(routed.version);
  });

  it('answers 409 for every transition the state machine forbids, changing nothing', async () => {
    const routed = await routedCase(api);
    const who = office(routed.officeId);
    const forbiddenWhileRouted: [string, unknown][] = [
      ['start', undefined],
      ['close', { outcome: 'connected' }],
    ];

    for (const [action, body] of forbiddenWhileRouted) {
      const answer = await act(api, who, routed.caseId, action, { version: routed.version, body });
      expect(answer.status, action).toBe(409);
      expect((answer.body as { type: string }).type).toBe('conflict');
    }
    const assign = await act(api, { role: 'coordinator' }, routed.caseId, 'assign', {
      version: routed.version,
      body: { officeId: routed.officeId },
    });
    expect(assign.status).toBe(409);

    const accepted = (await act(api, who, routed.caseId, 'accept', { version: routed.version })).body as CaseView;
    for (const [action, body] of [
      ['accept', undefined],
      ['decline', { reason: 'other' }],
    ] as [string, unknown][]) {
      const answer = await act(api, who, routed.caseId, action, { version: accepted.version, body });
      expect(answer.status, action).toBe(409);
    }

    const closed = (
      await act(api, who, routed.caseId, 'close', { version: accepted.version, body: { outcome: 'unreachable' } })
    ).body as CaseView;
    for (const [action, body] of [
      ['accept', undefined],
      ['start', undefined],
      ['close', { outcome: 'connected' }],
      ['decline', { reason: 'other' }],
    ] as [string, unknown][]) {
      const answer = await act(api, who, routed.caseId, action, { version: closed.version, body });
      expect(answer.status, action).toBe(409);
    }
    expect((await readCase(api, routed.caseId)).version).toBe(closed.version);
  });

  it('requires a reason to decline, and a declined case goes to the coordinator, who assigns it elsewhere', async () => {
    const routed = await routedCase(api);
    const who = office(routed.officeId);

    const withoutReason = await act(api, who, routed.caseId, 'decline', { version: routed.version, body: {} });
    const declined = await act(api, who, routed.caseId, 'decline', {
      version: routed.version,
      body: { reason: 'not-responsible' },
    });
    const escalated = declined.body as CaseView;
    const hiddenFromDecliner = await api.as(who, 'GET', `/v1/cases/${routed.caseId}`);
    const assigned = await act(api, { role: 'coordinator' }, routed.caseId, 'assign', {
      version: escalated.version,
      body: { officeId: 'fb-ost' },
    });

    expect(withoutReason.status).toBe(400);
    expect(withoutReason.text).toContain('reason');
    expect(declined.status).toBe(200);
    expect(escalated.status).toBe('escalated');
    expect(escalated.officeId ?? null).toBeNull();
    expect(hiddenFromDecliner.status).toBe(404);
    expect(assigned.status).toBe(200);
    expect((assigned.body as CaseView).status).toBe('routed');
    expect((assigned.body as CaseView).officeId).toBe('fb-ost');
    expect((await api.as(office('fb-ost'), 'GET', `/v1/cases/${routed.caseId}`)).status).toBe(200);
  });

  it('hides a case from every other office with 404, also for transitions', async () => {
    const routed = await routedCase(api);
    const other = routed.officeId === 'fb-nord' ? 'fb-ost' : 'fb-nord';

    const answer = await act(api, office(other), routed.caseId, 'accept', { version: routed.version });

    expect(answer.status).toBe(404);
    expect((await readCase(api, routed.caseId)).status).toBe('routed');
  });

  it('uses one place of a tracked offer when a case closes connected with it, never below zero', async () => {
    const routed = await routedCase(api);
    const before = (await item(catalogueEntityKey('OFFER', 'familienhebammen'))) as {
      data: { capacity: { available: number } };
    };
    const who = office(routed.officeId);
    const accepted = (await act(api, who, routed.caseId, 'accept', { version: routed.version })).body as CaseView;

    const closed = await act(api, who, routed.caseId, 'close', {
      version: accepted.version,
      body: { outcome: 'connected', offerId: 'familienhebammen' },
    });

    expect(closed.status).toBe(200);
    const after = (await item(catalogueEntityKey('OFFER', 'familienhebammen'))) as typeof before;
    expect(after.data.capacity.available).toBe(Math.max(0, before.data.capacity.available - 1));
  });

  it('refuses to close with an offer that is neither proposed nor active', async () => {
    const routed = await routedCase(api);
    const who = office(routed.officeId);
    const accepted = (await act(api, who, routed.caseId, 'accept', { version: routed.version })).body as CaseView;

    const answer = await act(api, who, routed.caseId, 'close', {
      version: accepted.version,
      body: { outcome: 'connected', offerId: 'no-such-offer' },
    });

    expect(answer.status).toBe(400);
    expect(answer.text).toContain('offerId');
    expect((await readCase(api, routed.caseId)).status).toBe('accepted');
  });
});

describe('response deadlines', () => {
  it('escalates a routed case nobody opened once its deadline has passed, and leaves an opened one alone', async () => {
    const unopened = await routedCase(api, { urgency: 'urgent' });
    const opened = await routedCase(api, { urgency: 'urgent' });
    await api.as(office(opened.officeId), 'GET', `/v1/cases/${opened.caseId}`);
    const later = new Date(Date.now() + 10 * 86_400_000).toISOString();

    const swept = await api.request('POST', '/_local/functions/sweeper/invoke', { body: { time: later } });

    expect(swept.status).toBe(200);
    const escalated = await waitForStatus(api, unopened.caseId, 'escalated');
    expect(escalated.escalationReason).toBe('deadline');
    expect((await readCase(api, opened.caseId)).status).toBe('routed');
  });

  it('leaves a case whose deadline has not passed', async () => {
    const routed = await routedCase(api, { urgency: 'routine' });

    await api.request('POST', '/_local/functions/sweeper/invoke', { body: { time: new Date().toISOString() } });

    expect((await readCase(api, routed.caseId)).status).toBe('routed');
  });
});
