// In-memory fakes of the use-case ports and a small catalogue, so use cases are tested without AWS.
import type { StoredCaseRecord } from '#adapters/case-items.ts';
import { buildCatalogueSnapshot } from '#adapters/catalogue-snapshot.ts';
import { decodeInboxCursor, encodeInboxCursor } from '#adapters/inbox-cursor.ts';
import {
  ALL_CASES_INDEX_NAME,
  ALL_CASES_PARTITION,
  allCasesKeys,
  caseIndexKeyChanges,
  caseIndexKeys,
  catalogueEntityKey,
  catalogueMunicipalityKey,
  INBOX_INDEX_ATTRIBUTES,
  idleSweepKeys,
  institutionReferralsKeys,
  institutionReferralsPartition,
  OFFICE_INBOX_INDEX_NAME,
  officeInboxPartition,
  outboxSweepKeys,
  REFERRALS_INDEX_NAME,
  SWEEP_CLOSED_PARTITION,
  SWEEP_DEADLINE_PARTITION,
  SWEEP_IDLE_PARTITION,
  SWEEP_RECEIVED_PARTITION,
  type SweepKeys,
} from '#adapters/keys.ts';
import {
  type AnonymousCounters,
  type CaseRepository,
  type CaseTransition,
  type CaseWithHistory,
  type CatalogueSource,
  type Clock,
  type CreateCaseOutcome,
  type IdempotencyRecord,
  type IdGenerator,
  type InboxCase,
  type InboxPage,
  type InboxQuery,
  type ListedReferral,
  type NewCase,
  type NotificationQueue,
  OPEN_CASE_STATUSES,
  type OutboxEntry,
  type ReferralListPage,
  type ReferralListQuery,
  type RoutingQueue,
} from '#application/ports.ts';
import { capacityAfterConnection } from '#domain/capacity.ts';
import {
  type AuditEntry,
  type CaseEvent,
  type CasePersonalData,
  type CaseRecord,
  type CaseTombstone,
  isTombstone,
  type StoredCase,
  tombstoneOf,
} from '#domain/case.ts';
import type { Catalogue } from '#domain/catalogue.ts';
import { coverageOfChange } from '#domain/coverage-counts.ts';
import { eventIdOf, type NotificationMessage } from '#domain/domain-events.ts';
import { VersionConflict } from '#domain/errors.ts';
import { exampleReferral } from '#domain/example-referral.ts';
import { referralSchema } from '#domain/referral.ts';

export const NOW = new Date('2026-11-26T10:00:00.000Z');

export function fixedClock(now: Date = NOW): Clock {
  return { now: () => new Date(now.getTime()) };
}

export function sequentialIds(prefix = 'CASE'): IdGenerator {
  let n = 0;
  return { next: () => `${prefix}${String(++n).padStart(4, '0')}` };
}

export const CHILD_PROTECTION_CONTACT = 'Jugendamt Teststadt, ASD, Tel. 0231 111111';

export function testCatalogue(): Catalogue {
  return {
    municipality: { id: 'teststadt', name: 'Teststadt', childProtectionContact: CHILD_PROTECTION_CONTACT },
    districts: [
      { id: 'nord', name: 'Nord', postalCodes: ['44135', '44137'] },
      { id: 'sued', name: 'Süd', postalCodes: ['44139'] },
      { id: 'ost', name: 'Ost', postalCodes: ['44141'] },
    ],
    offices: [
      { id: 'fb-nord', name: 'Familienbüro Nord', districts: ['nord'], email: 'fb-nord@teststadt.example' },
      { id: 'fb-sued', name: 'Familienbüro Süd', districts: ['sued'], email: 'fb-sued@teststadt.example' },
    ],
    institutions: [
      { id: 'klinik-mitte', name: 'Klinik Mitte', type: 'birth-clinic' },
      { id: 'praxis-west', name: 'Praxis West', type: 'paediatric-practice' },
    ],
    offers: [
      {
        id: 'elterncafe-nord',
        name: 'Elterncafé Nord',
        organization: 'Familienzentrum Nord',
        status: 'active',
        needs: ['family-education', 'parenting'],
        lifePhases: ['infant', 'kita'],
        districts: ['nord'],
        languages: ['de', 'ar'],
        modes: ['on-site'],
        capacity: { available: 4, maximum: 10 },
      },
    ],
  };
}

