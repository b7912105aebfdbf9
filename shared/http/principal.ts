// Derives the caller (Principal) from the JWT claims the HTTP API authorizer hands to the function.
import type { Principal, Role } from '#domain/case.ts';
import { Forbidden, Unauthorized } from '#domain/errors.ts';
import { scopeOf } from '#domain/identity.ts';

/** Claims as API Gateway passes them: strings, numbers, booleans, or string arrays (the latter as "[a b]"). */
export type JwtClaims = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/**
 * Scopes from the `scope` claim, in either form the authorizer produces: a space-separated string
 * ("lotse/referrer openid") or an array flattened to one string ("[lotse/referrer openid]").
 */
export function parseScopes(claim: JwtClaims[string]): string[] {
  if (claim === undefined) return [];
  if (Array.isArray(claim)) return claim.flatMap((entry) => parseScopes(entry));
  let text = String(claim).trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  return text.split(/[\s,]+/).filter((scope) => scope.length > 0);
}

function stringClaim(claims: JwtClaims, name: string): string | undefined {
  const value = claims[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/**
 * The principal for a route that admits `roles` (tried in the route's order). No claims at all: 401 (the request
 * did not pass an authorizer). A valid token without an admitted role scope, or a referrer/office token without its
 * binding claim (`institution_id` / `office_id`): 403.
 */
export function principalFromClaims(
  claims: JwtClaims | undefined,
  roles: readonly Role[],
  extraScopes: readonly string[] = [],
): Principal {
  if (!claims) throw new Unauthorized();
  const scopes = new Set([...parseScopes(claims.scope), ...extraScopes]);
  // A person's access token names the account (Cognito: `username`, the account id); a system's has none.
  const accountId = stringClaim(claims, 'username');
  const account = accountId !== undefined ? { accountId } : {};
  for (const role of roles) {
    if (!scopes.has(scopeOf(role))) continue;
    if (role === 'coordinator') return { role, ...account };
    if (role === 'referrer') {
      const institutionId = stringClaim(claims, 'institution_id');
      if (institutionId) return { role, institutionId, ...account };
    } else {
      const officeId = stringClaim(claims, 'office_id');
      if (officeId) return { role, officeId, ...account };
    }
  }
  throw new Forbidden();
}
