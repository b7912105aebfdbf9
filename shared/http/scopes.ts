// The OAuth scopes of the API: one per role, on the user pool's resource server `lotse`.
import type { Role } from '#domain/case.ts';

export const RESOURCE_SERVER_ID = 'lotse';

/** The scope string as it appears in an access token's `scope` claim, e.g. `lotse/referrer`. */
export function scopeOf(role: Role): string {
  return `${RESOURCE_SERVER_ID}/${role}`;
}