/** The catalogue as its items sit in the table (pattern 4 of keys.ts), for handler tests that mock DynamoDB. */
export function catalogueTableItems(catalogue: Catalogue = testCatalogue()): Record<string, unknown>[] {
  return [
    { ...catalogueMunicipalityKey(), data: catalogue.municipality },
    ...catalogue.districts.map((d) => ({ ...catalogueEntityKey('DISTRICT', d.id), data: d })),
    ...catalogue.offices.map((o) => ({ ...catalogueEntityKey('OFFICE', o.id), data: o })),
    ...catalogue.institutions.map((i) => ({ ...catalogueEntityKey('INSTITUTION', i.id), data: i })),
    ...catalogue.offers.map((o) => ({ ...catalogueEntityKey('OFFER', o.id), data: o })),
  ];
}

export function catalogueSource(catalogue: Catalogue = testCatalogue()): CatalogueSource {
  const snapshot = buildCatalogueSnapshot(catalogue);
  return { current: async () => snapshot };
}

/** A body that passes every field rule at NOW. */
export function validReferralBody(): Record<string, unknown> {
  return exampleReferral(NOW);
}

/**
 * A case repository in memory that behaves like the DynamoDB one (held to it by the contract suite in
 * tests/contract/case-repository.contract.ts): create is atomic with its personal item and idempotency record,
 * transitions are conditional on version and status, append one event (with its outbox entry) and apply their
 * personal-item, proposals and capacity changes together; expired items count as gone; the listings follow the index
 * keys of keys.ts.
 */
export class InMemoryCases implements CaseRepository {
  /** The case records as the use cases see them (with their proposals and, once counted, `firstActionAt`). */
  readonly cases = new Map<string, StoredCaseRecord | CaseTombstone>();
  /** The erasure journal: case ids and times (keys.ts pattern 18). */
  readonly erasures: { caseId: string; erasedAt: string }[] = [];
  readonly personal = new Map<string, CasePersonalData & { expiresAt?: number }>();
  /** When the proposals of a case expire with its personal data (epoch seconds). */
  readonly proposalsExpiresAt = new Map<string, number>();
  readonly events = new Map<string, CaseEvent[]>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly audits = new Map<string, AuditEntry[]>();
  /** Outbox entries by event id (present until clearOutbox). */
  readonly outbox = new Map<string, OutboxEntry & { at: string }>();
  /** Places available per offer where capacity is tracked (offers without an entry do not track it). */
  readonly capacity = new Map<string, number>();
  /** Sweep index keys a transition kept (an idle-swept case keeps its place: keys.ts caseIndexKeyChanges). */
  readonly sweepPositions = new Map<string, Partial<SweepKeys>>();
  /** Set to make the next create answer "in flight" (a concurrent writer holds the key). */
  nextCreateInFlight = false;
  /** Runs between the read of a case and its conditional write (simulates a concurrent writer). */
  beforeTransition: (() => void) | undefined;
  /** Every transition applied, in order (for assertions on what was written). */
  readonly applied: CaseTransition[] = [];
  /** Epoch seconds now; by default the fixed NOW of these fakes. */
  readonly nowEpochSeconds: () => number;

  constructor(options: { nowEpochSeconds?: () => number } = {}) {
    this.nowEpochSeconds = options.nowEpochSeconds ?? (() => Math.floor(NOW.getTime() / 1000));
  }

  private expired(expiresAt: number | undefined): boolean {
    return expiresAt !== undefined && expiresAt <= this.nowEpochSeconds();
  }

  async create({ caseRecord, personal, firstEvent, idempotency }: NewCase): Promise<CreateCaseOutcome> {
    if (this.nextCreateInFlight) {
      this.nextCreateInFlight = false;
      return { kind: 'in-flight' };
    }
    const key = `${idempotency.institutionId}#${idempotency.key}`;
    const existing = this.idempotency.get(key);
    // An expired record that TTL has not deleted yet is overwritten.
    if (existing && !this.expired(existing.expiresAt)) return { kind: 'exists', record: structuredClone(existing) };
    this.idempotency.set(key, {
      bodyHash: idempotency.bodyHash,
      referralId: caseRecord.id,
      createdAt: caseRecord.createdAt,
      expiresAt: idempotency.expiresAt,
    });
    this.store(caseRecord, { personal, history: [firstEvent] });
    return { kind: 'created' };
  }

