import { beforeEach, describe, expect, it } from 'vitest';
import { type CaseCommand, type TransitionCasePorts, transitionCase } from '#application/office/transition-case.ts';
import type { CaseRecord, PrincipalOf } from '#domain/case.ts';
import { assignBodySchema, closeBodySchema, declineBodySchema } from '#domain/case-commands.ts';
import { CASE_STATUSES, type CaseStatus } from '#domain/codes.ts';
import {
  NotFound,
  PreconditionRequired,
  TransitionNotAllowed,
  ValidationFailed,
  VersionConflict,
} from '#domain/errors.ts';
import { DEFAULT_RESPONSE_DEADLINE_DAYS } from '#domain/working-days.ts';
import { parseIfMatch } from '#http/preconditions.ts';
import { checkLater } from '#http/request-validation.ts';
import { routedCase } from './case-fixtures.ts';
import {
  catalogueSource,
  fixedClock,
  InMemoryCases,
  InMemoryNotifications,
  live,
  NOW,
  personalData,
  testCatalogue,
} from './fakes.ts';

let cases: InMemoryCases;
let notifications: InMemoryNotifications;
let ports: TransitionCasePorts;
const fbNord = { role: 'office', officeId: 'fb-nord' } as const;
const coordinator = { role: 'coordinator' } as const;
const at = NOW.toISOString();

beforeEach(() => {
  cases = new InMemoryCases();
  notifications = new InMemoryNotifications();
  const catalogue = testCatalogue();
  catalogue.offers.push({
    ...catalogue.offers[0],
    id: 'closed-offer',
    status: 'inactive',
  } as (typeof catalogue.offers)[number]);
  ports = {
    cases,
    catalogue: catalogueSource(catalogue),
    clock: fixedClock(),
    notifications,
    deadlineDays: DEFAULT_RESPONSE_DEADLINE_DAYS,
    retentionDays: 180,
  };
});

function storeCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  const record = routedCase(overrides);
  cases.store(record);
  return record;
}

type CommandName = CaseCommand['name'];

/** An office's command with its body checked by the route's schema, as the dispatcher hands it on. */
function officeCommand(name: Exclude<CommandName, 'assign'>, body: unknown): Exclude<CaseCommand, { name: 'assign' }> {
  if (name === 'decline') return { name, body: checkLater(declineBodySchema(), () => body) };
  if (name === 'close') return { name, body: checkLater(closeBodySchema(), () => body) };
  return { name };
}

/** Runs a command as the office function does: body checked, If-Match parsed; an office acts, a coordinator assigns. */
function run(
  name: CommandName,
  options: { body?: unknown; ifMatch?: string | undefined; principal?: PrincipalOf<'office'> } = {},
) {
  const version = cases.cases.get('CASE0001')?.version ?? 1;
  const caseId = 'CASE0001';
  const expectedVersions = parseIfMatch('ifMatch' in options ? options.ifMatch : `"${version}"`);
  if (name === 'assign') {
    const command = { name, body: checkLater(assignBodySchema(), () => options.body) };
    return transitionCase(ports, { principal: coordinator, caseId, command, expectedVersions });
  }
  const command = officeCommand(name, options.body);
  return transitionCase(ports, { principal: options.principal ?? fbNord, caseId, command, expectedVersions });
}

/** Runs a command that must fail and shows the case unchanged afterwards. */
async function refused(name: CommandName, options: Parameters<typeof run>[1] = {}) {
  const before = structuredClone(cases.cases.get('CASE0001'));
  const error = await run(name, options).catch((caught: unknown) => caught);
  expect(cases.cases.get('CASE0001')).toEqual(before);
  expect(cases.events.get('CASE0001')).toHaveLength(1);
  return error;
}

describe('accept and start', () => {
  it('accepts a routed case: new version, accepted event, case.accepted published', async () => {
    storeCase();

    const after = await run('accept');

    expect(after.caseRecord).toMatchObject({ status: 'accepted', version: 3 });
    expect(after.history.at(-1)).toEqual({ seq: 3, type: 'accepted', at, actor: 'office:fb-nord' });
    expect(notifications.sent.map((message) => [message.type, message.officeId])).toEqual([
      ['case.accepted', 'fb-nord'],
    ]);
  });

  it('starts an accepted case without publishing anything', async () => {
    storeCase({ status: 'accepted', version: 3 });

    const after = await run('start');

    expect(after.caseRecord).toMatchObject({ status: 'in-progress', version: 4 });
    expect(notifications.sent).toEqual([]);
  });
});

