// The headers every answer of the API carries, whatever produced it (a route's reply or a problem).
import { type RuntimeKind, runtimeKindOf } from '#runtime/config.ts';

/**
 * - `x-content-type-options: nosniff`: a browser never guesses another type than the one declared (a CSV or JSON
 *   body is never run as a script or rendered as HTML).
 * - `cache-control: no-store`: every answer of the API may hold personal data (a case, an export, a referral's
 *   milestones) or is tied to one caller's token, so no browser or intermediary keeps a copy. Only the gateway's
 *   public documents (`/health`, `/openapi.json`) may be cached; the functions never serve them.
 * - `strict-transport-security` in the cloud, where the API is served over HTTPS only (locally it is plain http).
 */
export function apiResponseHeaders(runtime: RuntimeKind): Readonly<Record<string, string>> {
  return {
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...(runtime === 'cloud' ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** The headers of this function instance's answers, from its runtime setting at cold start. */
export const API_RESPONSE_HEADERS = apiResponseHeaders(runtimeKindOf());
