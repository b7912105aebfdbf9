// The local JWT authorizer decides as API Gateway's HTTP API JWT authorizer does.
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJwtAuthorizer, stringifyClaims } from '#infra/local/jwt-authorizer.ts';
import { createLocalIssuer, type LocalIssuer } from '#infra/local/local-issuer.ts';

const ISSUER = 'http://127.0.0.1:3000/_local/issuer';
const AUDIENCE = 'local-client';

let issuer: LocalIssuer;
let authorizer: ReturnType<typeof createJwtAuthorizer>;

beforeAll(async () => {
  issuer = await createLocalIssuer(ISSUER, AUDIENCE);
  authorizer = createJwtAuthorizer({ issuer: ISSUER, audiences: [AUDIENCE, 'other-client'], keys: issuer.keys });
});

async function referrerToken(): Promise<string> {
  return (await issuer.mint({ role: 'referrer', institutionId: 'klinik-mitte' })).access_token;
}

/** A well-formed token naming the issuer's key id, but signed with a different private key. */
async function forgedToken(): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'lotse/referrer', client_id: AUDIENCE, institution_id: 'klinik-mitte' })
    .setProtectedHeader({ alg: 'RS256', kid: issuer.jwks.keys[0]?.kid ?? '' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(privateKey);
}

describe('the JWT authorizer', () => {
  it('allows a valid token with a route scope and hands on its claims as strings', async () => {
    const decision = await authorizer.authorize(`Bearer ${await referrerToken()}`, ['lotse/referrer']);

    expect(decision.allowed).toBe(true);
    if (!decision.allowed) return;
    expect(decision.context.claims.institution_id).toBe('klinik-mitte');
    expect(decision.context.claims.scope).toBe('lotse/referrer');
    expect(decision.context.scopes).toEqual(['lotse/referrer']);
  });

  it('answers 401 without an Authorization header', async () => {
    expect(await authorizer.authorize(undefined, ['lotse/referrer'])).toMatchObject({
      statusCode: 401,
      message: 'Unauthorized',
    });
  });

  it('answers 401 for a token from another issuer', async () => {
    const other = await createLocalIssuer('https://elsewhere.example', AUDIENCE);
    const strict = createJwtAuthorizer({ issuer: ISSUER, audiences: [AUDIENCE], keys: other.keys });
    const token = (await other.mint({ role: 'coordinator' })).access_token;

    expect(await strict.authorize(`Bearer ${token}`, [])).toMatchObject({ statusCode: 401 });
  });

  it('answers 401 for a token for another audience', async () => {
    const foreign = await createLocalIssuer(ISSUER, 'someone-else');
    const checker = createJwtAuthorizer({ issuer: ISSUER, audiences: [AUDIENCE], keys: foreign.keys });
    const token = (await foreign.mint({ role: 'coordinator' })).access_token;

    expect(await checker.authorize(`Bearer ${token}`, [])).toMatchObject({ statusCode: 401 });
  });

  it('accepts a Cognito-style access token that carries client_id and no aud', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const checker = createJwtAuthorizer({
      issuer: ISSUER,
      audiences: [AUDIENCE],
      keys: createLocalJWKSet({ keys: [jwk] }),
    });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ client_id: AUDIENCE, scope: 'lotse/office' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(privateKey);

    expect((await checker.authorize(`Bearer ${token}`, ['lotse/office'])).allowed).toBe(true);
  });

  it('answers 401 for an expired token', async () => {
    const token = await referrerToken();
    const inTwoHours = new Date(Date.now() + 2 * 3600 * 1000);

    expect(await authorizer.authorize(`Bearer ${token}`, ['lotse/referrer'], inTwoHours)).toMatchObject({
      statusCode: 401,
    });
  });

  it('answers 401 for a token issued in the future (iat after now)', async () => {
    const token = await referrerToken();
    const anHourAgo = new Date(Date.now() - 3600 * 1000);

    expect(await authorizer.authorize(`Bearer ${token}`, ['lotse/referrer'], anHourAgo)).toMatchObject({
      statusCode: 401,
    });
  });

  it('answers 401 for a token not yet valid (nbf in the future)', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k2', alg: 'RS256' };
    const checker = createJwtAuthorizer({
      issuer: ISSUER,
      audiences: [AUDIENCE],
      keys: createLocalJWKSet({ keys: [jwk] }),
    });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ client_id: AUDIENCE })
      .setProtectedHeader({ alg: 'RS256', kid: 'k2' })
      .setIssuer(ISSUER)
      .setNotBefore(now + 600)
      .setExpirationTime(now + 1200)
      .sign(privateKey);

    expect(await checker.authorize(`Bearer ${token}`, [])).toMatchObject({ statusCode: 401 });
  });

  it('accepts the token without the Bearer prefix, as API Gateway does', async () => {
    expect((await authorizer.authorize(await referrerToken(), ['lotse/referrer'])).allowed).toBe(true);
  });

  it('answers 403 when the token has none of the route scopes', async () => {
    const decision = await authorizer.authorize(`Bearer ${await referrerToken()}`, [
      'lotse/office',
      'lotse/coordinator',
    ]);

    expect(decision).toEqual({ allowed: false, statusCode: 403, message: 'Forbidden' });
  });

  it('answers 401 for a token whose signature does not verify', async () => {
    const forged = await forgedToken();

    expect(await authorizer.authorize(`Bearer ${forged}`, ['lotse/referrer'])).toMatchObject({ statusCode: 401 });
  });

  it('answers 401 for a tampered payload', async () => {
    const [header, , signature] = (await referrerToken()).split('.');
    const payload = Buffer.from(
      JSON.stringify({ iss: ISSUER, aud: AUDIENCE, scope: 'lotse/coordinator', exp: 9e9 }),
    ).toString('base64url');

    expect(await authorizer.authorize(`Bearer ${header}.${payload}.${signature}`, [])).toMatchObject({
      statusCode: 401,
    });
  });

  it('gives no scopes to the function when the route requires none', async () => {
    const decision = await authorizer.authorize(`Bearer ${await referrerToken()}`, []);

    expect(decision.allowed && decision.context.scopes).toBeNull();
  });
});

describe('claims handed to the function', () => {
  it('renders numbers as strings and arrays the way API Gateway does ("[a b]")', () => {
    expect(stringifyClaims({ exp: 1700000000, groups: ['a', 'b'] })).toEqual({ exp: '1700000000', groups: '[a b]' });
  });
});