describe('decline', () => {
  it('sends the case to the coordinator: escalated, no office, reason declined', async () => {
    storeCase();

    const after = await run('decline', { body: { reason: 'no-capacity' } });

    expect(after.caseRecord).toMatchObject({ status: 'escalated', officeId: null, escalationReason: 'declined' });
    expect(live(after.caseRecord).deadlineAt).toBeUndefined();
    expect(after.history.at(-1)).toMatchObject({ type: 'declined', details: { reason: 'no-capacity' } });
  });

  it('keeps the note with the personal data, never in the history', async () => {
    storeCase();

    const after = await run('decline', { body: { reason: 'other', note: 'Familie zieht um' } });

    expect(after.personal?.notes).toEqual([{ seq: 3, note: 'Familie zieht um', by: 'office:fb-nord' }]);
    expect(JSON.stringify(after.history)).not.toContain('Familie zieht um');
  });

  it('requires a reason (400 at path reason)', async () => {
    storeCase();

    const error = await refused('decline', { body: {} });

    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors.map((e) => e.path)).toEqual(['reason']);
  });

  it('rejects an unknown reason and unknown fields', async () => {
    storeCase();

    const error = await refused('decline', { body: { reason: 'bored', extra: 1 } });

    expect((error as ValidationFailed).errors.map((e) => e.path).sort()).toEqual(['extra', 'reason']);
  });
});

describe('close', () => {
  beforeEach(() => {
    storeCase({
      status: 'in-progress',
      version: 4,
      proposals: [
        {
          rank: 1,
          offerId: 'proposed-only',
          name: 'x',
          organization: 'y',
          needsCovered: [],
          speaksFamilyLanguage: false,
          outreach: false,
          capacityAvailable: null,
          reasons: [],
        },
      ],
    });
  });

  it('closes with the outcome and sets the personal data to expire after the retention period', async () => {
    const after = await run('close', { body: { outcome: 'waitlisted' } });

    expect(after.caseRecord).toMatchObject({ status: 'closed', outcome: 'waitlisted', closedAt: at });
    expect(cases.personal.get('CASE0001')?.expiresAt).toBe(NOW.getTime() / 1000 + 180 * 86_400);
    expect(notifications.sent.map((message) => message.type)).toEqual(['case.closed']);
  });

  it('closes from accepted too', async () => {
    cases.store(routedCase({ status: 'accepted', version: 3 }));

    expect((await run('close', { body: { outcome: 'unreachable' } })).caseRecord.status).toBe('closed');
  });

  it('requires an outcome', async () => {
    const error = await refused('close', { body: {} });

    expect((error as ValidationFailed).errors.map((e) => e.path)).toEqual(['outcome']);
  });

  it('accepts an offer that is one of the proposals, even if not in the catalogue', async () => {
    const after = await run('close', { body: { outcome: 'connected', offerId: 'proposed-only' } });

    expect(live(after.caseRecord).closedOfferId).toBe('proposed-only');
  });

  it('accepts any active offer of the catalogue', async () => {
    const after = await run('close', { body: { outcome: 'referred-elsewhere', offerId: 'elterncafe-nord' } });

    expect(live(after.caseRecord).closedOfferId).toBe('elterncafe-nord');
  });

  it('refuses an offer that is neither proposed nor active (400 at path offerId)', async () => {
    for (const offerId of ['closed-offer', 'no-such-offer']) {
      const error = await refused('close', { body: { outcome: 'connected', offerId } });

      expect((error as ValidationFailed).errors.map((e) => e.path)).toEqual(['offerId']);
    }
  });

  it('uses one place of the offer when the family is connected to it', async () => {
    cases.capacity.set('elterncafe-nord', 4);

    await run('close', { body: { outcome: 'connected', offerId: 'elterncafe-nord' } });

    expect(cases.applied.at(-1)).toMatchObject({ useCapacityOf: 'elterncafe-nord' });
    expect(cases.capacity.get('elterncafe-nord')).toBe(3);
  });

  it('never takes capacity below zero, and still closes', async () => {
    cases.capacity.set('elterncafe-nord', 0);

    const after = await run('close', { body: { outcome: 'connected', offerId: 'elterncafe-nord' } });

    expect(after.caseRecord.status).toBe('closed');
    expect(cases.capacity.get('elterncafe-nord')).toBe(0);
  });

  it('asks for no place of an offer that tracks none in the catalogue', async () => {
    await run('close', { body: { outcome: 'connected', offerId: 'proposed-only' } });

    expect(cases.applied.at(-1)?.status).toBe('closed');
    expect(cases.applied.at(-1)).not.toHaveProperty('useCapacityOf');
  });

  it('uses no place for another outcome', async () => {
    cases.capacity.set('elterncafe-nord', 4);

    await run('close', { body: { outcome: 'waitlisted', offerId: 'elterncafe-nord' } });

    expect(cases.capacity.get('elterncafe-nord')).toBe(4);
  });
});

