import { createHash, createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { type SubmitReferralPorts, submitReferral } from '#application/intake/submit-referral.ts';
import type { BodyHasher } from '#application/ports.ts';
import {
  ChildProtectionConcern,
  ConsentRequired,
  Forbidden,
  IdempotencyInFlight,
  IdempotencyKeyReused,
  OutsideServiceArea,
  TemporaryFailure,
  ValidationFailed,
} from '#domain/errors.ts';
import { canonicalJson } from '#domain/json-value.ts';
import {
  CHILD_PROTECTION_CONTACT,
  catalogueSource,
  fixedClock,
  InMemoryCases,
  InMemoryCounters,
  InMemoryQueue,
  live,
  sequentialIds,
  validReferralBody,
} from './fakes.ts';

const referrer = { role: 'referrer', institutionId: 'klinik-mitte' } as const;

/** A keyed hasher as the Secrets Manager adapter is one, with a key of the test's own. */
function keyedHasher(key: string): BodyHasher & { calls: number } {
  const hasher = {
    calls: 0,
    async hash(body: unknown) {
      hasher.calls += 1;
      return `hmac-sha256:${createHmac('sha256', key).update(canonicalJson(body)).digest('hex')}`;
    },
    async digestKey(idempotencyKey: string) {
      return createHmac('sha256', key).update(`idempotency-key\u0000${idempotencyKey}`).digest('hex');
    },
  };
  return hasher;
}

let cases: InMemoryCases;
let counters: InMemoryCounters;
let queue: InMemoryQueue;
let enqueueFailures: string[];
let ports: SubmitReferralPorts;

beforeEach(() => {
  cases = new InMemoryCases();
  counters = new InMemoryCounters();
  queue = new InMemoryQueue();
  enqueueFailures = [];
  ports = {
    catalogue: catalogueSource(),
    cases,
    counters,
    routingQueue: queue,
    clock: fixedClock(),
    ids: sequentialIds(),
    bodyHasher: keyedHasher('a-deployment-secret-of-at-least-32-bytes'),
    onEnqueueFailed: (caseId) => enqueueFailures.push(caseId),
  };
});

type TestPrincipal = { role: 'referrer'; institutionId: string } | { role: 'coordinator' };

const submit = (body: unknown, ...rest: [idempotencyKey?: string | undefined, principal?: TestPrincipal]) =>
  submitReferral(ports, {
    principal: rest.length > 1 && rest[1] ? rest[1] : referrer,
    body,
    idempotencyKey: rest.length === 0 ? 'key-1' : rest[0],
  });

describe('submitReferral', () => {
  it('stores a received case with its first history event and asks for routing', async () => {
    const result = await submit(validReferralBody());

    const stored = cases.cases.get(result.referralId);
    expect(result.replayed).toBe(false);
    expect(stored).toMatchObject({
      status: 'received',
      version: 1,
      institutionId: 'klinik-mitte',
      institutionType: 'birth-clinic',
      districtId: 'nord',
      urgency: 'soon',
      createdAt: '2026-11-26T10:00:00.000Z',
    });
    expect(live(stored).phases).toEqual(['pregnancy', 'infant']);
    expect(stored).toMatchObject({ needs: ['parenting', 'financial-support'], officeId: null });
    expect(stored?.consentScopes).toEqual(['office', 'offer', 'feedback']);
    expect(cases.events.get(result.referralId)).toEqual([
      { seq: 1, type: 'received', at: '2026-11-26T10:00:00.000Z', actor: 'referrer:klinik-mitte' },
    ]);
    expect(queue.sent).toEqual([result.referralId]);
  });

  it('keeps the personal data apart from the case, with the Idempotency-Key for its erasure', async () => {
    const result = await submit(validReferralBody());

    expect(JSON.stringify(cases.cases.get(result.referralId))).not.toContain('Maria Muster');
    expect(cases.personal.get(result.referralId)).toMatchObject({
      referral: { contact: { name: 'Maria Muster' } },
      idempotencyKey: expect.any(String),
      notes: [],
    });
  });

  it("keeps the institution's reference with the personal data, never on the case", async () => {
    const result = await submit({ ...validReferralBody(), referrerReference: 'KM-2026/0815' });

    expect(JSON.stringify(cases.cases.get(result.referralId))).not.toContain('KM-2026/0815');
    expect(cases.personal.get(result.referralId)?.referral.referrerReference).toBe('KM-2026/0815');
  });

  it('refuses a referrer whose institution is not in the catalogue', async () => {
    await expect(
      submit(validReferralBody(), 'key-1', { role: 'referrer', institutionId: 'unknown' }),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses a principal that is not a referrer', async () => {
    await expect(submit(validReferralBody(), 'key-1', { role: 'coordinator' })).rejects.toBeInstanceOf(Forbidden);
  });

  it('answers a child-protection concern with the municipality contact, counts it and stores nothing', async () => {
    const body = { ...validReferralBody(), childProtectionConcern: true };

    const error = await submit(body).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ChildProtectionConcern);
    expect((error as ChildProtectionConcern).message).toContain(CHILD_PROTECTION_CONTACT);
    expect(counters.childProtection.get('2026-11')).toBe(1);
    expect(cases.cases.size).toBe(0);
    expect(cases.idempotency.size).toBe(0);
    expect(queue.sent).toEqual([]);
  });

  it('checks the child-protection concern before the other field rules', async () => {
    const error = await submit({ childProtectionConcern: true, note: 42 }, undefined).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ChildProtectionConcern);
  });

  it('reports every violated field, unknown fields included', async () => {
    const body = { ...validReferralBody(), postalCode: '123', fax: '0231' };

    const error = await submit(body).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationFailed);
    const paths = (error as ValidationFailed).errors.map((e) => e.path);
    expect(paths).toContain('postalCode');
    expect(paths).toContain('fax');
    expect(cases.cases.size).toBe(0);
  });

  it('reports a missing Idempotency-Key as a validation error of the header', async () => {
    const error = await submit(validReferralBody(), undefined).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors).toEqual([{ path: 'Idempotency-Key', message: 'header is required' }]);
  });

  it('rejects an Idempotency-Key with invisible characters', async () => {
    const error = await submit(validReferralBody(), 'has space').catch((e: unknown) => e);

    expect((error as ValidationFailed).errors.map((e) => e.path)).toEqual(['Idempotency-Key']);
  });

  it('reports body and header problems together', async () => {
    const error = await submit({ ...validReferralBody(), urgency: 'now' }, undefined).catch((e: unknown) => e);

    expect((error as ValidationFailed).errors.map((e) => e.path).sort()).toEqual(['Idempotency-Key', 'urgency']);
  });

  it('requires consent with the office scope', async () => {
    const body = validReferralBody();
    body.consent = { ...(body.consent as object), scopes: ['offer', 'feedback'] };

    await expect(submit(body)).rejects.toBeInstanceOf(ConsentRequired);
    expect(cases.cases.size).toBe(0);
  });

  it('refuses a postal code outside every district', async () => {
    await expect(submit({ ...validReferralBody(), postalCode: '10115' })).rejects.toBeInstanceOf(OutsideServiceArea);
  });

  it('replays the same answer for the same key and body without a second case', async () => {
    const first = await submit(validReferralBody());

    const second = await submit(validReferralBody());

    expect(second).toEqual({ referralId: first.referralId, replayed: true });
    expect(cases.cases.size).toBe(1);
    expect(queue.sent).toEqual([first.referralId]);
  });

  it('treats a body with reordered keys as the same body', async () => {
    const first = await submit(validReferralBody());
    const reordered = Object.fromEntries(Object.entries(validReferralBody()).reverse());

    const second = await submit(reordered);

    expect(second.referralId).toBe(first.referralId);
  });

  it('refuses the same key with a different body', async () => {
    await submit(validReferralBody());

    await expect(submit({ ...validReferralBody(), urgency: 'urgent' })).rejects.toBeInstanceOf(IdempotencyKeyReused);
    expect(cases.cases.size).toBe(1);
  });

  it('refuses the same key with another reference, or one added, as a different body (the reference is hashed)', async () => {
    await submit({ ...validReferralBody(), referrerReference: 'KM-1' });

    await expect(submit({ ...validReferralBody(), referrerReference: 'KM-2' })).rejects.toBeInstanceOf(
      IdempotencyKeyReused,
    );
    await expect(submit(validReferralBody())).rejects.toBeInstanceOf(IdempotencyKeyReused);
    expect((await submit({ ...validReferralBody(), referrerReference: 'KM-1' })).replayed).toBe(true);
    expect(cases.cases.size).toBe(1);
  });

  it('keeps a keyed hash of the body in the idempotency record, under the keyed digest of the key', async () => {
    const result = await submit(validReferralBody());

    const digest = await keyedHasher('a-deployment-secret-of-at-least-32-bytes').digestKey('key-1');
    const record = cases.idempotency.get(`klinik-mitte#${digest}`);
    expect(record?.referralId).toBe(result.referralId);
    expect(record?.bodyHash).toBe(
      await keyedHasher('a-deployment-secret-of-at-least-32-bytes').hash(validReferralBody()),
    );
    expect(record?.bodyHash).not.toContain(
      createHash('sha256').update(canonicalJson(validReferralBody())).digest('hex'),
    );
    expect([...cases.idempotency.keys()].join()).not.toContain('key-1');
  });

  it('keys the record by the secret too: with another secret the same key is another key (the digest is keyed)', async () => {
    ports.bodyHasher = keyedHasher('another-deployment-secret-of-32-bytes!!');
    await submit(validReferralBody());
    ports.bodyHasher = keyedHasher('a-deployment-secret-of-at-least-32-bytes');

    expect((await submit(validReferralBody())).replayed).toBe(false);
    expect(cases.idempotency.size).toBe(2);
  });

  it('stores nothing and lets the failure through when the hash key cannot be read, so the client retries', async () => {
    ports.bodyHasher = {
      hash: async () => {
        throw new TemporaryFailure();
      },
      digestKey: async () => {
        throw new TemporaryFailure();
      },
    };

    await expect(submit(validReferralBody())).rejects.toBeInstanceOf(TemporaryFailure);
    expect(cases.cases.size).toBe(0);
    expect(cases.idempotency.size).toBe(0);
    expect(queue.sent).toEqual([]);
  });

  it('hashes nothing of a refused body (a child-protection concern or a validation error)', async () => {
    const hasher = keyedHasher('a-deployment-secret-of-at-least-32-bytes');
    ports.bodyHasher = hasher;

    await submit({ ...validReferralBody(), childProtectionConcern: true }).catch(() => undefined);
    await submit({ ...validReferralBody(), postalCode: '1' }).catch(() => undefined);

    expect(hasher.calls).toBe(0);
  });

  it('scopes idempotency keys per institution', async () => {
    const first = await submit(validReferralBody());

    const other = await submit(validReferralBody(), 'key-1', { role: 'referrer', institutionId: 'praxis-west' });

    expect(other.referralId).not.toBe(first.referralId);
    expect(cases.cases.size).toBe(2);
  });

  it('answers in flight while a request with the same key is still being written', async () => {
    cases.nextCreateInFlight = true;

    await expect(submit(validReferralBody())).rejects.toBeInstanceOf(IdempotencyInFlight);
  });

  it('still accepts the referral when the routing message cannot be sent', async () => {
    queue.failWith = new TemporaryFailure();

    const result = await submit(validReferralBody());

    expect(cases.cases.get(result.referralId)?.status).toBe('received');
    expect(enqueueFailures).toEqual([result.referralId]);
  });

  it('lets a storage failure through so the client can retry', async () => {
    cases.create = async () => {
      throw new TemporaryFailure();
    };

    await expect(submit(validReferralBody())).rejects.toBeInstanceOf(TemporaryFailure);
  });
});
