import { describe, expect, it } from 'vitest';
import { NOTIFICATION_TYPES } from '#domain/domain-events.ts';
import { scopeOf } from '#domain/identity.ts';
import { signWebhook } from '#domain/webhook-signature.ts';
import { buildOpenApiDocument } from '#http/openapi.ts';
import { routeList } from '#http/routes.ts';

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

  it('documents every path of the route table and no other', () => {
    const paths = Object.keys(document.paths);

    expect(paths.sort()).toEqual([...new Set(routeList().map((route) => route.path))].sort());
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/referrals',
        '/v1/referrals/{referralId}/withdraw',
        '/v1/cases/{caseId}/accept',
        '/v1/offers/{offerId}',
        '/v1/catalogue/import',
        '/v1/reports/coverage',
      ]),
    );
  });

  it.each(routeList().map((route) => [route.id, route] as const))(
    'documents route %s with its method, operationId and scopes',
    (id, route) => {
      const documented = operation(route.path, route.method.toLowerCase());

      expect(documented.operationId).toBe(id);
      expect(documented.security).toEqual([{ bearerAuth: route.roles.map(scopeOf) }]);
    },
  );

  it('documents no operation the route table lacks', () => {
    const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods));

    expect(operations).toHaveLength(routeList().length);
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

  it('tells integrators to retry a submission with the same Idempotency-Key on any 5xx or a dropped connection', () => {
    const description = String((document.info as Json).description);
    const retries = description.slice(description.indexOf('## Retries'), description.indexOf('## Cases'));

    expect(retries).toMatch(/any 5xx/);
    expect(retries).toContain('500');
    expect(retries).toMatch(/dropped\s+connection/);
    expect(retries).toMatch(/same\*\* `Idempotency-Key`/);
  });

  it('answers errors as problem+json', () => {
    const { responses } = operation('/v1/referrals', 'post');

    expect(Object.keys(responses)).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '409', '413', '415', '422', '500', '503']),
    );
    expect(responses['422']?.content).toHaveProperty(['application/problem+json']);
  });

  it.each(routeList().map((route) => [route.id, route] as const))(
    'documents 503 with Retry-After and the gateway’s own 401, 403 and 500 on %s',
    (_id, route) => {
      const { responses } = operation(route.path, route.method.toLowerCase());
      const gatewayError = { schema: { $ref: '#/components/schemas/GatewayError' } };

      expect(responses['500']?.content).toEqual({ 'application/json': gatewayError });
      expect(responses['503']?.headers).toHaveProperty('Retry-After');
      expect(responses['401']?.content).toEqual({ 'application/json': gatewayError });
      expect(responses['403']?.content).toHaveProperty(['application/json'], gatewayError);
    },
  );

  it('documents both 403s of submit: the gateway’s and the unregistered institution’s problem', () => {
    const { responses } = operation('/v1/referrals', 'post');

    expect(Object.keys(responses['403']?.content as Json)).toEqual(['application/json', 'application/problem+json']);
    expect(responses['403']?.description).toContain('not registered');
  });

  it('describes the HSDS services with the zod schema the import reads them with', () => {
    const schemas = document.components.schemas as Record<string, Json>;

    expect(schemas.HsdsService?.required).toEqual(expect.arrayContaining(['id', 'name', 'status']));
    expect(JSON.stringify(schemas.CatalogueImport)).toContain('#/components/schemas/HsdsService');
    expect(JSON.stringify(schemas.CatalogueExport)).toContain('#/components/schemas/HsdsService');
  });

  it('has the sections the routes refer to in its description', () => {
    const description = String((document.info as Json).description);

    expect(description).toContain('## Catalogue import');
    expect(description).toContain('## Coverage report');
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
      expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '412', '428']));
      expect(post.responses['200']?.headers).toHaveProperty('ETag');
    },
  );

  // accept and start take no body: nothing of theirs answers 400 (the table says so; the old document claimed it).
  it.each([
    ['decline', true],
    ['close', true],
    ['assign', true],
    ['accept', false],
    ['start', false],
  ])('documents 400 on %s only when it takes a body (%s)', (command, takesBody) => {
    const post = operation(`/v1/cases/{caseId}/${command}`, 'post');

    expect('400' in post.responses).toBe(takesBody);
    expect('requestBody' in post).toBe(takesBody);
  });

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

  it('describes the webhook delivery, its Standard Webhooks headers, the secret format and the replay window', () => {
    const description = String((document.info as Json).description);

    expect(description).toContain('Standard Webhooks');
    expect(description).toMatch(/`webhook-id`.*`webhook-timestamp`.*`webhook-signature`/s);
    expect(description).toContain('`whsec_`');
    expect(description).toContain('300 seconds');
    expect(description).toContain('"id":"<caseId>:<seq>"');
    expect(description).not.toContain('lotse-signature');
  });
});

describe('the webhooks in the document', () => {
  const webhooks = document.webhooks as Record<string, { post: Json }>;
  const schemas = (document.components as { schemas: Record<string, Json> }).schemas;

  it('lists one POST per notification type', () => {
    expect(Object.keys(webhooks)).toEqual([...NOTIFICATION_TYPES]);
    for (const type of NOTIFICATION_TYPES) expect(webhooks[type]?.post).toMatchObject({ security: [] });
  });

  it('names the three headers, required, on every webhook', () => {
    for (const type of NOTIFICATION_TYPES) {
      const parameters = webhooks[type]?.post.parameters as { name: string; in: string; required: boolean }[];
      expect(parameters.map(({ name, in: where, required }) => [name, where, required])).toEqual([
        ['webhook-id', 'header', true],
        ['webhook-timestamp', 'header', true],
        ['webhook-signature', 'header', true],
      ]);
    }
  });

  it("describes each type's body with the notifier's schema: the ids, its own type and nothing else", () => {
    for (const type of NOTIFICATION_TYPES) {
      const body = webhooks[type]?.post.requestBody as { content: Record<string, { schema: { $ref: string } }> };
      const name = body.content['application/json']?.schema.$ref.split('/').pop() ?? '';
      const schema = schemas[name] as {
        properties: Record<string, Json>;
        required: string[];
        additionalProperties: boolean;
      };
      expect(Object.keys(schema.properties)).toEqual(['id', 'type', 'caseId', 'occurredAt']);
      expect(schema.properties.type).toMatchObject({ const: type });
      expect(schema.required).toEqual(['id', 'type', 'caseId', 'occurredAt']);
      expect(schema.additionalProperties).toBe(false);
    }
  });

  it("gives a signature header pattern that a real delivery's signatures match, one or two of them", () => {
    const parameters = webhooks['case.routed']?.post.parameters as { name: string; schema: { pattern: string } }[];
    const pattern = new RegExp(
      parameters.find((parameter) => parameter.name === 'webhook-signature')?.schema.pattern ?? '$^',
    );
    const one = signWebhook([`whsec_${Buffer.alloc(32, 1).toString('base64')}`], {
      id: 'C:1',
      timestampSeconds: 1,
      body: '{}',
    });
    const two = signWebhook(
      [`whsec_${Buffer.alloc(32, 1).toString('base64')}`, `whsec_${Buffer.alloc(32, 2).toString('base64')}`],
      { id: 'C:1', timestampSeconds: 1, body: '{}' },
    );

    expect([pattern.test(one), pattern.test(two), pattern.test('t=1,v1=abc')]).toEqual([true, true, false]);
  });
});
