// Every route of every HTTP function, taken from the route table, refuses a referrer or office principal whose
// institution or office is not in the catalogue (403 `forbidden`, before the use case runs), asking the directory once
// per request; a coordinator costs no lookup at all.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrganizationDirectory, OrganizationKind } from '#application/ports.ts';
import type { Role } from '#domain/case.ts';
import { type RouteCall, serveRoutes } from '#http/http-handler.ts';
import { HTTP_FUNCTIONS, type HttpFunctionName, type RouteSpec, routeKeyOf, routeList } from '#http/routes.ts';
import { logger } from '#runtime/logger.ts';
import { httpEvent, lambdaContext } from './http-events.ts';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'lotse-test';
});

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

/** A directory that knows `known` (`<kind>:<id>`) and records every question. */
function directory(known: readonly string[]): OrganizationDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async isRegistered(kind: OrganizationKind, id: string) {
      asked.push(`${kind}:${id}`);
      return known.includes(`${kind}:${id}`);
    },
  };
}

const CLAIMS: Record<Role, (id: string) => Record<string, string>> = {
  referrer: (id) => ({ scope: 'lotse/referrer', institution_id: id }),
  office: (id) => ({ scope: 'lotse/office', office_id: id }),
  coordinator: () => ({ scope: 'lotse/coordinator' }),
};
const KIND: Record<Exclude<Role, 'coordinator'>, OrganizationKind> = { referrer: 'institution', office: 'office' };

/** The function's handler over the table's routes, each answering 200 through `call`. */
function serve(name: HttpFunctionName, organizations: OrganizationDirectory, call: RouteCall<never>) {
  const routes = routeList().filter((route) => route.function === name);
  const calls = Object.fromEntries(routes.map((route) => [route.id, call]));
  return serveRoutes(name, organizations, calls as never);
}

function request(route: RouteSpec, claims: Record<string, string>) {
  const pathParameters = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, 'x1']));
  return { ...httpEvent({ claims, pathParameters, body: '{}' }), routeKey: routeKeyOf(route) };
}

const tenantRoutes = routeList().flatMap((route) =>
  route.roles.flatMap((role) => (role === 'coordinator' ? [] : [{ key: routeKeyOf(route), route, role }])),
);

describe('the organization check on every route', () => {
  it('covers every HTTP function and both tenant roles (else the checks below would test little)', () => {
    expect(new Set(tenantRoutes.map(({ route }) => route.function))).toEqual(new Set(HTTP_FUNCTIONS));
    expect(new Set(tenantRoutes.map(({ role }) => role))).toEqual(new Set(['referrer', 'office']));
  });

  it.each(tenantRoutes)(
    '$key refuses a $role of a removed organization with 403 before the call',
    async ({ route, role }) => {
      const organizations = directory([]);
      const call = vi.fn(async () => ({ statusCode: 200 }));

      const response = await serve(
        route.function,
        organizations,
        call,
      )(request(route, CLAIMS[role]('weg')), lambdaContext);

      expect(response.statusCode).toBe(403);
      expect(JSON.parse(response.body ?? '{}')).toMatchObject({
        type: 'forbidden',
        detail: `The ${KIND[role]} of this token is not registered in the catalogue.`,
      });
      expect(call).not.toHaveBeenCalled();
      expect(organizations.asked).toEqual([`${KIND[role]}:weg`]);
    },
  );

  it.each(tenantRoutes)(
    '$key lets a $role of a registered organization past the check, asking once',
    async ({ route, role }) => {
      const organizations = directory([`${KIND[role]}:da`]);

      const response = await serve(route.function, organizations, async () => ({ statusCode: 200 }))(
        request(route, CLAIMS[role]('da')),
        lambdaContext,
      );

      expect(response.statusCode).not.toBe(403);
      expect(organizations.asked).toEqual([`${KIND[role]}:da`]);
    },
  );

  it.each(routeList().filter((route) => route.roles.includes('coordinator')))(
    '$method $path asks nothing for a coordinator',
    async (route) => {
      const organizations = directory([]);

      const response = await serve(route.function, organizations, async () => ({ statusCode: 200 }))(
        request(route, CLAIMS.coordinator('')),
        lambdaContext,
      );

      expect(response.statusCode).not.toBe(403);
      expect(organizations.asked).toEqual([]);
    },
  );
});
