// What every CaseRepository does, written once: run against the in-memory fake (unit tier) and the DynamoDB repository
// on DynamoDB Local (component tier), so the fake the use-case tests rely on cannot drift from the real one.
import { describe, expect, it } from 'vitest';
import type { CaseRepository, CaseTransition, InboxCase, ListedReferral, NewCase } from '#application/ports.ts';
import { type CaseEvent, type CaseRecord, isTombstone, type StoredCase } from '#domain/case.ts';
import { notificationMessageOf } from '#domain/domain-events.ts';
import { ValidationFailed, VersionConflict } from '#domain/errors.ts';
import { proposalOf, receivedCase } from '../unit/functions/case-fixtures.ts';
import { personalData } from '../unit/functions/fakes.ts';

export interface CaseRepositoryUnderTest {
  cases: CaseRepository;
  /** Makes the offer track `available` places (undefined: the offer exists and tracks no capacity). */
  trackCapacity(offerId: string, available: number | undefined): Promise<void>;
  /** The places the offer has available now (undefined: not tracked, or no such offer). */
  availableOf(offerId: string): Promise<number | undefined>;
}

/** Far past and far future expiries (epoch seconds). */
const EXPIRED = 1_000;
const LATER = 4_000_000_000;
const MINUTE_MS = 60_000;

let eras = 0;

/**
 * The cases of one test: ids, office and times of their own. Each test's times lie before those of every test before
 * it, so a listing "strictly before" a time of this test sees no case of the earlier tests on a shared table.
 */
function scenario(cases: CaseRepository) {
  eras += 1;
  const era = eras;
  const start = Date.UTC(1990 - era, 0, 1);
  let created = 0;
  let ticks = 0;
  /** The time `minutes` after the start of this test's era. */
  const time = (minutes: number) => new Date(start + minutes * MINUTE_MS).toISOString();
  const officeId = `office-${era}`;

  function newCase(overrides: Partial<CaseRecord> = {}, idempotencyKey?: string): NewCase {
    created += 1;
    const createdAt = overrides.createdAt ?? time(created);
    const caseRecord = receivedCase({ id: `C${era}-${created}`, createdAt, updatedAt: createdAt, ...overrides });
    const key = idempotencyKey ?? `key-${caseRecord.id}`;
    return {
      caseRecord,
      personal: personalData({ idempotencyKey: key }),
      firstEvent: { seq: 1, type: 'received', at: createdAt, actor: 'referrer:klinik-mitte' },
      idempotency: { institutionId: 'klinik-mitte', key, bodyHash: `hash-${caseRecord.id}`, expiresAt: LATER },
    };
  }

  async function create(overrides: Partial<CaseRecord> = {}): Promise<CaseRecord> {
    const created = newCase(overrides);
    expect(await cases.create(created)).toEqual({ kind: 'created' });
    return created.caseRecord;
  }

  /** A transition one minute after the last, with the notification its event publishes. */
  function transition(
    from: CaseRecord,
    status: CaseRecord['status'],
    type: CaseEvent['type'],
    more: Partial<Omit<CaseTransition, 'from' | 'status' | 'event'>> = {},
  ): CaseTransition {
    ticks += 1;
    const at = time(10_000 + ticks);
    const event: CaseEvent = { seq: from.version + 1, type, at, actor: 'test' };
    const changes = more.changes ?? {};
    const officeId = changes.officeId !== undefined ? changes.officeId : from.officeId;
    const notification = notificationMessageOf({ caseId: from.id, officeId, event });
    return { from, status, updatedAt: at, changes, event, ...(notification ? { notification } : {}), ...more };
  }

  /** The record a transition leaves (as the use cases compute it). */
  function after(change: CaseTransition): CaseRecord {
    const next: CaseRecord = {
      ...change.from,
      ...change.changes,
      status: change.status,
      version: change.from.version + 1,
      updatedAt: change.updatedAt,
    };
    for (const field of change.remove ?? []) delete next[field];
    return next;
  }

  async function apply(change: CaseTransition): Promise<CaseRecord> {
    await cases.applyTransition(change);
    return after(change);
  }

  /** Routes a new case to this test's office (by default with one proposal and a deadline). */
  async function routed(overrides: Partial<CaseRecord> = {}, changes: CaseTransition['changes'] = {}) {
    const from = await create(overrides);
    return apply(
      transition(from, 'routed', 'routed', {
        changes: {
          officeId,
          proposals: [proposalOf(`offer-${from.id}`, 'ar')],
          unmatched: false,
          routedAt: time(5_000),
          deadlineAt: time(20_000),
          ...changes,
        },
      }),
    );
  }

  /** The institution of this test's referrals listings (the other tests' cases are in partitions of their own). */
  const institutionId = `institution-${era}`;

  /** Creates a case of this test's institution, with the institution's reference in its personal data if given. */
  async function referred(overrides: Partial<CaseRecord> = {}, referrerReference?: string): Promise<CaseRecord> {
    const created = newCase({ institutionId, ...overrides });
    const referral =
      referrerReference === undefined ? created.personal.referral : { ...created.personal.referral, referrerReference };
    expect(await cases.create({ ...created, personal: { ...created.personal, referral } })).toEqual({
      kind: 'created',
    });
    return created.caseRecord;
  }

  return { era, time, officeId, institutionId, newCase, create, referred, transition, after, apply, routed };
}

