// Middleware: the caller's Principal from the authorizer's JWT claims, restricted to the route's roles, and refused
// when its institution or office is no longer in the catalogue.
import type { MiddlewareObj } from '@middy/core';
import { assertOrganizationRegistered } from '#application/identity/known-organizations.ts';
import type { OrganizationDirectory } from '#application/ports.ts';
import type { Principal, Role } from '#domain/case.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';
import { requestState } from './http-event.ts';
import { type JwtClaims, principalFromClaims } from './principal.ts';

export interface PrincipalOptions {
  roles: readonly Role[];
  /**
   * Where a referrer's institution and an office's office are looked up: a principal whose organization is not there
   * (removed while its token is still valid) is refused with 403 before anything else. serveRoutes always gives it.
   */
  organizations?: OrganizationDirectory;
  /** Further checks of the principal before the body is read: throw to deny. */
  authorize?: (principal: Principal) => Promise<void> | void;
}

export function principalMiddleware(options: PrincipalOptions): MiddlewareObj<HttpEvent, HttpResult> {
  const { roles, organizations, authorize } = options;
  return {
    name: 'principal',
    before: async (request) => {
      const jwt = request.event.requestContext?.authorizer?.jwt;
      const principal = principalFromClaims(jwt?.claims as JwtClaims | undefined, roles, jwt?.scopes ?? []);
      if (organizations) await assertOrganizationRegistered(organizations, principal);
      requestState(request.event).principal = principal;
      if (authorize) await authorize(principal);
    },
  };
}
