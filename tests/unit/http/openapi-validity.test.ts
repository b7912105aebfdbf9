// The generated OpenAPI document against the OpenAPI 3.1 schema, with a validator that works offline.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#http/openapi.ts';

describe('the generated OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();

    const result = await validator.validate(buildOpenApiDocument());

    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is refused by the same validator when broken, so the check above can fail', async () => {
    const broken = { ...buildOpenApiDocument(), paths: { '/v1/x': { get: { responses: { '200': {} } } } } };

    const result = await new Validator().validate(broken);

    expect(result.valid).toBe(false);
  });
});