/** The live case a test expects (a tombstone fails it). */
function liveRecord(stored: StoredCase | undefined): CaseRecord {
  if (!stored || isTombstone(stored)) throw new Error('expected a live case');
  return stored;
}

/** A referral as the listing reads it: the facts of the referrer's view, the events without details. */
function listedReferralOf(record: CaseRecord, history: CaseEvent[], referrerReference?: string): ListedReferral {
  const { id, status, createdAt, updatedAt, consentScopes, outcome } = record;
  return {
    caseRecord: { id, status, createdAt, updatedAt, consentScopes, ...(outcome !== undefined ? { outcome } : {}) },
    history: history.map(({ seq, type, at, actor }) => ({ seq, type, at, ...(actor !== undefined ? { actor } : {}) })),
    ...(referrerReference !== undefined ? { referrerReference } : {}),
  };
}

/** An inbox line: what the inbox indexes copy of a case. */
function inboxCaseOf(record: CaseRecord): InboxCase {
  const { id, status, urgency, createdAt, updatedAt, officeId, districtId, phases, needs, openedAt, deadlineAt } =
    record;
  return {
    ...{ id, status, urgency, createdAt, updatedAt, officeId, districtId, phases, needs },
    ...(openedAt !== undefined ? { openedAt } : {}),
    ...(deadlineAt !== undefined ? { deadlineAt } : {}),
  };
}

