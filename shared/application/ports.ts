// The ports the use cases depend on; the adapters in shared/adapters implement them, unit tests use in-memory fakes.

import type {
  AuditEntry,
  CaseChangeableField,
  CaseEvent,
  CaseNote,
  CasePersonalData,
  CaseRecord,
  StoredCase,
} from '#domain/case.ts';
import type {
  Catalogue,
  CatalogueEntities,
  CatalogueEntry,
  CatalogueKind,
  District,
  Institution,
  Offer,
  Office,
  StoredCatalogue,
} from '#domain/catalogue.ts';
import type { CaseStatus } from '#domain/codes.ts';
import type { CoverageDayRow } from '#domain/coverage.ts';
import type { NotificationMessage } from '#domain/domain-events.ts';
import type { Account, AccountStatus, Client, ClientStatus } from '#domain/identity.ts';
import type { Matcher } from '#domain/matching.ts';
import type { ReferralFacts } from '#domain/milestones.ts';

/** Time, only through this port, so tests can fix it. */
export interface Clock {
  now(): Date;
}

/** Opaque, creation-time-sortable ids. */
export interface IdGenerator {
  next(): string;
}

export interface NotificationQueue {
  /** Sends one message whose body is the JSON of `message`; it carries ids, a type and a time, nothing personal. */
  publish(message: NotificationMessage): Promise<void>;
}

export interface NotificationRedelivery {
  /** Makes the received message (by its receipt handle) visible again only after `seconds` (0–43200). */
  delay(receiptHandle: string, seconds: number): Promise<void>;
}

/**
 * The keyed hash of a request body over its canonical JSON (shared/domain/json-value.ts), in the form the idempotency
 * record stores: `<scheme>:<hex>` (`hmac-sha256:…`, keyed with a per-deployment secret), so that the record, which
 * outlives the family's data, cannot confirm a guess about a family to anyone who reads the table.
 */
export interface BodyHasher {
  /** Throws TemporaryFailure when the key cannot be read right now (the request is answered 503 and retried). */
  hash(body: unknown): Promise<string>;
  /**
   * The keyed digest under which the record of an `Idempotency-Key` is stored: a caller may have put a file number
   * or a name into its key, and the record outlives the family's data.
   */
  digestKey(idempotencyKey: string): Promise<string>;
}

/** What intake remembers about an Idempotency-Key (per institution) for 24 hours. */
export interface IdempotencyRecord {
  /** BodyHasher's `<scheme>:<hex>`; a bare 64-digit hex value is a plain SHA-256 written before keyed hashes. */
  bodyHash: string;
  referralId: string;
  createdAt: string;
  /** Epoch seconds (DynamoDB TTL). */
  expiresAt: number;
}

export interface NewCase {
  caseRecord: CaseRecord;
  personal: CasePersonalData;
  firstEvent: CaseEvent;
  idempotency: { institutionId: string; key: string; bodyHash: string; expiresAt: number };
}

/**
 * created: case, personal data, first event and idempotency record were written together.
 * exists: the idempotency record was already there (a replay or a reuse; the caller compares hashes).
 * in-flight: another request with the same key is being written right now; its record is not visible yet.
 */
export type CreateCaseOutcome =
  | { kind: 'created' }
  | { kind: 'exists'; record: IdempotencyRecord }
  | { kind: 'in-flight' };

/** Values a transition sets on the case item (null only where the record allows it: officeId). */
export type CaseChanges = Partial<Pick<CaseRecord, CaseChangeableField>>;

/** What a transition does to the case's personal item, in the same transaction. */
export type PersonalChange =
  | { kind: 'add-note'; note: CaseNote }
  /** Retention: the item expires (TTL, epoch seconds). */
  | { kind: 'expire'; expiresAt: number }
  /**
   * Erasure: the personal item and the proposals are deleted, the case item becomes the tombstone (ERASED_CASE_FIELDS
   * removed, `erasedAt` set, out of every index but its institution's referral list), earlier events lose their actors
   * and details, and the erasure journal records it. The idempotency record stays (ids and a keyed hash only).
   */
  | { kind: 'erase'; erasedAt: string };

