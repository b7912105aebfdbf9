// In-memory fakes of the use-case ports and a small catalogue, so use cases are tested without AWS.
import { buildCatalogueSnapshot } from '#adapters/catalogue-snapshot.ts';
import { decodeInboxCursor, encodeInboxCursor } from '#adapters/inbox-cursor.ts';
import { allCasesKeys, officeInboxKeys } from '#adapters/keys.ts';
import type {
  AnonymousCounters,
  CaseRepository,
  CaseTransition,
  CaseWithHistory,
  CatalogueSource,
  Clock,
  CreateCaseOutcome,
  IdempotencyRecord,
  IdGenerator,
  InboxPage,
  InboxQuery,
  NewCase,
  NotificationQueue,
  OutboxEntry,
  RoutingQueue,
} from '#application/ports.ts';
import type { AuditEntry, CaseEvent, CasePersonalData, CaseRecord } from '#domain/case.ts';
import type { Catalogue } from '#domain/catalogue.ts';
import type { NotificationMessage } from '#domain/domain-events.ts';
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

export function catalogueSource(catalogue: Catalogue = testCatalogue()): CatalogueSource {
  const snapshot = buildCatalogueSnapshot(catalogue);
  return { current: async () => snapshot };
}

/** A body that passes every field rule at NOW. */
export function validReferralBody(): Record<string, unknown> {
  return exampleReferral(NOW);
}

/**
 * A case repository in memory with the semantics of the DynamoDB one: create is atomic with its personal item and
 * idempotency record, transitions are conditional on version and status, append one event (with its outbox entry) and
 * apply their personal-item and capacity changes together; the listings follow the index rules of keys.ts.
 */
export class InMemoryCases implements CaseRepository {
  readonly cases = new Map<string, CaseRecord>();
  readonly personal = new Map<string, CasePersonalData & { expiresAt?: number }>();
  readonly events = new Map<string, CaseEvent[]>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly audits = new Map<string, AuditEntry[]>();
  /** Outbox entries by event id (present until clearOutbox). */
  readonly outbox = new Map<string, OutboxEntry & { at: string }>();
  /** Tracked offer capacity (offers without an entry do not track it). */
  readonly capacity = new Map<string, number>();
  /** Set to make the next create answer "in flight" (a concurrent writer holds the key). */
  nextCreateInFlight = false;
  /** Runs between the read of a case and its conditional write (simulates a concurrent writer). */
  beforeTransition: (() => void) | undefined;
  /** Every transition applied, in order (for assertions on what was written). */
  readonly applied: CaseTransition[] = [];

