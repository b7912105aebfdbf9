// The JWT authorizer of an HTTP API, reproduced: bearer token, signature, issuer, audience/client_id, time, scopes.
import { decodeProtectedHeader, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

export type AuthorizerConfig = {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly keys: JWTVerifyGetKey;
};

export type AuthorizerContext = {
  /** Every claim as API Gateway hands it on: strings only, arrays as "[a b]". */
  readonly claims: Record<string, string>;
  /** The token's scopes when the route requires scopes, else null (as API Gateway does). */
  readonly scopes: string[] | null;
};

export type AuthorizerDecision =
  | { readonly allowed: true; readonly context: AuthorizerContext }
  | { readonly allowed: false; readonly statusCode: 401 | 403; readonly message: 'Unauthorized' | 'Forbidden' };

const UNAUTHORIZED = { allowed: false, statusCode: 401, message: 'Unauthorized' } as const;
const FORBIDDEN = { allowed: false, statusCode: 403, message: 'Forbidden' } as const;

// API Gateway renders non-string claims the way Go prints them: lists as "[a b]", objects as "map[k:v]".
function goString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `map[${entries.map(([key, item]) => `${key}:${goString(item)}`).join(' ')}]`;
  }
  return String(value);
}

export function stringifyClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) claims[key] = goString(value);
  return claims;
}

function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter((scope) => scope.length > 0);
  if (Array.isArray(raw)) return raw.map(String);
  return [];
}

/** The token of an `Authorization` header value: with or without the `Bearer` prefix, as API Gateway accepts it. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const token = header.replace(/^bearer\s+/i, '').trim();
  return token.length > 0 ? token : undefined;
}

export function createJwtAuthorizer(config: AuthorizerConfig) {
  return {
    /** Decides on one request; `routeScopes` are the route's AuthorizationScopes (empty: any valid token). */
    async authorize(
      authorizationHeader: string | undefined,
      routeScopes: readonly string[],
      now: Date = new Date(),
    ): Promise<AuthorizerDecision> {
      const token = bearerToken(authorizationHeader);
      if (token === undefined) return UNAUTHORIZED;
      let payload: JWTPayload;
      try {
        // API Gateway picks the verification key by the token's kid and refuses a token without one; jose would try
        // the only key of a one-key set instead, so the header is checked first.
        const { kid } = decodeProtectedHeader(token);
        if (typeof kid !== 'string' || kid.length === 0) return UNAUTHORIZED;
        ({ payload } = await jwtVerify(token, config.keys, {
          issuer: config.issuer,
          algorithms: ['RS256', 'RS384', 'RS512'],
          requiredClaims: ['exp'],
          currentDate: now,
        }));
      } catch (error) {
        if (error instanceof errors.JOSEError || error instanceof TypeError) return UNAUTHORIZED;
        throw error;
      }
      // jose checks exp and nbf; API Gateway also rejects a token issued in the future.
      if (typeof payload.iat === 'number' && payload.iat > Math.floor(now.getTime() / 1000)) return UNAUTHORIZED;
      // Cognito access tokens carry client_id instead of aud: either one matching a configured audience is enough.
      const audiences = [...(Array.isArray(payload.aud) ? payload.aud : [payload.aud]), payload.client_id];
      if (!audiences.some((audience) => typeof audience === 'string' && config.audiences.includes(audience))) {
        return UNAUTHORIZED;
      }
      const tokenScopes = scopesOf(payload);
      if (routeScopes.length > 0 && !routeScopes.some((scope) => tokenScopes.includes(scope))) return FORBIDDEN;
      return {
        allowed: true,
        context: { claims: stringifyClaims(payload), scopes: routeScopes.length > 0 ? tokenScopes : null },
      };
    },
  };
}

export type JwtAuthorizer = ReturnType<typeof createJwtAuthorizer>;