/**
 * One change of a case: conditional on the version and status of `from`, appending exactly one event. The status may
 * stay the same (the `opened` event). Index keys follow from the resulting record (see keys.ts `caseIndexKeys`).
 */
export interface CaseTransition {
  /** The case as read; the write succeeds only if it still has this version and status. */
  from: CaseRecord;
  status: CaseStatus;
  updatedAt: string;
  changes: CaseChanges;
  /** Optional fields to drop from the case item (e.g. openedAt when a case is assigned anew). */
  remove?: CaseChangeableField[];
  /** Its seq must be from.version + 1 (the case version after the event). */
  event: CaseEvent;
  /** The notification of the event: stored on the event item (outbox) until `clearOutbox` after sending it. */
  notification?: NotificationMessage;
  personal?: PersonalChange;
  /** A connection to this offer: takes its places where capacity is tracked and left (domain/capacity.ts). */
  useCapacityOf?: string;
}

export interface CaseWithHistory {
  /** The live case, or its tombstone once the family's data was erased. */
  caseRecord: StoredCase;
  /** null once erased (withdrawal) or expired (retention). */
  personal: CasePersonalData | null;
  history: CaseEvent[];
}

/** A notification still in the outbox (its event item carries the SWEEP#outbox keys). */
export interface OutboxEntry {
  caseId: string;
  seq: number;
  message: NotificationMessage;
}

/** Where an inbox page comes from: one office's inbox (GSI1) or all cases (GSI3). */
export type InboxSource = { kind: 'office'; officeId: string } | { kind: 'all' };

export interface InboxQuery {
  source: InboxSource;
  status?: CaseStatus;
  limit: number;
  /** The opaque cursor of the previous page (validated by the repository: another source's cursor is a 400). */
  cursor?: string;
}

/** A case as an inbox page lists it: the facts the inbox indexes copy (keys.ts INBOX_INDEX_ATTRIBUTES), no more. */
export type InboxCase = Pick<
  CaseRecord,
  | 'id'
  | 'status'
  | 'urgency'
  | 'createdAt'
  | 'updatedAt'
  | 'officeId'
  | 'districtId'
  | 'phases'
  | 'needs'
  | 'openedAt'
  | 'deadlineAt'
  | 'escalationReason'
>;

export interface InboxPage {
  items: InboxCase[];
  nextCursor: string | null;
}

/** One referral as its institution's listing reads it: what the referrer's view needs, no case content. */
export interface ListedReferral {
  caseRecord: ReferralFacts;
  /** The history events without their details (the view needs type and time). */
  history: CaseEvent[];
  /** The institution's own reference, while the family's personal data (which holds it) exists. */
  referrerReference?: string;
}

export interface ReferralListQuery {
  institutionId: string;
  limit: number;
  /** The opaque cursor of the previous page (validated by the repository: another listing's cursor is a 400). */
  cursor?: string;
  /** Only the referrals it keeps, decided on what was read of each (e.g. the status its referrer sees). */
  keep?: (referral: ListedReferral) => boolean;
}

export interface ReferralListPage {
  items: ListedReferral[];
  nextCursor: string | null;
}

/** Statuses in which a case is still its office's work (an office holding such cases cannot be removed). */
export const OPEN_CASE_STATUSES = [
  'routed',
  'accepted',
  'in-progress',
  'escalated',
] as const satisfies readonly CaseStatus[];