  async create({ caseRecord, personal, firstEvent, idempotency }: NewCase): Promise<CreateCaseOutcome> {
    if (this.nextCreateInFlight) {
      this.nextCreateInFlight = false;
      return { kind: 'in-flight' };
    }
    const key = `${idempotency.institutionId}#${idempotency.key}`;
    const existing = this.idempotency.get(key);
    if (existing) return { kind: 'exists', record: existing };
    this.idempotency.set(key, {
      bodyHash: idempotency.bodyHash,
      referralId: caseRecord.id,
      createdAt: caseRecord.createdAt,
      expiresAt: idempotency.expiresAt,
    });
    this.cases.set(caseRecord.id, structuredClone(caseRecord));
    this.personal.set(caseRecord.id, structuredClone(personal));
    this.events.set(caseRecord.id, [structuredClone(firstEvent)]);
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

  async get(caseId: string): Promise<CaseRecord | null> {
    const found = this.cases.get(caseId);
    return found ? structuredClone(found) : null;
  }

  async getWithHistory(caseId: string): Promise<CaseWithHistory | null> {
    const caseRecord = await this.get(caseId);
    if (!caseRecord) return null;
    const stored = this.personal.get(caseId);
    let personal: CasePersonalData | null = null;
    if (stored) {
      const { expiresAt: _expiresAt, ...rest } = structuredClone(stored);
      personal = rest;
    }
    return { caseRecord, personal, history: structuredClone(this.events.get(caseId) ?? []) };
  }

  async applyTransition(transition: CaseTransition): Promise<void> {
    this.beforeTransition?.();
    this.beforeTransition = undefined;
    const current = this.cases.get(transition.from.id);
    if (!current || current.version !== transition.from.version || current.status !== transition.from.status) {
      throw new VersionConflict({ expected: transition.from.version, ...(current ? { actual: current.version } : {}) });
    }
    const next: CaseRecord = {
      ...current,
      ...transition.changes,
      status: transition.status,
      version: current.version + 1,
      updatedAt: transition.updatedAt,
    };
    for (const field of transition.remove ?? []) delete next[field];
    this.cases.set(current.id, next);
    this.events.get(current.id)?.push(structuredClone(transition.event));
    if (transition.notification) {
      this.outbox.set(transition.notification.eventId, {
        caseId: current.id,
        seq: transition.event.seq,
        message: structuredClone(transition.notification),
        at: transition.event.at,
      });
    }
    const personal = this.personal.get(current.id);
    const change = transition.personal;
    if (change?.kind === 'add-note' && personal) personal.notes.push(structuredClone(change.note));
    if (change?.kind === 'expire' && personal) personal.expiresAt = change.expiresAt;
    if (change?.kind === 'erase') {
      this.personal.delete(current.id);
      const key = change.idempotency ? `${change.idempotency.institutionId}#${change.idempotency.key}` : undefined;
      if (key && this.idempotency.get(key)?.referralId === current.id) this.idempotency.delete(key);
    }
    const offerId = transition.useCapacityOf;
    const available = offerId === undefined ? undefined : this.capacity.get(offerId);
    if (offerId !== undefined && available !== undefined && available > 0) this.capacity.set(offerId, available - 1);
    this.applied.push(structuredClone(transition));
  }

  async recordAudit(caseId: string, entry: AuditEntry): Promise<void> {
    this.audits.set(caseId, [...(this.audits.get(caseId) ?? []), structuredClone(entry)]);
  }

  async clearOutbox(caseId: string, seq: number): Promise<void> {
    this.outbox.delete(`${caseId}:${seq}`);
  }

  async listReceivedCreatedBefore(createdBefore: string, limit: number): Promise<string[]> {
    return [...this.cases.values()]
      .filter((c) => c.status === 'received' && c.createdAt < createdBefore)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
      .slice(0, limit)
      .map((c) => c.id);
  }

  async listDeadlinePassed(before: string, limit: number): Promise<string[]> {
    return [...this.cases.values()]
      .filter((c) => c.status === 'routed' && c.openedAt === undefined && c.deadlineAt !== undefined)
      .filter((c) => (c.deadlineAt ?? '') < before)
      .sort((a, b) => ((a.deadlineAt ?? '') < (b.deadlineAt ?? '') ? -1 : 1))
      .slice(0, limit)
      .map((c) => c.id);
  }

  async listOutboxBefore(before: string, limit: number): Promise<OutboxEntry[]> {
    return [...this.outbox.values()]
      .filter((entry) => entry.at < before)
      .sort((a, b) => (a.at < b.at ? -1 : 1))
      .slice(0, limit)
      .map(({ at: _at, ...entry }) => structuredClone(entry));
  }

  async hasOpenCases(officeId: string): Promise<boolean> {
    const open = new Set(['routed', 'accepted', 'in-progress', 'escalated']);
    return [...this.cases.values()].some((c) => c.officeId === officeId && open.has(c.status));
  }

  async listInbox(query: InboxQuery): Promise<InboxPage> {
    const [indexName, partition] =
      query.source.kind === 'office'
        ? ['GSI1', officeInboxKeys(query.source.officeId, 'routine', '', '').gsi1pk]
        : ['GSI3', allCasesKeys('routine', '', '').gsi3pk];
    const after = query.cursor ? decodeInboxCursor(query.cursor, indexName, partition) : '';
    const source = query.source;
    const sortKey = (c: CaseRecord) => allCasesKeys(c.urgency, c.createdAt, c.id).gsi3sk;
    const matching = [...this.cases.values()]
      .filter((c) => source.kind === 'all' || c.officeId === source.officeId)
      .filter((c) => query.status === undefined || c.status === query.status)
      .filter((c) => sortKey(c) > after)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    const items = matching.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: structuredClone(items),
      nextCursor: matching.length > query.limit && last ? encodeInboxCursor(indexName, partition, sortKey(last)) : null,
    };
  }
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
