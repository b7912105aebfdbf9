import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#http/openapi.ts';

type Json = Record<string, unknown>;
type Operation = Json & { parameters: Json[]; security: Json[]; responses: Record<string, Json> };
const document = buildOpenApiDocument() as Json & {
  paths: Record<string, Record<string, Operation>>;
  components: Json;
};
const operation = (path: string, method: string): Operation => {
  const found = document.paths[path]?.[method];
  if (!found) throw new Error(`${method} ${path} is not documented`);
  return found;
};

function collectRefs(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const entry of value) collectRefs(entry, into);
  else if (value && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      if (key === '$ref' && typeof entry === 'string') into.push(entry);
      else collectRefs(entry, into);
    }
  }
  return into;
}

describe('buildOpenApiDocument', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every route of this version', () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      '/v1/cases',
      '/v1/cases/{caseId}',
      '/v1/cases/{caseId}/accept',
      '/v1/cases/{caseId}/assign',
      '/v1/cases/{caseId}/close',
      '/v1/cases/{caseId}/decline',
      '/v1/cases/{caseId}/start',
      '/v1/catalogue',
      '/v1/catalogue/import',
      '/v1/institutions',
      '/v1/institutions/{institutionId}',
      '/v1/offers',
      '/v1/offers/{offerId}',
      '/v1/offices',
      '/v1/offices/{officeId}',
      '/v1/referrals',
      '/v1/referrals/{referralId}',
      '/v1/referrals/{referralId}/withdraw',
      '/v1/reports/coverage',
    ]);
  });

  it('resolves every reference to a component schema', () => {
    const schemas = (document.components.schemas ?? {}) as Json;
    const missing = collectRefs(document).filter((ref) => !(ref.replace('#/components/schemas/', '') in schemas));

    expect(missing).toEqual([]);
  });

  it('describes the referral body as a strict object from the validating schema', () => {
    const schemas = document.components.schemas as Record<string, Json>;

    expect(schemas.ReferralRequest?.additionalProperties).toBe(false);
    expect(Object.keys(schemas.ReferralRequest?.properties as Json)).toContain('childProtectionConcern');
  });

  it('requires the Idempotency-Key header and the referrer scope on submit', () => {
    const submit = operation('/v1/referrals', 'post');

    expect(submit.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
    expect(submit.security).toEqual([{ bearerAuth: ['lotse/referrer'] }]);
  });

  it('answers errors as problem+json', () => {
    const { responses } = operation('/v1/referrals', 'post');

    expect(Object.keys(responses)).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '409', '413', '415', '422', '500', '503']),
    );
    expect(responses['422']?.content).toHaveProperty(['application/problem+json']);
  });
});

describe('the office workflow in the document', () => {
  it.each(['accept', 'decline', 'start', 'close', 'assign'])(
    'requires If-Match on %s and documents 412, 428 and 409 and the ETag',
    (command) => {
      const post = operation(`/v1/cases/{caseId}/${command}`, 'post');

      expect(post.parameters).toContainEqual(
        expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
      );
      expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '409', '412', '428']));
      expect(post.responses['200']?.headers).toHaveProperty('ETag');
    },
  );

  it('admits only coordinators to assign and only offices to the other commands', () => {
    expect(operation('/v1/cases/{caseId}/assign', 'post').security).toEqual([{ bearerAuth: ['lotse/coordinator'] }]);
    expect(operation('/v1/cases/{caseId}/accept', 'post').security).toEqual([{ bearerAuth: ['lotse/office'] }]);
  });

  it('documents the inbox query parameters and the cursor page', () => {
    const list = operation('/v1/cases', 'get');
    const schemas = document.components.schemas as Record<string, Json>;

    expect(list.parameters.map((parameter) => parameter.name)).toEqual(['status', 'limit', 'cursor', 'officeId']);
    expect(Object.keys(schemas.Inbox?.properties as Json)).toEqual(['items', 'nextCursor']);
  });

  it('documents the withdrawal with its body, 202 and 409', () => {
    const withdraw = operation('/v1/referrals/{referralId}/withdraw', 'post');

    expect(Object.keys(withdraw.responses)).toEqual(expect.arrayContaining(['202', '404', '409']));
    expect(JSON.stringify(withdraw.requestBody)).toContain('WithdrawRequest');
  });

  it('describes the webhook delivery, its signature and the replay window', () => {
    const description = String((document.info as Json).description);

    expect(description).toContain('lotse-signature: t=<unix seconds>,v1=');
    expect(description).toContain('300 seconds');
    expect(description).toContain('"id":"<caseId>:<seq>"');
  });
});