export interface CaseRepository {
  /** Atomically creates the case, its personal item, its first event and its idempotency record. */
  create(newCase: NewCase): Promise<CreateCaseOutcome>;
  /**
   * The case item alone (one GetItem): status, version, ids and dates, WITHOUT `proposals` (their own item). Use
   * getWithHistory wherever the proposals matter.
   */
  get(caseId: string): Promise<StoredCase | null>;
  /** Case (with its proposals), personal data and history in one Query over the case partition (no audit entries). */
  getWithHistory(caseId: string): Promise<CaseWithHistory | null>;
  /** Throws VersionConflict when the case is no longer at the version and status of `transition.from`. */
  applyTransition(transition: CaseTransition): Promise<void>;
  /** Appends an audit entry (not versioned; kept after erasure). */
  recordAudit(caseId: string, entry: AuditEntry): Promise<void>;
  /** The case's audit trail, oldest first. */
  listAudit(caseId: string): Promise<AuditEntry[]>;
  /** Takes a sent notification's event out of the outbox; a no-op when the event item no longer exists. */
  clearOutbox(caseId: string, seq: number): Promise<void>;
  /** Ids of cases still `received` that were created strictly before `createdBefore` (RFC 3339), oldest first. */
  listReceivedCreatedBefore(createdBefore: string, limit: number): Promise<string[]>;
  /** Ids of routed, unopened cases whose deadline is strictly before `before`, earliest deadline first. */
  listDeadlinePassed(before: string, limit: number): Promise<string[]>;
  /** Outbox entries of events that happened strictly before `before`, oldest first. */
  listOutboxBefore(before: string, limit: number): Promise<OutboxEntry[]>;
  /**
   * Ids of cases that may be due for retention: `closed` cases closed strictly before `closedBefore`, and open cases
   * (an office or a coordinator has them: routed and opened, accepted, in progress, escalated) that were idle-swept
   * strictly before `idleBefore` (RFC 3339), oldest first, at most `limit` of each. An open case keeps its place from
   * the change that made it idle-swept until `moveIdleSweep` moves it: the caller checks each case's last change.
   */
  listRetentionDue(input: { closedBefore: string; idleBefore: string; limit: number }): Promise<string[]>;
  /**
   * Moves an open case listed by `listRetentionDue` that changed since to its last change (`updatedAt` of the version
   * read); a no-op when the case changed again meanwhile or is no longer open.
   */
  moveIdleSweep(caseRecord: Pick<CaseRecord, 'id' | 'version' | 'updatedAt'>): Promise<void>;
  /** One inbox page, urgent first then oldest first (an index Query, never a Scan). */
  listInbox(query: InboxQuery): Promise<InboxPage>;
  /** Whether the office holds a case in one of the OPEN_CASE_STATUSES (an index Query). */
  hasOpenCases(officeId: string): Promise<boolean>;
  /**
   * One page of an institution's referrals, newest first (an index Query, never a Scan). A page may hold fewer than
   * `limit` items while `nextCursor` is not null: one request examines a bounded number of cases.
   */
  listReferrals(query: ReferralListQuery): Promise<ReferralListPage>;
}