  /** Stores a case as if created earlier (with its personal data, unless null, and its history). */
  store(caseRecord: CaseRecord, options: { personal?: CasePersonalData | null; history?: CaseEvent[] } = {}): void {
    this.cases.set(caseRecord.id, structuredClone(caseRecord));
    const personal = options.personal === undefined ? personalData() : options.personal;
    if (personal) this.personal.set(caseRecord.id, structuredClone(personal));
    this.events.set(
      caseRecord.id,
      structuredClone(
        options.history ?? [{ seq: 1, type: 'received', at: caseRecord.createdAt, actor: 'referrer:klinik-mitte' }],
      ),
    );
  }

  /** The case item alone: the proposals have an item of their own. */
  async get(caseId: string): Promise<StoredCase | null> {
    const found = this.cases.get(caseId);
    if (!found) return null;
    if (isTombstone(found)) return structuredClone(found);
    const { proposals: _proposals, ...caseItem } = structuredClone(found);
    return caseItem;
  }

  async getWithHistory(caseId: string): Promise<CaseWithHistory | null> {
    const found = this.cases.get(caseId);
    if (!found) return null;
    const caseRecord = structuredClone(found);
    if (!isTombstone(caseRecord) && this.expired(this.proposalsExpiresAt.get(caseId))) delete caseRecord.proposals;
    const stored = this.personal.get(caseId);
    let personal: CasePersonalData | null = null;
    if (stored && !this.expired(stored.expiresAt)) {
      const { expiresAt: _expiresAt, ...rest } = structuredClone(stored);
      personal = rest;
    }
    return { caseRecord, personal, history: structuredClone(this.events.get(caseId) ?? []) };
  }

  async applyTransition(transition: CaseTransition): Promise<void> {
    this.beforeTransition?.();
    this.beforeTransition = undefined;
    const current = this.cases.get(transition.from.id);
    if (
      !current ||
      isTombstone(current) ||
      current.version !== transition.from.version ||
      current.status !== transition.from.status
    ) {
      throw new VersionConflict({ expected: transition.from.version, ...(current ? { actual: current.version } : {}) });
    }
    const caseId = current.id;
    // Like the table: the first office action is known from the record handed back as `from` (case-items.ts).
    const from: StoredCaseRecord = transition.from;
    const { firstActionAt } = coverageOfChange(transition, from.firstActionAt);
    const next: StoredCaseRecord = {
      ...current,
      ...structuredClone(transition.changes),
      status: transition.status,
      version: current.version + 1,
      updatedAt: transition.updatedAt,
      ...(firstActionAt !== undefined ? { firstActionAt } : {}),
    };
    for (const field of transition.remove ?? []) delete next[field];
    const change = transition.personal;
    const nextStored = change?.kind === 'erase' ? tombstoneOf(next, change.erasedAt) : next;
    const keys = caseIndexKeyChanges(current, nextStored);
    if (keys.set.gsi2pk === undefined && !keys.remove.includes('gsi2pk')) {
      this.sweepPositions.set(caseId, this.sweepKeysOf(current));
    } else this.sweepPositions.delete(caseId);
    if (change?.kind === 'erase') {
      // The tombstone; the earlier events keep only type and time; the journal records the erasure.
      this.cases.set(caseId, tombstoneOf(next, change.erasedAt));
      this.events.set(
        caseId,
        (this.events.get(caseId) ?? []).map(({ seq, type, at }) => ({ seq, type, at })),
      );
      this.erasures.push({ caseId, erasedAt: change.erasedAt });
    } else this.cases.set(caseId, next);
    this.events.get(caseId)?.push(structuredClone(transition.event));
    if (transition.notification) {
      this.outbox.set(transition.notification.eventId, {
        caseId,
        seq: transition.event.seq,
        message: structuredClone(transition.notification),
        at: transition.event.at,
      });
    }
    const personal = this.personal.get(caseId);
    if (change?.kind === 'add-note' && personal) personal.notes.push(structuredClone(change.note));
    if (change?.kind === 'expire') {
      if (personal) personal.expiresAt = change.expiresAt;
      if (current.proposals !== undefined) this.proposalsExpiresAt.set(caseId, change.expiresAt);
    }
    if (change?.kind === 'erase') this.personal.delete(caseId);
    const offerId = transition.useCapacityOf;
    const available = offerId === undefined ? undefined : this.capacity.get(offerId);
    if (offerId !== undefined && available !== undefined) {
      this.capacity.set(offerId, capacityAfterConnection({ available })?.available ?? available);
    }
    this.applied.push(structuredClone(transition));
  }

