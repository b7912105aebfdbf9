// The ports the use cases depend on; adapters in this folder implement them, unit tests use in-memory fakes.

import type { CaseEvent, CaseRecord } from '#domain/case.ts';
import type { Catalogue, District, Institution, Office } from '#domain/catalogue.ts';
import type { CaseStatus } from '#domain/codes.ts';
import type { Matcher } from '#domain/matching.ts';

export type { Clock } from './clock.ts';
export type { IdGenerator } from './ids.ts';

/** What intake remembers about an Idempotency-Key (per institution) for 24 hours. */
export interface IdempotencyRecord {
  bodyHash: string;
  referralId: string;
  createdAt: string;
  /** Epoch seconds (DynamoDB TTL). */
  expiresAt: number;
}

export interface NewCase {
  caseRecord: CaseRecord;
  firstEvent: CaseEvent;
  idempotency: { institutionId: string; key: string; bodyHash: string; expiresAt: number };
}

/**
 * created: case, first event and idempotency record were written together.
 * exists: the idempotency record was already there (a replay or a reuse; the caller compares hashes).
 * in-flight: another request with the same key is being written right now; its record is not visible yet.
 */
export type CreateCaseOutcome =
  | { kind: 'created' }
  | { kind: 'exists'; record: IdempotencyRecord }
  | { kind: 'in-flight' };

/** One state change of a case: conditional on the version and status of `from`, appending exactly one event. */
export interface CaseTransition {
  /** The case as read; the write succeeds only if it still has this version and status. */
  from: CaseRecord;
  status: CaseStatus;
  updatedAt: string;
  changes: Partial<Pick<CaseRecord, 'officeId' | 'proposals' | 'unmatched' | 'escalationReason'>>;
  /** Its seq must be from.version + 1 (the case version after the event). */
  event: CaseEvent;
}

export interface CaseWithHistory {
  caseRecord: CaseRecord;
  history: CaseEvent[];
}

export interface CaseRepository {
  /** Atomically creates the case, its first event and its idempotency record. */
  create(newCase: NewCase): Promise<CreateCaseOutcome>;
  get(caseId: string): Promise<CaseRecord | null>;
  getWithHistory(caseId: string): Promise<CaseWithHistory | null>;
  /** Throws VersionConflict when the case is no longer at the version and status of `transition.from`. */
  applyTransition(transition: CaseTransition): Promise<void>;
  /** Ids of cases still `received` that were created strictly before `createdBefore` (RFC 3339), oldest first. */
  listReceivedCreatedBefore(createdBefore: string, limit: number): Promise<string[]>;
}

/** The catalogue with the lookups the use cases need, built once per load. */
export interface CatalogueSnapshot {
  catalogue: Catalogue;
  institution(institutionId: string): Institution | undefined;
  districtForPostalCode(postalCode: string): District | undefined;
  officeForDistrict(districtId: string): Office | undefined;
  matcher: Matcher;
}

export interface CatalogueSource {
  current(): Promise<CatalogueSnapshot>;
}

/** Anonymous counters: no ids, no personal data, only a count per month. */
export interface AnonymousCounters {
  incrementChildProtection(month: string): Promise<void>;
}

export interface RoutingQueue {
  enqueue(caseId: string): Promise<void>;
}
