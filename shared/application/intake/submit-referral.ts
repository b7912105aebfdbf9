// Use case: accept a referral from a registered institution, store it with its idempotency record, ask for routing.

import type {
  AnonymousCounters,
  BodyHasher,
  CaseRepository,
  CatalogueSource,
  Clock,
  IdGenerator,
  RoutingQueue,
} from '#application/ports.ts';
import { actorOf, type CaseEvent, type CasePersonalData, type CaseRecord, type Principal } from '#domain/case.ts';
import {
  ChildProtectionConcern,
  ConsentRequired,
  Forbidden,
  IdempotencyInFlight,
  IdempotencyKeyReused,
  OutsideServiceArea,
  ValidationFailed,
} from '#domain/errors.ts';
import { derivePhases } from '#domain/phases.ts';
import { idempotencyKeySchema, referralSchema } from '#domain/referral.ts';
import { type FieldError, toFieldErrors } from '#domain/zod-issues.ts';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export interface SubmitReferralPorts {
  catalogue: CatalogueSource;
  cases: Pick<CaseRepository, 'create'>;
  counters: AnonymousCounters;
  routingQueue: RoutingQueue;
  clock: Clock;
  ids: IdGenerator;
  /** The keyed hash the idempotency record keeps of the body (it outlives the family's data). */
  bodyHasher: BodyHasher;
  /** Told when the routing message could not be sent after the case was stored (the sweeper heals it). */
  onEnqueueFailed?: (caseId: string, error: unknown) => void;
}

export interface SubmitReferralInput {
  principal: Principal;
  /** The parsed JSON body, not yet validated (the child-protection check must see it first). */
  body: unknown;
  idempotencyKey: string | undefined;
}

export interface SubmitReferralResult {
  referralId: string;
  /** True when this answers a repeated request (same key, same body): no new case was created. */
  replayed: boolean;
}

/** 403 unless the principal is a referrer of an institution in the catalogue. Runs before the body is read. */
export async function assertRegisteredReferrer(
  catalogue: CatalogueSource,
  principal: Principal,
): Promise<{ institutionId: string; institutionType: CaseRecord['institutionType'] }> {
  if (principal.role !== 'referrer') throw new Forbidden();
  const institution = (await catalogue.current()).institution(principal.institutionId);
  if (!institution) throw new Forbidden('The institution of this token is not registered in the catalogue.');
  return { institutionId: institution.id, institutionType: institution.type };
}

function declaresChildProtectionConcern(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { childProtectionConcern?: unknown }).childProtectionConcern === true
  );
}

/** `YYYY-MM` of an instant in UTC, the bucket of the anonymous counters. */
function monthOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/**
 * Order of checks, each answering before the next runs:
 * 1. registered referrer (403);
 * 2. `childProtectionConcern: true` (422 child-protection + anonymous count) — checked BEFORE full validation, so a
 *    referrer who declares a concern is always sent to the Jugendamt, even if the rest of the form is incomplete,
 *    and nothing of the body is kept;
 * 3. field rules of the body and the Idempotency-Key header, reported together (400 validation);
 * 4. consent with scope `office` (422 consent-required);
 * 5. postal code in a district (422 outside-service-area);
 * 6. idempotency: the keyed hashes of the body and of the Idempotency-Key (a hash key that cannot be read now is a
 *    503 before anything is written; the record, which outlives the family's data, names neither), then create case
 *    + personal data + first event + record in one transaction; an existing record for the same body replays the
 *    first answer, for another body is 422 idempotency-key-reused; one still being written is 409;
 * 7. routing message; a failure here is logged, not answered: the case is stored and the sweeper re-sends it.
 */
export async function submitReferral(
  ports: SubmitReferralPorts,
  input: SubmitReferralInput,
): Promise<SubmitReferralResult> {
  const { institutionId, institutionType } = await assertRegisteredReferrer(ports.catalogue, input.principal);
  const snapshot = await ports.catalogue.current();
  const now = ports.clock.now();

  if (declaresChildProtectionConcern(input.body)) {
    await ports.counters.incrementChildProtection(monthOf(now));
    throw new ChildProtectionConcern(snapshot.catalogue.municipality.childProtectionContact);
  }

  const parsed = referralSchema(now).safeParse(input.body);
  const keyResult = idempotencyKeySchema().safeParse(input.idempotencyKey);
  const errors: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error);
  if (!keyResult.success) {
    const message =
      input.idempotencyKey === undefined ? 'header is required' : 'must be 1–128 visible ASCII characters';
    errors.push({ path: IDEMPOTENCY_KEY_HEADER, message });
  }
  if (!parsed.success || !keyResult.success) throw new ValidationFailed(errors);
  const referral = parsed.data;
  const key = keyResult.data;

  if (!referral.consent.scopes.includes('office')) throw new ConsentRequired();

  const district = snapshot.districtForPostalCode(referral.postalCode);
  if (!district) throw new OutsideServiceArea();

  const at = now.toISOString();
  // The case item carries only what is not personal; the referral body is stored apart (erasable in one delete).
  const caseRecord: CaseRecord = {
    id: ports.ids.next(),
    institutionId,
    institutionType,
    status: 'received',
    version: 1,
    createdAt: at,
    updatedAt: at,
    urgency: referral.urgency,
    districtId: district.id,
    phases: derivePhases(referral.children, now),
    needs: referral.needs,
    consentScopes: referral.consent.scopes,
    officeId: null,
  };
  const personal: CasePersonalData = { referral, idempotencyKey: key, notes: [] };
  const firstEvent: CaseEvent = { seq: 1, type: 'received', at, actor: actorOf(input.principal) };
  const [hash, keyDigest] = await Promise.all([ports.bodyHasher.hash(input.body), ports.bodyHasher.digestKey(key)]);
  const outcome = await ports.cases.create({
    caseRecord,
    personal,
    firstEvent,
    idempotency: {
      institutionId,
      key: keyDigest,
      bodyHash: hash,
      expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
    },
  });
  if (outcome.kind === 'in-flight') throw new IdempotencyInFlight();
  if (outcome.kind === 'exists') {
    if (outcome.record.bodyHash !== hash) throw new IdempotencyKeyReused();
    return { referralId: outcome.record.referralId, replayed: true };
  }

  try {
    await ports.routingQueue.enqueue(caseRecord.id);
  } catch (error) {
    ports.onEnqueueFailed?.(caseRecord.id, error);
  }
  return { referralId: caseRecord.id, replayed: false };
}