  async recordAudit(caseId: string, entry: AuditEntry): Promise<void> {
    this.audits.set(caseId, [...(this.audits.get(caseId) ?? []), structuredClone(entry)]);
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    return structuredClone(this.audits.get(caseId) ?? []);
  }

  async clearOutbox(caseId: string, seq: number): Promise<void> {
    this.outbox.delete(eventIdOf(caseId, seq));
  }

  /** The sweep index keys a case item holds: the ones a transition kept, else those of its state. */
  private sweepKeysOf(stored: StoredCase): Partial<SweepKeys> {
    return this.sweepPositions.get(stored.id) ?? caseIndexKeys(stored).set;
  }

  async moveIdleSweep({ id, version, updatedAt }: Pick<CaseRecord, 'id' | 'version' | 'updatedAt'>): Promise<void> {
    const current = this.cases.get(id);
    if (!current || current.version !== version || this.sweepKeysOf(current).gsi2pk !== SWEEP_IDLE_PARTITION) return;
    this.sweepPositions.set(id, idleSweepKeys(updatedAt, id));
  }

  /** The cases whose sweep index keys put them in `partition` of the sweep index, oldest first. */
  private sweep(partition: string, before: string, limit: number): string[] {
    return [...this.cases.values()]
      .map((c) => ({ id: c.id, keys: this.sweepKeysOf(c) }))
      .filter(({ keys }) => keys.gsi2pk === partition && (keys.gsi2sk ?? '') < before)
      .sort((a, b) => compare(a.keys.gsi2sk, b.keys.gsi2sk))
      .slice(0, limit)
      .map(({ id }) => id);
  }

  async listReceivedCreatedBefore(createdBefore: string, limit: number): Promise<string[]> {
    return this.sweep(SWEEP_RECEIVED_PARTITION, createdBefore, limit);
  }

  async listDeadlinePassed(before: string, limit: number): Promise<string[]> {
    return this.sweep(SWEEP_DEADLINE_PARTITION, before, limit);
  }

  async listRetentionDue(input: { closedBefore: string; idleBefore: string; limit: number }): Promise<string[]> {
    return [
      ...this.sweep(SWEEP_CLOSED_PARTITION, input.closedBefore, input.limit),
      ...this.sweep(SWEEP_IDLE_PARTITION, input.idleBefore, input.limit),
    ];
  }

  async listOutboxBefore(before: string, limit: number): Promise<OutboxEntry[]> {
    return [...this.outbox.values()]
      .map((entry) => ({ entry, sortKey: outboxSweepKeys(entry.at, entry.caseId, entry.seq).gsi2sk }))
      .filter(({ sortKey }) => sortKey < before)
      .sort((a, b) => compare(a.sortKey, b.sortKey))
      .slice(0, limit)
      .map(({ entry: { at: _at, ...entry } }) => structuredClone(entry));
  }

  async hasOpenCases(officeId: string): Promise<boolean> {
    const open: ReadonlySet<string> = new Set(OPEN_CASE_STATUSES);
    const partition = officeInboxPartition(officeId);
    return [...this.cases.values()].some((c) => caseIndexKeys(c).set.gsi1pk === partition && open.has(c.status));
  }