describe('assign', () => {
  it('routes an escalated case to another office with a new deadline, to be opened afresh', async () => {
    storeCase({ status: 'escalated', version: 4, officeId: null, escalationReason: 'declined', openedAt: at });

    const after = await run('assign', { body: { officeId: 'fb-sued' } });

    expect(after.caseRecord).toMatchObject({
      status: 'routed',
      officeId: 'fb-sued',
      routedAt: at,
      deadlineAt: '2026-12-01T10:00:00.000Z',
    });
    expect(live(after.caseRecord).openedAt).toBeUndefined();
    expect(live(after.caseRecord).escalationReason).toBeUndefined();
    expect(notifications.sent.map((message) => [message.type, message.officeId])).toEqual([['case.routed', 'fb-sued']]);
  });

  it('proposes offers for a case that never reached an office', async () => {
    const { proposals: _none, ...withoutProposals } = routedCase({
      status: 'escalated',
      version: 2,
      officeId: null,
      escalationReason: 'no-office',
    });
    cases.store(withoutProposals, { personal: personalData() });

    const after = await run('assign', { body: { officeId: 'fb-nord' } });

    expect(live(after.caseRecord).proposals?.map((proposal) => proposal.offerId)).toEqual(['elterncafe-nord']);
  });

  it('refuses an office that is not in the catalogue (400 at path officeId)', async () => {
    storeCase({ status: 'escalated', version: 4, officeId: null });

    const error = await refused('assign', { body: { officeId: 'fb-mond' } });

    expect((error as ValidationFailed).errors.map((e) => e.path)).toEqual(['officeId']);
  });
});

describe('preconditions and their order', () => {
  it('answers 428 without If-Match', async () => {
    storeCase();

    expect(await refused('accept', { ifMatch: undefined })).toBeInstanceOf(PreconditionRequired);
  });

  it('answers 412 for another version', async () => {
    storeCase();

    expect(await refused('accept', { ifMatch: '"1"' })).toBeInstanceOf(VersionConflict);
  });

  it('answers 412 for an If-Match that names no version', async () => {
    storeCase();

    expect(await refused('accept', { ifMatch: '*' })).toBeInstanceOf(VersionConflict);
  });

  it('answers 412 for a weak ETag of the current version: If-Match compares strongly', async () => {
    storeCase();

    expect(await refused('accept', { ifMatch: 'W/"2"' })).toBeInstanceOf(VersionConflict);
  });

  it('accepts a list that contains the version as a strong tag', async () => {
    storeCase();

    expect((await run('accept', { ifMatch: 'W/"1", "2"' })).caseRecord.status).toBe('accepted');
  });

  it('answers 404 before anything else for another office', async () => {
    storeCase();

    const error = await refused('decline', {
      principal: { role: 'office', officeId: 'fb-sued' },
      body: {},
      ifMatch: undefined,
    });

    expect(error).toBeInstanceOf(NotFound);
  });

  it('answers 400 before 428', async () => {
    storeCase();

    expect(await refused('decline', { body: {}, ifMatch: undefined })).toBeInstanceOf(ValidationFailed);
  });

  it('answers 412 before 409: a stale version of a case in a forbidding status', async () => {
    storeCase({ status: 'closed', version: 5 });

    expect(await refused('accept', { ifMatch: '"4"' })).toBeInstanceOf(VersionConflict);
  });

  it('answers 412 when a concurrent change wins between read and write', async () => {
    storeCase();
    cases.beforeTransition = () => {
      const current = cases.cases.get('CASE0001');
      if (current) cases.cases.set('CASE0001', { ...current, version: 3, status: 'accepted' });
    };

    await expect(run('accept')).rejects.toBeInstanceOf(VersionConflict);
    expect(cases.events.get('CASE0001')).toHaveLength(1);
  });
});

describe('the state machine at the API', () => {
  const bodies: Record<CommandName, unknown> = {
    accept: undefined,
    start: undefined,
    decline: { reason: 'other' },
    close: { outcome: 'connected' },
    assign: { officeId: 'fb-nord' },
  };
  const allowed: Record<CommandName, CaseStatus[]> = {
    accept: ['routed'],
    decline: ['routed'],
    start: ['accepted'],
    close: ['accepted', 'in-progress'],
    assign: ['escalated'],
  };

  for (const command of Object.keys(bodies) as CommandName[]) {
    for (const status of CASE_STATUSES) {
      const ok = allowed[command].includes(status);
      it(`${ok ? 'allows' : 'refuses with 409'} ${command} in status ${status}`, async () => {
        // Offices see only their cases; a coordinator acts on any (here: on cases without an office).
        storeCase({ status, version: 5, officeId: command === 'assign' ? null : 'fb-nord' });

        if (ok) {
          expect((await run(command, { body: bodies[command] })).caseRecord.version).toBe(6);
        } else {
          expect(await refused(command, { body: bodies[command] })).toBeInstanceOf(TransitionNotAllowed);
        }
      });
    }
  }
});
