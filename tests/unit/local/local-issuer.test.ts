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

describe('an access token of the local sign-in', () => {
  it('is shaped as Cognito shapes it: client_id without aud, scopes, user name, groups and the sign-in time', async () => {
    const issuer = await createLocalIssuer('http://127.0.0.1:3000/_local/issuer', 'web');

    const claims = decodeJwt(
      await issuer.mintAccessToken({
        subject: 'sub-1',
        clientId: 'web',
        scopes: ['openid', 'lotse/referrer'],
        claims: { institution_id: 'klinik-mitte' },
        username: 'klinik-mitte',
        groups: ['referrer'],
        authTime: 1_700_000_000,
        expiresInSeconds: 900,
      }),
    );

    expect(claims).toMatchObject({
      iss: 'http://127.0.0.1:3000/_local/issuer',
      sub: 'sub-1',
      client_id: 'web',
      token_use: 'access',
      scope: 'openid lotse/referrer',
      username: 'klinik-mitte',
      'cognito:groups': ['referrer'],
      auth_time: 1_700_000_000,
      institution_id: 'klinik-mitte',
    });
    expect(claims.aud).toBeUndefined();
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
  });

  it('keeps its own claims whatever the added claims say', async () => {
    const issuer = await createLocalIssuer('http://127.0.0.1:3000/_local/issuer', 'web');

    const claims = decodeJwt(
      await issuer.mintAccessToken({
        subject: 'kis',
        clientId: 'kis',
        scopes: ['lotse/referrer'],
        claims: {
          iss: 'elsewhere',
          sub: 'x',
          exp: 9_999_999_999,
          client_id: 'y',
          token_use: 'id',
          scope: 'lotse/coordinator',
        },
        authTime: 1_700_000_000,
        expiresInSeconds: 3600,
      }),
    );

    expect(claims).toMatchObject({
      iss: 'http://127.0.0.1:3000/_local/issuer',
      sub: 'kis',
      client_id: 'kis',
      token_use: 'access',
      scope: 'lotse/referrer',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  });

  it("comes with an ID token for the client as audience, carrying the person's attributes", async () => {
    const issuer = await createLocalIssuer('http://127.0.0.1:3000/_local/issuer', 'web');

    const claims = decodeJwt(
      await issuer.mintIdToken({
        subject: 'sub-1',
        clientId: 'web',
        username: 'klinik-mitte',
        claims: { email: 'a@example.org', email_verified: true },
        authTime: 1_700_000_000,
        expiresInSeconds: 900,
      }),
    );

    expect(claims).toMatchObject({
      aud: 'web',
      token_use: 'id',
      'cognito:username': 'klinik-mitte',
      email: 'a@example.org',
      email_verified: true,
    });
  });
});