  async listInbox(query: InboxQuery): Promise<InboxPage> {
    const { source } = query;
    // The index entries of the listing: an office's inbox (GSI1) or all cases (GSI3).
    const [indexName, partition, entryOf] =
      source.kind === 'office'
        ? [
            OFFICE_INBOX_INDEX_NAME,
            officeInboxPartition(source.officeId),
            (c: StoredCase) => {
              const keys = caseIndexKeys(c).set;
              return keys.gsi1pk === officeInboxPartition(source.officeId) ? keys.gsi1sk : undefined;
            },
          ]
        : [
            ALL_CASES_INDEX_NAME,
            ALL_CASES_PARTITION,
            (c: StoredCase) => (isTombstone(c) ? undefined : allCasesKeys(c.urgency, c.createdAt, c.id).gsi3sk),
          ];
    const after = query.cursor ? decodeInboxCursor(query.cursor, indexName, partition) : '';
    const matching = [...this.cases.values()]
      .flatMap((c) => {
        const sortKey = entryOf(c);
        return sortKey !== undefined && sortKey > after ? [{ c, sortKey }] : [];
      })
      .filter(({ c }) => query.status === undefined || c.status === query.status)
      .sort((a, b) => compare(a.sortKey, b.sortKey));
    const page = matching.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.flatMap(({ c }) => (isTombstone(c) ? [] : [inboxCaseOf(c)])),
      nextCursor: matching.length > query.limit && last ? encodeInboxCursor(indexName, partition, last.sortKey) : null,
    };
  }

  /** The institution's cases by their referrals index keys (keys.ts pattern 16), newest first. */
  async listReferrals(query: ReferralListQuery): Promise<ReferralListPage> {
    const partition = institutionReferralsPartition(query.institutionId);
    const before = query.cursor ? decodeInboxCursor(query.cursor, REFERRALS_INDEX_NAME, partition) : undefined;
    const matching = [...this.cases.values()]
      .map((c) => ({ c, keys: institutionReferralsKeys(c.institutionId, c.createdAt, c.id) }))
      .filter(({ keys }) => keys.gsi4pk === partition && (before === undefined || keys.gsi4sk < before))
      .sort((a, b) => compare(b.keys.gsi4sk, a.keys.gsi4sk))
      .map(({ c, keys }) => ({ referral: this.listedReferral(c), sortKey: keys.gsi4sk }))
      .filter(({ referral }) => query.keep === undefined || query.keep(referral));
    const page = matching.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ referral }) => referral),
      nextCursor:
        matching.length > query.limit && last ? encodeInboxCursor(REFERRALS_INDEX_NAME, partition, last.sortKey) : null,
    };
  }

  /** What the referrals listing reads of a case: its facts, its events without details, the live reference. */
  private listedReferral(caseRecord: StoredCase): ListedReferral {
    const { id, status, createdAt, updatedAt, consentScopes } = structuredClone(caseRecord);
    const outcome = isTombstone(caseRecord) ? undefined : caseRecord.outcome;
    const personal = this.personal.get(id);
    const reference = personal && !this.expired(personal.expiresAt) ? personal.referral.referrerReference : undefined;
    return {
      caseRecord: { id, status, createdAt, updatedAt, consentScopes, ...(outcome !== undefined ? { outcome } : {}) },
      history: (this.events.get(id) ?? []).map(({ seq, type, at, actor }) => ({
        seq,
        type,
        at,
        ...(actor !== undefined ? { actor } : {}),
      })),
      ...(reference !== undefined ? { referrerReference: reference } : {}),
    };
  }
}

/** The live case (tests that expect one): fails the test on a tombstone or a missing case. */
export function live(stored: StoredCase | null | undefined): StoredCaseRecord {
  if (!stored) throw new Error('expected a case');
  if (isTombstone(stored)) throw new Error(`expected a live case, got the tombstone of ${stored.id}`);
  return stored;
}

function compare(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}

/** What the inbox indexes copy of a case (keys.ts INBOX_INDEX_ATTRIBUTES). */
function inboxCaseOf(caseRecord: CaseRecord): InboxCase {
  const copied = INBOX_INDEX_ATTRIBUTES.flatMap((attribute) =>
    caseRecord[attribute] === undefined ? [] : [[attribute, structuredClone(caseRecord[attribute])]],
  );
  return Object.fromEntries(copied) as InboxCase;
}

/** The personal data of the example referral (the fixtures' cases). */
export function personalData(overrides: Partial<CasePersonalData> = {}): CasePersonalData {
  return {
    referral: referralSchema(NOW).parse(validReferralBody()),
    idempotencyKey: 'key-1',
    notes: [],
    ...overrides,
  };
}

/** Notifications "sent" to the notification queue. */
export class InMemoryNotifications implements NotificationQueue {
  readonly sent: NotificationMessage[] = [];
  failWith: unknown;
  async publish(message: NotificationMessage): Promise<void> {
    if (this.failWith !== undefined) throw this.failWith;
    this.sent.push(structuredClone(message));
  }
}

export class InMemoryCounters implements AnonymousCounters {
  readonly childProtection = new Map<string, number>();
  async incrementChildProtection(month: string): Promise<void> {
    this.childProtection.set(month, (this.childProtection.get(month) ?? 0) + 1);
  }
}

export class InMemoryQueue implements RoutingQueue {
  readonly sent: string[] = [];
  failWith: unknown;
  async enqueue(caseId: string): Promise<void> {
    if (this.failWith !== undefined) throw this.failWith;
    this.sent.push(caseId);
  }
}
