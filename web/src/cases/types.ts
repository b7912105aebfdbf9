// What the API answers about cases and offers (API.md "Cases", "Catalogue and reports"), as the case screens of the
// Familienbüro and the coordinator read it. Codes are typed by the domain's code lists, so a label lookup can never
// miss one.
import type { CaseEventType, Role } from '../../../shared/domain/case.ts';
import type {
  CaseStatus,
  ConsentGiver,
  ConsentMethod,
  ConsentScope,
  ContactChannel,
  ContactRole,
  EraseReason,
  EscalationReason,
  InstitutionType,
  LifePhase,
  NeedCode,
  OfferMode,
  OfferStatus,
  Outcome,
  Urgency,
  WithdrawReason,
} from '../../../shared/domain/codes.ts';
import type { ReasonCode } from '../../../shared/domain/matching.ts';

/**
 * One line of an inbox: no personal data. A case whose personal data was erased keeps no need, life-phase, district or
 * urgency codes (API.md "Referrals", the tombstone), so its line may lack them.
 */
export type InboxItem = {
  readonly caseId: string;
  readonly status: CaseStatus;
  readonly urgency?: Urgency;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly officeId: string | null;
  readonly districtId?: string;
  readonly phases?: readonly LifePhase[];
  readonly needs?: readonly NeedCode[];
  readonly opened: boolean;
  /** Present while the case waits to be opened by its office. */
  readonly deadlineAt?: string;
  /** Why an escalated case waits for a coordinator. */
  readonly escalationReason?: EscalationReason;
};

export type InboxPage = { readonly items: readonly InboxItem[]; readonly nextCursor: string | null };

export type Proposal = {
  readonly rank: number;
  readonly offerId: string;
  readonly name: string;
  readonly organization: string;
  readonly needsCovered: readonly NeedCode[];
  readonly speaksFamilyLanguage: boolean;
  readonly outreach: boolean;
  readonly capacityAvailable: number | null;
  readonly reasons: readonly { readonly code: ReasonCode; readonly detail: string }[];
};

export type CaseEvent = {
  readonly seq: number;
  readonly type: CaseEventType;
  readonly at: string;
  /**
   * `referrer:<institutionId>`, `system:router`, `system:sweeper`, `office:<officeId>` or `coordinator`; absent on the
   * earlier entries of an erased case.
   */
  readonly actor?: string;
  readonly details?: Readonly<Record<string, unknown>>;
};

/**
 * A case as the screens use it (`caseViewOf` reads the API's answer into it). A tombstone — a case whose personal data
 * was erased — has no personal fields and no need, life-phase, district or urgency codes: those are optional here, and
 * its lists may be empty.
 */
export type CaseView = {
  readonly caseId: string;
  readonly status: CaseStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly officeId: string | null;
  readonly districtId?: string;
  readonly institutionId?: string;
  readonly institutionType?: InstitutionType;
  readonly urgency?: Urgency;
  readonly phases: readonly LifePhase[];
  readonly needs: readonly NeedCode[];
  readonly consentScopes: readonly ConsentScope[];
  readonly personalData: 'present' | 'erased';
  readonly languages?: readonly string[];
  readonly interpreterNeeded?: boolean;
  readonly contact?: {
    readonly name: string;
    readonly role: ContactRole;
    readonly phone?: string | null;
    readonly email?: string | null;
    readonly preferredChannel: ContactChannel;
    readonly bestTime?: string | null;
    readonly mayLeaveMessage?: boolean;
  };
  readonly children?: readonly { readonly birthDate?: string; readonly expectedBirthDate?: string }[];
  readonly postalCode?: string;
  readonly accessibility?: {
    readonly homeVisit: boolean;
    readonly barrierFree: boolean;
    readonly childcareDuringAppointment: boolean;
  };
  readonly note?: string | null;
  readonly consent?: {
    readonly scopes: readonly ConsentScope[];
    readonly givenBy: ConsentGiver;
    readonly givenAt: string;
    readonly method: ConsentMethod;
  };
  readonly referrer?: { readonly name: string; readonly phone?: string | null; readonly email?: string | null };
  readonly notes?: readonly { readonly seq: number; readonly note: string }[];
  readonly proposals: readonly Proposal[];
  readonly unmatched: boolean;
  readonly escalationReason: EscalationReason | null;
  readonly routedAt: string | null;
  readonly deadlineAt: string | null;
  readonly openedAt: string | null;
  readonly closedAt: string | null;
  readonly outcome: Outcome | null;
  readonly closedOfferId: string | null;
  readonly withdrawnAt: string | null;
  /** A withdrawal's reason, or the reason of an erasure by the coordinator (which erases as a withdrawal does). */
  readonly withdrawReason: WithdrawReason | EraseReason | null;
  /** When the family's data was erased: the case is then a tombstone. */
  readonly erasedAt?: string | null;
  readonly history: readonly CaseEvent[];
};

/** Who read a case's personal data, and when (`GET /v1/cases/{caseId}/audit`). */
export type AuditItem = {
  readonly at: string;
  readonly actor: { readonly role: Role; readonly organizationId?: string; readonly accountId?: string };
  /** A code of AUDIT_ACTION_LABELS; a newer one the app does not know yet is shown as a plain access. */
  readonly action: string;
};

export type Offer = {
  readonly id: string;
  readonly name: string;
  readonly organization: string;
  readonly status: OfferStatus;
  readonly needs: readonly NeedCode[];
  readonly lifePhases: readonly LifePhase[];
  /** Empty: the whole municipality. */
  readonly districts: readonly string[];
  readonly languages: readonly string[];
  readonly modes: readonly OfferMode[];
  /** Absent: places are not tracked. */
  readonly capacity?: { readonly available: number; readonly maximum?: number };
};

export type Office = { readonly id: string; readonly name: string; readonly districts: readonly string[] };

export type District = { readonly id: string; readonly name: string; readonly postalCodes: readonly string[] };

export type ItemList<T> = { readonly items: readonly T[] };
