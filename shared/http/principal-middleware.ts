// Middleware: the caller's Principal from the authorizer's JWT claims, restricted to the route's roles.
import type { MiddlewareObj } from '@middy/core';
import type { Principal, Role } from '#domain/case.ts';
import type { HttpEvent, HttpResult } from './http-event.ts';
import { requestState } from './http-event.ts';
import { type JwtClaims, principalFromClaims } from './principal.ts';

export interface PrincipalOptions {
  roles: readonly Role[];
  /** Further checks of the principal before the body is read (e.g. the institution is registered): throw to deny. */
  authorize?: (principal: Principal) => Promise<void> | void;
}

export function principalMiddleware(options: PrincipalOptions): MiddlewareObj<HttpEvent, HttpResult> {
  const { roles, authorize } = options;
  return {
    name: 'principal',
    before: async (request) => {
      const jwt = request.event.requestContext?.authorizer?.jwt;
      const principal = principalFromClaims(jwt?.claims as JwtClaims | undefined, roles, jwt?.scopes ?? []);
      requestState(request.event).principal = principal;
      if (authorize) await authorize(principal);
    },
  };
}
