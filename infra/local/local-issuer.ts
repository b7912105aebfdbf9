// The local token issuer: an RS256 key pair made at start, the token request rules of POST /_local/token, minting (the
// test tokens of /_local/token, and the access and ID tokens the local sign-in issues as Cognito shapes them).
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type JWTVerifyGetKey, SignJWT } from 'jose';
import { isRecord } from '#domain/json-value.ts';

export type TokenRequest =
  | { readonly role: 'referrer'; readonly institutionId: string }
  | { readonly role: 'office'; readonly officeId: string }
  | { readonly role: 'coordinator' };

/** Options a test may add to a token request. */
export type TokenOptions = { readonly expiresInSeconds?: number };

export type TokenRequestCheck =
  | { readonly ok: true; readonly request: TokenRequest; readonly options: TokenOptions }
  | { readonly ok: false; readonly message: string };

/** The ids the token endpoint accepts (a token for an unknown institution or office would be a useless token). */
export type KnownPrincipals = { readonly institutionIds: ReadonlySet<string>; readonly officeIds: ReadonlySet<string> };

const MAX_EXPIRES_IN = 24 * 3600;

/**
 * Validates a token request body. `allowUnregistered: true` lets a test obtain a token for an id the catalogue
 * does not know (to prove the API rejects it); `expiresInSeconds` shortens or lengthens the 1 h default.
 */
export function checkTokenRequest(body: unknown, known: KnownPrincipals): TokenRequestCheck {
  if (!isRecord(body)) return { ok: false, message: 'body must be a JSON object' };
  const { role, institutionId, officeId, allowUnregistered, expiresInSeconds, ...rest } = body;
  const unknownFields = Object.keys(rest);
  if (unknownFields.length > 0) return { ok: false, message: `unknown field(s): ${unknownFields.join(', ')}` };
  if (allowUnregistered !== undefined && typeof allowUnregistered !== 'boolean') {
    return { ok: false, message: 'allowUnregistered must be a boolean' };
  }
  if (
    expiresInSeconds !== undefined &&
    (typeof expiresInSeconds !== 'number' ||
      !Number.isInteger(expiresInSeconds) ||
      expiresInSeconds < 1 ||
      expiresInSeconds > MAX_EXPIRES_IN)
  ) {
    return { ok: false, message: `expiresInSeconds must be an integer from 1 to ${MAX_EXPIRES_IN}` };
  }
  const options: TokenOptions = expiresInSeconds === undefined ? {} : { expiresInSeconds };
  const id = (value: unknown, field: string, ids: ReadonlySet<string>, kind: string) => {
    if (typeof value !== 'string' || value.length === 0)
      return `${field} (a non-empty string) is required for role ${role}`;
    if (allowUnregistered !== true && !ids.has(value)) return `${kind} "${value}" is not in the catalogue`;
    return undefined;
  };
  switch (role) {
    case 'referrer': {
      if (officeId !== undefined) return { ok: false, message: 'officeId is not allowed for role referrer' };
      const problem = id(institutionId, 'institutionId', known.institutionIds, 'institution');
      if (problem !== undefined) return { ok: false, message: problem };
      return { ok: true, request: { role, institutionId: String(institutionId) }, options };
    }
    case 'office': {
      if (institutionId !== undefined) return { ok: false, message: 'institutionId is not allowed for role office' };
      const problem = id(officeId, 'officeId', known.officeIds, 'office');
      if (problem !== undefined) return { ok: false, message: problem };
      return { ok: true, request: { role, officeId: String(officeId) }, options };
    }
    case 'coordinator':
      if (institutionId !== undefined || officeId !== undefined) {
        return { ok: false, message: 'role coordinator takes neither institutionId nor officeId' };
      }
      return { ok: true, request: { role }, options };
    default:
      return { ok: false, message: 'role must be one of "referrer", "office", "coordinator"' };
  }
}

/** An access token as Cognito issues it: no `aud`, the app client in `client_id`, the scopes in `scope`. */
export type AccessTokenInput = {
  /** A person's `sub` attribute, or the client id for a client-credentials token. */
  readonly subject: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** Added by the token trigger; never replaces a claim set here. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** A person's user name (absent for a client). */
  readonly username?: string;
  /** A person's groups (`cognito:groups`, left out when empty). */
  readonly groups?: readonly string[];
  /** When the person entered the password, or the client authenticated (seconds). */
  readonly authTime: number;
  readonly expiresInSeconds: number;
};

/** A person's ID token: `aud` is the app client; the claims are the user's attributes (as the trigger left them). */
export type IdTokenInput = {
  readonly subject: string;
  readonly clientId: string;
  readonly username: string;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly groups?: readonly string[];
  readonly authTime: number;
  readonly expiresInSeconds: number;
};

export type LocalIssuer = {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: JWTVerifyGetKey;
  readonly jwks: { keys: JWK[] };
  mint(
    request: TokenRequest,
    options?: TokenOptions,
  ): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }>;
  mintAccessToken(input: AccessTokenInput): Promise<string>;
  mintIdToken(input: IdTokenInput): Promise<string>;
};

/** Makes a fresh key pair; tokens carry both `aud` and `client_id` (= `audience`), like Cognito's plus a standard aud. */
export async function createLocalIssuer(issuer: string, audience: string): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jwks = { keys: [publicJwk] };
  /** Signs `claims` with the registered claims set last, so that nothing in `claims` can replace them. */
  const sign = (claims: Record<string, unknown>, subject: string, issuedAt: number, expiresInSeconds: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + expiresInSeconds)
      .setJti(randomUUID())
      .sign(privateKey);
  const groupsClaim = (groups: readonly string[] | undefined) =>
    groups === undefined || groups.length === 0 ? {} : { 'cognito:groups': [...groups] };
  return {
    issuer,
    audience,
    keys: createLocalJWKSet(jwks),
    jwks,
    async mint(request, options = {}) {
      const expiresIn = options.expiresInSeconds ?? 3600;
      const subject =
        request.role === 'referrer'
          ? `referrer-${request.institutionId}`
          : request.role === 'office'
            ? `office-${request.officeId}`
            : 'coordinator';
      const claims: Record<string, string> = {
        client_id: audience,
        scope: `lotse/${request.role}`,
        token_use: 'access',
      };
      if (request.role === 'referrer') claims.institution_id = request.institutionId;
      if (request.role === 'office') claims.office_id = request.officeId;
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(subject)
        .setIssuedAt(now)
        .setExpirationTime(now + expiresIn)
        .setJti(randomUUID())
        .sign(privateKey);
      return { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
    },
    mintAccessToken(input) {
      const now = Math.floor(Date.now() / 1000);
      return sign(
        {
          ...input.claims,
          ...groupsClaim(input.groups),
          version: 2,
          client_id: input.clientId,
          token_use: 'access',
          scope: input.scopes.join(' '),
          auth_time: input.authTime,
          ...(input.username === undefined ? {} : { username: input.username }),
        },
        input.subject,
        now,
        input.expiresInSeconds,
      );
    },
    mintIdToken(input) {
      const now = Math.floor(Date.now() / 1000);
      return sign(
        {
          ...input.claims,
          ...groupsClaim(input.groups),
          aud: input.clientId,
          token_use: 'id',
          'cognito:username': input.username,
          auth_time: input.authTime,
        },
        input.subject,
        now,
        input.expiresInSeconds,
      );
    },
  };
}
