// Serves the routes of the route table: one middy stack per route, built from its entry, around the use-case call that
// the function's handler module supplies.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import type { Checked } from '#application/checked.ts';
import type { OrganizationDirectory } from '#application/ports.ts';
import type { PrincipalOf } from '#domain/case.ts';
import { NotFound } from '#domain/errors.ts';
import { withLambdaObservability } from '#runtime/lambda-middlewares.ts';
import { negotiateMediaType } from './content-negotiation.ts';
import { type HttpEvent, type HttpResult, header } from './http-event.ts';
import { jsonBody, readJsonBody } from './json-body.ts';
import { type PrincipalOptions, principalMiddleware } from './principal-middleware.ts';
import { problemResponse, toProblem } from './problem.ts';
import { problemDetails } from './problem-details.ts';
import { requestLogging } from './request-logging.ts';
import { checkLater, requestValidation } from './request-validation.ts';
import { API_RESPONSE_HEADERS } from './response-headers.ts';
import {
  type Built,
  bodySchemaOf,
  type HttpFunctionName,
  ROUTES,
  type RouteIdOf,
  type RouteSpec,
  type Routes,
  routeKeyOf,
  schemaOf,
} from './routes.ts';

/** What a handler needs of a route: the route table's entry, or a hand-made one in tests. */
export type HandlerSpec = Pick<RouteSpec, 'roles' | 'params' | 'query' | 'headers'> & {
  readonly body?: Partial<NonNullable<RouteSpec['body']>>;
};

type RawParameters = Record<string, string | undefined>;

type BodyOf<B> = B extends { checkedBy: 'after-lookup'; schema: infer L }
  ? Checked<z.output<Built<L> & z.ZodType>>
  : B extends { checkedBy: 'use-case' }
    ? unknown
    : B extends { schema: infer L }
      ? z.output<Built<L> & z.ZodType>
      : B extends object
        ? unknown
        : undefined;

/** The request as the use-case call sees it: every part parsed into the types of the route's schemas. */
export interface HttpRequest<R extends HandlerSpec> {
  principal: PrincipalOf<R['roles'][number]>;
  params: Built<R['params']> extends z.ZodObject ? z.output<Built<R['params']>> : RawParameters;
  query: Built<R['query']> extends z.ZodObject ? z.output<Built<R['query']>> : RawParameters;
  headers: R['headers'] extends { schema: infer L } ? z.output<Built<L> & z.ZodObject> : RawParameters;
  body: BodyOf<R['body']>;
  /**
   * Which of the offered media types to answer with (the first is the default): the one the `Accept` header weighs
   * highest, by its q-values and wildcards (RFC 9110 §12.5.1).
   */
  negotiate<T extends string>(offered: readonly [T, ...T[]]): T;
}

export interface HttpReply {
  statusCode: number;
  body?: unknown;
  /** A body sent as it is instead of JSON (e.g. CSV); `headers` then names its content-type. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** The reply as the function answers it, with the headers every API answer carries (response-headers.ts). */
export function jsonResponse(reply: HttpReply): HttpResult {
  const headers: Record<string, string> = { ...reply.headers, ...API_RESPONSE_HEADERS };
  if (reply.rawBody !== undefined) return { statusCode: reply.statusCode, headers, body: reply.rawBody };
  if (reply.body === undefined) return { statusCode: reply.statusCode, headers };
  headers['content-type'] = 'application/json';
  return { statusCode: reply.statusCode, headers, body: JSON.stringify(reply.body) };
}

export type HttpFunction = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export type RouteCall<R extends HandlerSpec> = (request: HttpRequest<R>) => Promise<HttpReply>;

/**
 * The handler of one route. Order (before): logging → principal (401/403; 403 also when its institution or office
 * is not in `organizations`; then `authorize`) → JSON body
 * (413/415/400) → path parameters (404) → query and headers (400) → body (400) → the call. A body checked
 * `after-lookup` is read and checked last and handed on as its verdict. On error, problemDetails (used last, so its
 * onError runs first) maps the error.
 */
export function createHttpHandler<R extends HandlerSpec>(
  route: R & Pick<PrincipalOptions, 'authorize' | 'organizations'>,
  call: RouteCall<R>,
): HttpFunction {
  const checkedBy = route.body?.checkedBy ?? 'route';
  const stack = middy<HttpEvent, HttpResult>().use(requestLogging()).use(principalMiddleware(route));
  if (route.body && checkedBy !== 'after-lookup') stack.use(jsonBody(route.body.maxBytes));
  stack.use(
    requestValidation({
      params: schemaOf(route.params),
      query: schemaOf(route.query),
      headers: schemaOf(route.headers?.schema),
      body: checkedBy === 'route' && route.body ? bodySchemaOf(route.body) : undefined,
    }),
  );
  stack.use(problemDetails());
  return stack.handler(async (event: HttpEvent) => {
    const state = event.lotse;
    if (!state?.principal) throw new Error('principal middleware did not run');
    const request = {
      principal: state.principal,
      params: state.params ?? { ...event.pathParameters },
      query: state.query ?? { ...event.queryStringParameters },
      headers: state.headers ?? { ...event.headers },
      body:
        checkedBy === 'after-lookup'
          ? checkLater(route.body && bodySchemaOf(route.body), () => readJsonBody(event, route.body?.maxBytes))
          : state.body,
      negotiate: <T extends string>(offered: readonly [T, ...T[]]) =>
        negotiateMediaType(header(event, 'accept'), offered),
    } as HttpRequest<R>;
    return jsonResponse(await call(request));
  });
}

/**
 * One function serving several routes: picks the handler by the route key of the HTTP API route
 * (`POST /v1/cases/{caseId}/accept`). A route key without a handler (a deployment mismatch) answers 404.
 */
export function routeByKey(routes: Readonly<Record<string, HttpFunction>>): HttpFunction {
  return async (event, context) => {
    const route = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
    if (!route) return problemResponse(toProblem(new NotFound('route')));
    return route(event, context);
  };
}

/**
 * The handler of function `name`: every route the table gives it, each served by its use-case call, behind the
 * Powertools middlewares (request id and cold-start flag on every log line, ColdStart metric, one metrics flush per
 * invocation). Each route's stack is built on its first request, so a cold start pays only for the route it serves.
 */
export function serveRoutes<F extends HttpFunctionName>(
  name: F,
  /** Every route refuses a referrer or office whose institution or office is not here (403), before anything else. */
  organizations: OrganizationDirectory,
  calls: { [K in RouteIdOf<F>]: RouteCall<Routes[K]> },
): HttpFunction {
  const built = new Map<string, HttpFunction>();
  const byKey: Record<string, HttpFunction> = {};
  for (const id of Object.keys(calls) as RouteIdOf<F>[]) {
    const route: RouteSpec = ROUTES[id];
    if (route.function !== name) throw new Error(`route ${id} is served by ${route.function}, not ${name}`);
    const key = routeKeyOf(route);
    byKey[key] = (event, context) => {
      let handler = built.get(key);
      if (!handler) {
        const call = calls[id] as unknown as RouteCall<HandlerSpec>;
        handler = createHttpHandler({ ...route, organizations }, call);
        built.set(key, handler);
      }
      return handler(event, context);
    };
  }
  return withLambdaObservability(routeByKey(byKey)) as HttpFunction;
}