export function caseRepositoryContract(subject: string, setup: () => Promise<CaseRepositoryUnderTest>): void {
  /** The repository under test, and a scenario of the test's own on it. */
  const begin = async () => {
    const tested = await setup();
    return { ...tested, world: scenario(tested.cases) };
  };

  describe(`${subject}: creation and idempotency`, () => {
    it('creates a case that reads back with its personal data and first event', async () => {
      const { cases } = await setup();
      const created = scenario(cases).newCase();

      expect(await cases.create(created)).toEqual({ kind: 'created' });

      expect(await cases.get(created.caseRecord.id)).toEqual(created.caseRecord);
      expect(await cases.getWithHistory(created.caseRecord.id)).toEqual({
        caseRecord: created.caseRecord,
        personal: created.personal,
        history: [created.firstEvent],
      });
    });

    it('answers "exists" with the first record when a key is used again, and writes nothing', async () => {
      const { cases, world } = await begin();
      const first = world.newCase({}, `shared-${world.era}`);
      const second = world.newCase({}, `shared-${world.era}`);
      await cases.create(first);

      const outcome = await cases.create(second);

      expect(outcome).toEqual({
        kind: 'exists',
        record: {
          bodyHash: first.idempotency.bodyHash,
          referralId: first.caseRecord.id,
          createdAt: first.caseRecord.createdAt,
          expiresAt: LATER,
        },
      });
      expect(await cases.get(second.caseRecord.id)).toBeNull();
    });

    it('keeps the keys of two institutions apart', async () => {
      const { cases, world } = await begin();
      const first = world.newCase({}, `same-${world.era}`);
      const other = world.newCase({}, `same-${world.era}`);

      await cases.create(first);
      const outcome = await cases.create({
        ...other,
        idempotency: { ...other.idempotency, institutionId: 'praxis-west' },
      });

      expect(outcome).toEqual({ kind: 'created' });
    });

    it('treats an expired idempotency record as gone', async () => {
      const { cases, world } = await begin();
      const first = world.newCase({}, `expired-${world.era}`);
      const second = world.newCase({}, `expired-${world.era}`);
      await cases.create({ ...first, idempotency: { ...first.idempotency, expiresAt: EXPIRED } });

      expect(await cases.create(second)).toEqual({ kind: 'created' });
      expect(await cases.create(first)).toMatchObject({ kind: 'exists', record: { referralId: second.caseRecord.id } });
    });

    it('knows no case it never created', async () => {
      const { cases } = await setup();

      expect(await cases.get('NO-SUCH-CASE')).toBeNull();
      expect(await cases.getWithHistory('NO-SUCH-CASE')).toBeNull();
    });
  });

  describe(`${subject}: transitions`, () => {
    it('applies a transition: changes, status, next version, one more event', async () => {
      const { cases, world } = await begin();
      const from = await world.create();
      const change = world.transition(from, 'routed', 'routed', {
        changes: {
          officeId: world.officeId,
          proposals: [proposalOf('offer-a', 'ar')],
          unmatched: false,
          routedAt: world.time(9),
        },
      });

      await cases.applyTransition(change);

      const found = await cases.getWithHistory(from.id);
      expect(found?.caseRecord).toEqual(world.after(change));
      expect(found?.history.map((event) => event.seq)).toEqual([1, 2]);
      expect(found?.history[1]).toEqual(change.event);
    });

    it('keeps the proposals out of the case read alone, and in the case read with its history', async () => {
      const { cases, world } = await begin();
      const routed = await world.routed();
      const accepted = await world.apply(world.transition(routed, 'accepted', 'accepted'));

      const { proposals, ...withoutProposals } = accepted;
      expect(await cases.get(routed.id)).toMatchObject({ ...withoutProposals });
      expect(await cases.get(routed.id)).not.toHaveProperty('proposals');
      expect(liveRecord((await cases.getWithHistory(routed.id))?.caseRecord).proposals).toEqual(proposals);
    });

    it('drops the fields a transition removes, and the proposals when it removes them', async () => {
      const { cases, world } = await begin();
      const routed = await world.routed();

      await cases.applyTransition(
        world.transition(routed, 'escalated', 'escalated', {
          changes: { officeId: null, escalationReason: 'deadline' },
          remove: ['routedAt', 'deadlineAt', 'proposals'],
        }),
      );

      const found = (await cases.getWithHistory(routed.id))?.caseRecord;
      expect(found).toMatchObject({ status: 'escalated', officeId: null, escalationReason: 'deadline' });
      expect(found).not.toHaveProperty('routedAt');
      expect(found).not.toHaveProperty('deadlineAt');
      expect(found).not.toHaveProperty('proposals');
    });

    it('refuses a transition from a version that is no longer current, and writes nothing', async () => {
      const { cases, world } = await begin();
      const from = await world.create();
      const change = world.transition(from, 'escalated', 'escalated', { changes: { escalationReason: 'no-office' } });
      await cases.applyTransition(change);

      await expect(cases.applyTransition(change)).rejects.toBeInstanceOf(VersionConflict);
      expect((await cases.getWithHistory(from.id))?.history).toHaveLength(2);
    });

    it('refuses a transition from a status that is no longer current', async () => {
      const { cases, world } = await begin();
      const from = await world.create();

      const attempt = cases.applyTransition(world.transition({ ...from, status: 'routed' }, 'accepted', 'accepted'));

      await expect(attempt).rejects.toBeInstanceOf(VersionConflict);
      expect((await cases.get(from.id))?.status).toBe('received');
    });

    it('lets exactly one of 10 concurrent transitions from the same version succeed', async () => {
      const { cases, world } = await begin();
      const routed = await world.routed();

      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => cases.applyTransition(world.transition(routed, 'accepted', 'accepted'))),
      );

      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(VersionConflict);
      }
      const found = await cases.getWithHistory(routed.id);
      expect(found?.caseRecord).toMatchObject({ status: 'accepted', version: 3 });
      expect(found?.history.map((event) => event.type)).toEqual(['received', 'routed', 'accepted']);
    });

    // The record read back carries the stored `firstActionAt`; a use case hands it back as `from` (case-items.ts).
    it('remembers the first office action with the case, once', async () => {
      const { cases, world } = await begin();
      const routed = await world.routed();
      const open = world.transition(routed, 'routed', 'opened', { changes: { openedAt: world.time(7) } });
      await cases.applyTransition(open);
      const opened = (await cases.getWithHistory(routed.id))?.caseRecord as CaseRecord;
      await cases.applyTransition(world.transition(opened, 'accepted', 'accepted'));

      const found = await cases.getWithHistory(routed.id);

      expect(found?.caseRecord).toMatchObject({ status: 'accepted', firstActionAt: open.event.at });
    });

    it('keeps the audit trail out of the history', async () => {
      const { cases, world } = await begin();
      const from = await world.create();

      const entry = {
        actor: { role: 'office', organizationId: 'fb-nord', accountId: 'a-1' },
        at: from.createdAt,
        action: 'read',
      } as const;
      await cases.recordAudit(from.id, entry);

      expect((await cases.getWithHistory(from.id))?.history.map((event) => event.type)).toEqual(['received']);
      expect(await cases.listAudit(from.id)).toEqual([entry]);
    });
  });

  describe(`${subject}: personal data`, () => {
    it('adds a note to the personal data with the transition', async () => {
      const { cases, world } = await begin();
      const routed = await world.routed();

      await cases.applyTransition(
        world.transition(routed, 'escalated', 'declined', {
          changes: { officeId: null, escalationReason: 'declined' },
          personal: { kind: 'add-note', note: { seq: 3, note: 'Familie zog um' } },
        }),
      );

      expect((await cases.getWithHistory(routed.id))?.personal?.notes).toEqual([{ seq: 3, note: 'Familie zog um' }]);
    });

    it('keeps personal data and proposals until they expire, and treats them as gone after', async () => {
      const { cases, world } = await begin();
      const keeps = await world.apply(world.transition(await world.routed(), 'accepted', 'accepted'));
      const goes = await world.apply(world.transition(await world.routed(), 'accepted', 'accepted'));
      const close = (from: CaseRecord, expiresAt: number) =>
        world.transition(from, 'closed', 'closed', {
          changes: { outcome: 'family-declined', closedAt: world.time(30_000) },
          personal: { kind: 'expire', expiresAt },
        });

      await cases.applyTransition(close(keeps, LATER));
      await cases.applyTransition(close(goes, EXPIRED));

      const kept = await cases.getWithHistory(keeps.id);
      const gone = await cases.getWithHistory(goes.id);
      expect(kept?.personal).not.toBeNull();
      expect(liveRecord(kept?.caseRecord).proposals).toEqual(keeps.proposals);
      expect(gone?.personal).toBeNull();
      expect(gone?.caseRecord).not.toHaveProperty('proposals');
      expect(gone?.caseRecord.status).toBe('closed');
    });

    it('erases the personal data and the proposals, and leaves the tombstone, stripped events and a journal entry', async () => {
      const { cases, world } = await begin();
      const created = world.newCase();
      await cases.create(created);
      const routed = await world.apply(
        world.transition(created.caseRecord, 'routed', 'routed', {
          changes: { officeId: world.officeId, proposals: [proposalOf('offer-x', 'ar')], unmatched: false },
        }),
      );
      const erasedAt = world.time(9);

      await cases.applyTransition(
        world.transition(routed, 'withdrawn', 'withdrawn', {
          changes: { withdrawnAt: erasedAt },
          personal: { kind: 'erase', erasedAt },
        }),
      );

      const found = await cases.getWithHistory(routed.id);
      expect(found?.personal).toBeNull();
      expect(found?.caseRecord).toEqual({
        id: routed.id,
        institutionId: routed.institutionId,
        institutionType: routed.institutionType,
        status: 'withdrawn',
        version: routed.version + 1,
        createdAt: routed.createdAt,
        updatedAt: expect.any(String),
        consentScopes: routed.consentScopes,
        officeId: world.officeId,
        withdrawnAt: erasedAt,
        erasedAt,
      });
      expect(found?.history).toEqual([
        { seq: 1, type: 'received', at: routed.createdAt },
        { seq: 2, type: 'routed', at: expect.any(String) },
        { seq: 3, type: 'withdrawn', at: expect.any(String), actor: 'test' },
      ]);
      // A late retry of the submission still finds its record (ids and hash only) and creates nothing.
      expect(await cases.create(world.newCase({}, created.idempotency.key))).toMatchObject({
        kind: 'exists',
        record: { referralId: routed.id },
      });
    });

    it('never changes a tombstone again, whatever version a caller names', async () => {
      const { cases, world } = await begin();
      const from = await world.create();
      const erasedAt = world.time(9);
      const withdrawn = await world.apply(
        world.transition(from, 'withdrawn', 'withdrawn', { personal: { kind: 'erase', erasedAt } }),
      );

      await expect(
        cases.applyTransition(
          world.transition(withdrawn, 'withdrawn', 'opened', {
            personal: { kind: 'add-note', note: { seq: 3, note: 'zu spät' } },
          }),
        ),
      ).rejects.toBeInstanceOf(VersionConflict);

      const found = await cases.getWithHistory(from.id);
      expect(found?.personal).toBeNull();
      expect(found?.caseRecord.version).toBe(2);
    });

    it('lists the cases due for retention: closed ones by closure, open ones by their last change', async () => {
      const { cases, world } = await begin();
      const accepted = await world.apply(world.transition(await world.routed(), 'accepted', 'accepted'));
      const closedAt = world.time(30_000);
      const closed = await world.apply(
        world.transition(
          await world.apply(world.transition(await world.routed(), 'accepted', 'accepted')),
          'closed',
          'closed',
          {
            changes: { outcome: 'connected', closedAt },
          },
        ),
      );
      const erased = await world.create();
      await world.apply(
        world.transition(erased, 'withdrawn', 'withdrawn', { personal: { kind: 'erase', erasedAt: closedAt } }),
      );

      const due = await cases.listRetentionDue({ closedBefore: '9999', idleBefore: '9999', limit: 500 });
      const none = await cases.listRetentionDue({ closedBefore: closedAt, idleBefore: accepted.updatedAt, limit: 500 });

      expect(due).toEqual(expect.arrayContaining([accepted.id, closed.id]));
      expect(due).not.toContain(erased.id);
      expect(none).not.toContain(accepted.id);
      expect(none).not.toContain(closed.id);
    });

    it('keeps an open case where it became idle-swept until the sweeper moves it to its last change', async () => {
      const { cases, world } = await begin();
      const accepted = await world.apply(world.transition(await world.routed(), 'accepted', 'accepted'));
      const started = await world.apply(world.transition(accepted, 'in-progress', 'started'));
      const between = { closedBefore: '0', idleBefore: started.updatedAt, limit: 500 };
      const after = { closedBefore: '0', idleBefore: '9999', limit: 500 };

      // Listed by when it became idle-swept (its acceptance): a candidate the sweeper checks.
      expect(await cases.listRetentionDue(between)).toContain(accepted.id);
      await cases.moveIdleSweep(accepted);
      expect(await cases.listRetentionDue(between)).toContain(accepted.id);
      await cases.moveIdleSweep(started);
      expect(await cases.listRetentionDue(between)).not.toContain(accepted.id);
      expect(await cases.listRetentionDue(after)).toContain(accepted.id);
    });
  });

  describe(`${subject}: an institution's referrals`, () => {
    it('lists them newest first, page by page, each once, and no other institution’s', async () => {
      const { cases, world } = await begin();
      const older = await world.referred({ createdAt: world.time(1) });
      const newest = await world.referred({ createdAt: world.time(3) });
      const middle = await world.referred({ createdAt: world.time(2) });
      await world.create({ institutionId: `elsewhere-${world.era}`, createdAt: world.time(4) });
      const institutionId = world.institutionId;

      const first = await cases.listReferrals({ institutionId, limit: 2 });
      const second = await cases.listReferrals({ institutionId, limit: 2, cursor: first.nextCursor ?? '' });

      expect(first.items.map((item) => item.caseRecord.id)).toEqual([newest.id, middle.id]);
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(second.items.map((item) => item.caseRecord.id)).toEqual([older.id]);
      expect(second.nextCursor).toBeNull();
    });

    it('answers a full page with no cursor when nothing follows', async () => {
      const { cases, world } = await begin();
      await world.referred();
      await world.referred();

      const page = await cases.listReferrals({ institutionId: world.institutionId, limit: 2 });

      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).toBeNull();
    });

    it('lists what the referrer’s view needs: the facts, the events without details, the reference', async () => {
      const { cases, world } = await begin();
      const from = await world.referred({ consentScopes: ['office'] }, `KM-${world.era}`);
      const routed = world.transition(from, 'routed', 'routed', {
        changes: { officeId: world.officeId, routedAt: world.time(5) },
      });
      const change = { ...routed, event: { ...routed.event, details: { officeId: world.officeId } } };
      await cases.applyTransition(change);

      const page = await cases.listReferrals({ institutionId: world.institutionId, limit: 10 });

      expect(page.items).toEqual([
        listedReferralOf(
          world.after(change),
          [{ seq: 1, type: 'received', at: from.createdAt, actor: 'referrer:klinik-mitte' }, change.event],
          `KM-${world.era}`,
        ),
      ]);
    });

    it('keeps a withdrawn case listed as its tombstone, without the reference it erased', async () => {
      const { cases, world } = await begin();
      const from = await world.referred({}, `KM-${world.era}`);
      const withdrawn = await world.apply(
        world.transition(from, 'withdrawn', 'withdrawn', {
          changes: { withdrawnAt: world.time(9) },
          personal: { kind: 'erase', erasedAt: world.time(9) },
        }),
      );

      const [item] = (await cases.listReferrals({ institutionId: world.institutionId, limit: 10 })).items;

      expect(item?.caseRecord).toEqual(listedReferralOf(withdrawn, []).caseRecord);
      expect(item?.history.every((event) => event.actor === undefined || event.seq === withdrawn.version)).toBe(true);
      expect(item).not.toHaveProperty('referrerReference');
    });

    it('lists no reference once the personal data expired', async () => {
      const { cases, world } = await begin();
      const accepted = await world.apply(
        world.transition(await world.routed({ institutionId: world.institutionId }), 'accepted', 'accepted'),
      );
      const withReference = await world.referred({}, `KM-${world.era}`);
      await cases.applyTransition(
        world.transition(accepted, 'closed', 'closed', {
          changes: { outcome: 'connected', closedAt: world.time(30_000) },
          personal: { kind: 'expire', expiresAt: EXPIRED },
        }),
      );

      const page = await cases.listReferrals({ institutionId: world.institutionId, limit: 10 });

      expect(page.items.map((item) => [item.caseRecord.id, item.referrerReference])).toEqual([
        [withReference.id, `KM-${world.era}`],
        [accepted.id, undefined],
      ]);
    });

    it('leaves out the referrals not kept, page by page', async () => {
      const { cases, world } = await begin();
      const kept = [];
      for (let minute = 1; minute <= 7; minute++) {
        const created = await world.referred({ createdAt: world.time(minute) }, minute % 3 === 0 ? 'skip' : 'keep');
        if (minute % 2 === 0) {
          await cases.applyTransition(
            world.transition(created, 'escalated', 'escalated', { changes: { escalationReason: 'no-office' } }),
          );
        } else if (minute % 3 !== 0) kept.unshift(created.id);
      }
      const query = {
        institutionId: world.institutionId,
        limit: 2,
        keep: (referral: ListedReferral) =>
          referral.caseRecord.status === 'received' && referral.referrerReference === 'keep',
      };

      const first = await cases.listReferrals(query);
      const second = await cases.listReferrals({ ...query, cursor: first.nextCursor ?? '' });

      // Received (odd minutes) and kept (not a multiple of 3): minutes 7, 5, 1.
      expect(first.items.map((item) => item.caseRecord.id)).toEqual(kept.slice(0, 2));
      expect(second.items.map((item) => item.caseRecord.id)).toEqual(kept.slice(2));
      expect(second.nextCursor).toBeNull();
    });

    it('refuses the cursor of another listing (400 at path cursor)', async () => {
      const { cases, world } = await begin();
      await world.referred();
      await world.referred();
      const page = await cases.listReferrals({ institutionId: world.institutionId, limit: 1 });
      const inbox = await cases.listInbox({ source: { kind: 'all' }, limit: 1 });

      const attempts = [
        cases.listReferrals({ institutionId: `elsewhere-${world.era}`, limit: 1, cursor: page.nextCursor ?? '' }),
        cases.listReferrals({ institutionId: world.institutionId, limit: 1, cursor: inbox.nextCursor ?? '' }),
        cases.listInbox({ source: { kind: 'all' }, limit: 1, cursor: page.nextCursor ?? '' }),
      ];

      for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
    });
  });

  describe(`${subject}: offer capacity`, () => {
    it.each([
      [2, 1],
      [1, 0],
      [0, 0],
    ])('takes one place of an offer with %i available (→ %i) and closes either way', async (available, left) => {
      const { world, ...tested } = await begin();
      const offerId = `capacity-${world.era}`;
      await tested.trackCapacity(offerId, available);
      const accepted = await world.apply(world.transition(await world.routed(), 'accepted', 'accepted'));

      await tested.cases.applyTransition(
        world.transition(accepted, 'closed', 'closed', {
          changes: { outcome: 'connected', closedOfferId: offerId, closedAt: world.time(30_000) },
          useCapacityOf: offerId,
        }),
      );

      expect(await tested.availableOf(offerId)).toBe(left);
      expect((await tested.cases.get(accepted.id))?.status).toBe('closed');
    });

    it('closes with an offer that tracks no capacity, or does not exist, and tracks none after', async () => {
      const { world, ...tested } = await begin();
      const untracked = `untracked-${world.era}`;
      await tested.trackCapacity(untracked, undefined);

      for (const offerId of [untracked, `missing-${world.era}`]) {
        const accepted = await world.apply(world.transition(await world.routed(), 'accepted', 'accepted'));
        await tested.cases.applyTransition(
          world.transition(accepted, 'closed', 'closed', {
            changes: { outcome: 'connected', closedOfferId: offerId },
            useCapacityOf: offerId,
          }),
        );

        expect((await tested.cases.get(accepted.id))?.status).toBe('closed');
        expect(await tested.availableOf(offerId)).toBeUndefined();
      }
    });
  });

  describe(`${subject}: outbox`, () => {
    it('keeps a notification in the outbox, oldest first, until it is cleared', async () => {
      const { cases, world } = await begin();
      const first = world.transition(await world.routed(), 'accepted', 'accepted');
      const second = world.transition(await world.routed(), 'accepted', 'accepted');
      await cases.applyTransition(second);
      await cases.applyTransition(first);
      const entry = (change: CaseTransition) => ({
        caseId: change.from.id,
        seq: change.event.seq,
        message: change.notification,
      });
      const routedEntries = async () =>
        (await cases.listOutboxBefore(world.time(100_000), 100)).filter(
          (found) => found.message.type === 'case.accepted',
        );

      const pending = await routedEntries();
      const limited = await cases.listOutboxBefore(world.time(100_000), 1);
      const beforeSecond = await cases.listOutboxBefore(second.event.at, 100);
      await cases.clearOutbox(first.from.id, first.event.seq);
      const after = await routedEntries();

      expect(pending).toEqual([entry(first), entry(second)]);
      expect(limited).toHaveLength(1);
      expect(beforeSecond.map((found) => found.message.eventId)).not.toContain(second.notification?.eventId);
      expect(after).toEqual([entry(second)]);
    });

    it('clears the outbox of an event that does not exist without complaint', async () => {
      const { cases } = await setup();

      await expect(cases.clearOutbox('NO-SUCH-CASE', 7)).resolves.toBeUndefined();
    });
  });

  describe(`${subject}: sweeper listings`, () => {
    it('lists the cases still received that were created before a time, oldest first, up to a limit', async () => {
      const { cases, world } = await begin();
      const newer = await world.create({ createdAt: world.time(20) });
      const older = await world.create({ createdAt: world.time(10) });
      const same = await world.create({ createdAt: world.time(10) });
      await world.routed({ createdAt: world.time(5) });
      await world.create({ createdAt: world.time(30) });

      const ids = await cases.listReceivedCreatedBefore(world.time(30), 100);
      const first = await cases.listReceivedCreatedBefore(world.time(30), 1);

      // Created at the same time: in id order.
      expect(ids).toEqual([older.id, same.id, newer.id]);
      expect(first).toEqual([ids[0]]);
    });

    it('lists routed, unopened cases whose deadline passed, earliest deadline first, up to a limit', async () => {
      const { cases, world } = await begin();
      const late = await world.routed({}, { deadlineAt: world.time(200) });
      const early = await world.routed({}, { deadlineAt: world.time(100) });
      const opened = await world.routed({}, { deadlineAt: world.time(50) });
      await cases.applyTransition(
        world.transition(opened, 'routed', 'opened', { changes: { openedAt: world.time(60) } }),
      );
      await world.routed({}, { deadlineAt: world.time(300) });

      const ids = await cases.listDeadlinePassed(world.time(300), 100);
      const first = await cases.listDeadlinePassed(world.time(300), 1);

      expect(ids).toEqual([early.id, late.id]);
      expect(first).toEqual([early.id]);
    });
  });

  describe(`${subject}: inbox`, () => {
    it('lists an office’s cases urgent first then oldest first, page by page', async () => {
      const { cases, world } = await begin();
      const routine = await world.routed({ urgency: 'routine', createdAt: world.time(1) });
      const urgent = await world.routed({ urgency: 'urgent', createdAt: world.time(3) });
      const soon = await world.routed({ urgency: 'soon', createdAt: world.time(2) });
      const soonLater = await world.routed({ urgency: 'soon', createdAt: world.time(4) });
      const source = { kind: 'office' as const, officeId: world.officeId };

      const first = await cases.listInbox({ source, limit: 3 });
      const second = await cases.listInbox({ source, limit: 3, cursor: first.nextCursor ?? '' });

      expect(first.items.map((item) => item.id)).toEqual([urgent.id, soon.id, soonLater.id]);
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(second.items.map((item) => item.id)).toEqual([routine.id]);
      expect(second.nextCursor).toBeNull();
    });

    it('lists exactly the inbox facts of each case', async () => {
      const { cases, world } = await begin();
      const routed = await world.routed();
      const opened = await world.apply(
        world.transition(routed, 'routed', 'opened', { changes: { openedAt: world.time(6) } }),
      );

      const page = await cases.listInbox({ source: { kind: 'office', officeId: world.officeId }, limit: 10 });

      expect(page).toEqual({ items: [inboxCaseOf(opened)], nextCursor: null });
    });

    it('filters by status, and answers a full page with no cursor when nothing follows', async () => {
      const { cases, world } = await begin();
      const one = await world.routed();
      const two = await world.routed();
      await world.routed();
      await cases.applyTransition(world.transition(one, 'accepted', 'accepted'));
      await cases.applyTransition(world.transition(two, 'accepted', 'accepted'));
      const source = { kind: 'office' as const, officeId: world.officeId };

      const accepted = await cases.listInbox({ source, limit: 2, status: 'accepted' });
      const routed = await cases.listInbox({ source, limit: 10, status: 'routed' });

      expect(accepted.items.map((item) => item.id)).toEqual([one.id, two.id]);
      expect(accepted.nextCursor).toBeNull();
      expect(routed.items).toHaveLength(1);
    });

    it('takes a case out of the office’s inbox when it leaves the office', async () => {
      const { cases, world } = await begin();
      const routed = await world.routed();

      await cases.applyTransition(
        world.transition(routed, 'escalated', 'declined', {
          changes: { officeId: null, escalationReason: 'declined' },
        }),
      );

      const page = await cases.listInbox({ source: { kind: 'office', officeId: world.officeId }, limit: 10 });
      expect(page.items).toEqual([]);
    });

    it('lists every case for the coordinator, urgent first then oldest first', async () => {
      const { cases, world } = await begin();
      const second = await world.create({ urgency: 'urgent', createdAt: world.time(2) });
      const first = await world.create({ urgency: 'urgent', createdAt: world.time(1) });
      const third = await world.routed({ urgency: 'urgent', createdAt: world.time(3) });

      const page = await cases.listInbox({ source: { kind: 'all' }, limit: 2 });
      const next = await cases.listInbox({ source: { kind: 'all' }, limit: 1, cursor: page.nextCursor ?? '' });

      expect(page.items.map((item) => item.id)).toEqual([first.id, second.id]);
      expect(next.items.map((item) => item.id)).toEqual([third.id]);
    });

    it('refuses the cursor of another listing (400 at path cursor)', async () => {
      const { cases, world } = await begin();
      await world.routed();
      await world.routed();
      const page = await cases.listInbox({ source: { kind: 'office', officeId: world.officeId }, limit: 1 });

      const attempts = [
        cases.listInbox({ source: { kind: 'all' }, limit: 1, cursor: page.nextCursor ?? '' }),
        cases.listInbox({ source: { kind: 'office', officeId: 'elsewhere' }, limit: 1, cursor: page.nextCursor ?? '' }),
        cases.listInbox({ source: { kind: 'all' }, limit: 1, cursor: 'not-a-cursor!' }),
      ];

      for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
    });

    it('tells whether an office still holds an open case', async () => {
      const { cases, world } = await begin();
      const routed = await world.routed();
      const holding = await cases.hasOpenCases(world.officeId);
      const accepted = await world.apply(world.transition(routed, 'accepted', 'accepted'));
      await cases.applyTransition(
        world.transition(accepted, 'closed', 'closed', { changes: { outcome: 'connected', closedAt: world.time(9) } }),
      );

      expect(holding).toBe(true);
      expect(await cases.hasOpenCases(world.officeId)).toBe(false);
      expect(await cases.hasOpenCases(`never-${world.era}`)).toBe(false);
    });
  });
}
