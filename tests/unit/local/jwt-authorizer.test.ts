// The local JWT authorizer decides as API Gateway's HTTP API JWT authorizer does.
import { createHmac } from 'node:crypto';
import { createLocalJWKSet, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
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

describe('tokens the authorizer refuses although they name the right issuer and audience', () => {
  const KID = 'lotse-key-1';
  let privateKey: Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;
  let publicPem: string;
  let checker: ReturnType<typeof createJwtAuthorizer>;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    checker = createJwtAuthorizer({ issuer: ISSUER, audiences: [AUDIENCE], keys: createLocalJWKSet({ keys: [jwk] }) });
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: AUDIENCE,
    client_id: AUDIENCE,
    scope: 'lotse/coordinator',
    iat: now(),
    exp: now() + 600,
    ...overrides,
  });
  const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signed = (header: Record<string, unknown>, payload: Record<string, unknown>) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', ...header }).sign(privateKey);

  it('accepts the well-formed token the cases below each break in one way', async () => {
    const token = await signed({ kid: KID }, claims());

    expect((await checker.authorize(`Bearer ${token}`, ['lotse/coordinator'])).allowed).toBe(true);
  });

  it('answers 401 for a token without kid, even signed with the right key', async () => {
    const token = await signed({}, claims());

    expect(await checker.authorize(`Bearer ${token}`, ['lotse/coordinator'])).toEqual({
      allowed: false,
      statusCode: 401,
      message: 'Unauthorized',
    });
  });

  it('answers 401 for an unsigned token (alg: none)', async () => {
    const token = `${encode({ alg: 'none', kid: KID, typ: 'JWT' })}.${encode(claims())}.`;

    expect(await checker.authorize(`Bearer ${token}`, [])).toMatchObject({ statusCode: 401 });
  });

  it("answers 401 for HS256 signed with the issuer's public key as the HMAC secret (key confusion)", async () => {
    const signingInput = `${encode({ alg: 'HS256', kid: KID, typ: 'JWT' })}.${encode(claims())}`;
    const tokens = [publicPem, publicPem.trim()].map(
      (secret) => `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`,
    );

    for (const token of tokens) {
      expect(await checker.authorize(`Bearer ${token}`, [])).toMatchObject({ statusCode: 401 });
    }
  });

  it('answers 401 for a token for another audience (neither aud nor client_id configured)', async () => {
    const token = await signed({ kid: KID }, claims({ aud: 'someone-else', client_id: 'someone-else' }));

    expect(await checker.authorize(`Bearer ${token}`, [])).toMatchObject({ statusCode: 401 });
  });

  it('answers 401 for a token that expired a minute ago', async () => {
    const token = await signed({ kid: KID }, claims({ iat: now() - 3600, exp: now() - 60 }));

    expect(await checker.authorize(`Bearer ${token}`, [])).toMatchObject({ statusCode: 401 });
  });
});