/** The erasure journal: case ids and erasure times, nothing else (written with each erasure). */
export interface ErasureJournal {
  /** Every journalled erasure at or after `since` (all when absent), oldest first. */
  list(since?: string): Promise<{ caseId: string; erasedAt: string }[]>;
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

export type OrganizationKind = 'office' | 'institution';

/**
 * Whether an institution or office is in the catalogue: asked on every request of a referrer or office principal, so
 * it reads the one entity item (at most one GetItem) and may remember a yes for a few seconds, never a no.
 */
export interface OrganizationDirectory {
  isRegistered(kind: OrganizationKind, id: string): Promise<boolean>;
}

/** The marker a removed office or institution leaves in the catalogue: its id is never given to another one. */
export interface RemovedOrganization {
  kind: OrganizationKind;
  id: string;
  /** RFC 3339. */
  removedAt: string;
}

/** What a put did: created or replaced the entity, or wrote nothing because a removed office or institution had the id. */
export type CataloguePut =
  | { created: boolean; removed?: undefined }
  | { created?: undefined; removed: RemovedOrganization };

// The catalogue's entity types are the domain's (its rules check imports and edits against the stored catalogue).
export type { CatalogueEntities, CatalogueEntry, CatalogueKind, StoredCatalogue } from '#domain/catalogue.ts';

/** Catalogue editing (coordinator): reads are strongly consistent, so an edit is visible to its own next request. */
export interface CatalogueStore {
  /** Every entity, each list sorted by id. */
  loadStored(): Promise<StoredCatalogue>;
  /** The districts alone, sorted by id (a read of their items only: the offers may be thousands). */
  districts(): Promise<District[]>;
  get<K extends CatalogueKind>(kind: K, id: string): Promise<CatalogueEntities[K] | null>;
  /**
   * Creates or replaces one entity; `created` says which. An office or institution whose id a removal marker holds is
   * not written (`removed`: the marker), atomically with the marker's check.
   */
  put(entry: CatalogueEntry): Promise<CataloguePut>;
  /** Sets the offer's status to inactive; null when there is no such offer. */
  markOfferInactive(offerId: string): Promise<Offer | null>;
  /** Removes an office or institution and leaves its removal marker, in one write; false when there was none. */
  remove(kind: OrganizationKind, id: string, removedAt: string): Promise<boolean>;
  /** The removal markers, sorted by kind and id (catalogue reads never list them). */
  removedOrganizations(): Promise<RemovedOrganization[]>;
  /** Writes many entities in BatchWriteItem chunks of 25; `onProgress` after each chunk with the entities written. */
  putMany(entries: readonly CatalogueEntry[], onProgress?: (written: number) => void): Promise<void>;
}

/** The coverage aggregates, read per day partition (never a Scan). */
export interface CoverageAggregates {
  /** The aggregates of the cases created on the days `fromDay`..`toDay` (inclusive, `YYYY-MM-DD`): one row per day and cell. */
  rowsBetween(fromDay: string, toDay: string): Promise<CoverageDayRow[]>;
  /** Child-protection refusals per month `fromMonth`..`toMonth` (inclusive, `YYYY-MM`); months without any: absent. */
  childProtectionRefusals(fromMonth: string, toMonth: string): Promise<{ month: string; count: number }[]>;
}

/** Anonymous counters: no ids, no personal data, only a count per month. */
export interface AnonymousCounters {
  incrementChildProtection(month: string): Promise<void>;
}

export interface RoutingQueue {
  enqueue(caseId: string): Promise<void>;
}

/**
 * The registrations of people's accounts and systems' clients (who they are, their role and organization, their
 * status): what the token trigger grants from and what the coordinator lists. Credentials are not kept here.
 */
export interface IdentityRegistry {
  /** Adds an account; `ResourceConflict` when its e-mail (case-insensitively) already has one. */
  addAccount(account: Account): Promise<void>;
  account(accountId: string): Promise<Account | null>;
  /** Every account, ordered by id. */
  accounts(): Promise<Account[]>;
  /** Sets the status; with `onlyFrom`, only when the account has that status now. Null when there is no such account. */
  setAccountStatus(accountId: string, status: AccountStatus, onlyFrom?: AccountStatus): Promise<Account | null>;
  /** Removes the account and frees its e-mail; null when there was none. */
  removeAccount(accountId: string): Promise<Account | null>;
  addClient(client: Client): Promise<void>;
  client(clientId: string): Promise<Client | null>;
  /** Every client, ordered by id. */
  clients(): Promise<Client[]>;
  setClientStatus(clientId: string, status: ClientStatus): Promise<Client | null>;
  removeClient(clientId: string): Promise<Client | null>;
}

/**
 * The token service's side of an account or client (Cognito in the cloud, the local issuer locally): credentials,
 * the role group and the organization attribute.
 */
export interface IdentityProvider {
  /** Creates the person and sends the invitation; `ResourceConflict` when the e-mail is taken there. */
  inviteUser(account: Account): Promise<void>;
  /** Disabling also ends the person's sessions: refresh tokens stop working at once. */
  setUserEnabled(accountId: string, enabled: boolean): Promise<void>;
  /** Deletes the person; one already gone counts as deleted. */
  deleteUser(accountId: string): Promise<void>;
  /** Creates a client-credentials client allowed the role's scope; the secret is returned this once. */
  createClient(input: {
    readonly name: string;
    readonly scope: string;
  }): Promise<{ clientId: string; clientSecret: string }>;
  /** Deletes the client; one already gone counts as deleted. */
  deleteClient(clientId: string): Promise<void>;
}

/**
 * The client ids the API's JWT authorizer accepts besides the web app's own: every registered system's. API Gateway
 * checks a client-credentials token's `client_id` against this list, so a client must be on it to call the API.
 */
export interface ApiAudience {
  set(clientIds: readonly string[]): Promise<void>;
}
