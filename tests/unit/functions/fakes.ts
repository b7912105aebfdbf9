// In-memory fakes of the use-case ports and a small catalogue, so use cases are tested without AWS.
import { buildCatalogueSnapshot } from '#adapters/catalogue-snapshot.ts';
import type {
  AnonymousCounters,
  CaseRepository,
  CaseTransition,
  CatalogueSource,
  Clock,
  CreateCaseOutcome,
  IdempotencyRecord,
  IdGenerator,
  NewCase,
  RoutingQueue,
} from '#adapters/ports.ts';
import type { CaseEvent, CaseRecord } from '#domain/case.ts';
import type { Catalogue } from '#domain/catalogue.ts';
import { VersionConflict } from '#domain/errors.ts';
import { exampleReferral } from '#domain/example-referral.ts';

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
 * A case repository in memory with the semantics of the DynamoDB one: create is atomic with its idempotency
 * record, transitions are conditional on version and status and append one event.
 */
export class InMemoryCases implements CaseRepository {
  readonly cases = new Map<string, CaseRecord>();
  readonly events = new Map<string, CaseEvent[]>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  /** Set to make the next create answer "in flight" (a concurrent writer holds the key). */
  nextCreateInFlight = false;
  /** Runs between the read of a case and its conditional write (simulates a concurrent writer). */
  beforeTransition: (() => void) | undefined;

  async create({ caseRecord, firstEvent, idempotency }: NewCase): Promise<CreateCaseOutcome> {
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
    this.events.set(caseRecord.id, [structuredClone(firstEvent)]);
    return { kind: 'created' };
  }

  async get(caseId: string): Promise<CaseRecord | null> {
    const found = this.cases.get(caseId);
    return found ? structuredClone(found) : null;
  }

  async getWithHistory(caseId: string) {
    const caseRecord = await this.get(caseId);
    return caseRecord ? { caseRecord, history: structuredClone(this.events.get(caseId) ?? []) } : null;
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
    this.cases.set(current.id, next);
    this.events.get(current.id)?.push(structuredClone(transition.event));
  }

  async listReceivedCreatedBefore(createdBefore: string, limit: number): Promise<string[]> {
    return [...this.cases.values()]
      .filter((c) => c.status === 'received' && c.createdAt < createdBefore)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
      .slice(0, limit)
      .map((c) => c.id);
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
