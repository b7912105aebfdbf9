// The rules of POST /_local/token and the tokens the local issuer mints.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkTokenRequest, createLocalIssuer } from '#infra/local/local-issuer.ts';

const known = { institutionIds: new Set(['klinik-mitte']), officeIds: new Set(['fb-nord']) };

describe('a token request', () => {
  it('is accepted for a registered institution', () => {
    expect(checkTokenRequest({ role: 'referrer', institutionId: 'klinik-mitte' }, known)).toEqual({
      ok: true,
      request: { role: 'referrer', institutionId: 'klinik-mitte' },
      options: {},
    });
  });

  it('is refused for an institution the catalogue does not know, naming it', () => {
    expect(checkTokenRequest({ role: 'referrer', institutionId: 'nope' }, known)).toEqual({
      ok: false,
      message: 'institution "nope" is not in the catalogue',
    });
  });

  it('is accepted for an unknown id when the test asks for it explicitly', () => {
    expect(checkTokenRequest({ role: 'office', officeId: 'fb-x', allowUnregistered: true }, known).ok).toBe(true);
  });

  it('is refused without the id the role needs, with an unknown role or an unknown field', () => {
    const messages = [
      checkTokenRequest({ role: 'office' }, known),
      checkTokenRequest({ role: 'admin' }, known),
      checkTokenRequest({ role: 'coordinator', extra: 1 }, known),
    ].map((check) => (check.ok ? '' : check.message));

    expect(messages).toEqual([
      'officeId (a non-empty string) is required for role office',
      'role must be one of "referrer", "office", "coordinator"',
      'unknown field(s): extra',
    ]);
  });
});

describe('a minted token', () => {
  it('carries issuer, audience and client_id, the role scope, the binding claim and a one-hour lifetime', async () => {
    const issuer = await createLocalIssuer('http://127.0.0.1:3000/_local/issuer', 'client-1');

    const minted = await issuer.mint({ role: 'office', officeId: 'fb-nord' });
    const claims = decodeJwt(minted.access_token);

    expect(minted).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(claims).toMatchObject({
      iss: 'http://127.0.0.1:3000/_local/issuer',
      aud: 'client-1',
      client_id: 'client-1',
      scope: 'lotse/office',
      office_id: 'fb-nord',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(typeof claims.jti).toBe('string');
  });
});
