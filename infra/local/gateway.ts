// The local HTTP API: routes and JWT authorizer from the templates, payload 2.0 events to the functions, and the
// local-only operational endpoints (/health, /openapi.json, /_local/*: loopback callers only, see
// localControlPlaneRefusal).

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FunctionModel } from './app-model.ts';
import type { InvokeOutcome } from './function-pool.ts';
import {
  buildHttpApiEvent,
  type HttpResponse,
  INTERNAL_SERVER_ERROR,
  mapHttpApiResult,
  SERVICE_UNAVAILABLE,
} from './http-api-event.ts';
import type { JwtAuthorizer } from './jwt-authorizer.ts';
import { handleApiGatewayRequest, type LocalAuthorizer } from './local-api-gateway.ts';
import { COGNITO_CONTENT_TYPE, handleCognitoRequest } from './local-cognito-api.ts';
import { checkTokenRequest, type KnownPrincipals, type LocalIssuer } from './local-issuer.ts';
import type { LocalOAuth } from './local-oauth.ts';
import type { LocalUserPool } from './local-user-pool.ts';
import { listenOnLoopback } from './loopback-server.ts';
import type { createRouteMatcher } from './route-matcher.ts';
import type { WebAppServer } from './web-app.ts';

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export const FAULTS = ['die-before-send-message'] as const;
export type Fault = (typeof FAULTS)[number];

/** Where the functions' Cognito SDK clients are pointed (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER). */
export const COGNITO_PATH = '/_local/cognito-idp';

const isCognitoPath = (path: string) => path === COGNITO_PATH || path === `${COGNITO_PATH}/`;

/** Where the functions' API Gateway management SDK clients are pointed (AWS_ENDPOINT_URL_APIGATEWAYV2). */
export const API_GATEWAY_PATH = '/_local/apigateway';

/** The local stand-in for the user pool: its OAuth endpoints under /_local/issuer, its admin API, its outbox. */
export type LocalSignIn = {
  readonly pool: LocalUserPool;
  readonly oauth: LocalOAuth;
};

export type GatewayServices = {
  readonly matcher: ReturnType<typeof createRouteMatcher>;
  readonly authorizers: ReadonlyMap<string, JwtAuthorizer>;
  readonly functions: ReadonlyMap<string, FunctionModel>;
  readonly invoke: (functionName: string, event: unknown) => Promise<InvokeOutcome>;
  readonly issuer: LocalIssuer;
  /** Absent: the issuer serves its keys and a minimal discovery document only. */
  readonly signIn?: LocalSignIn;
  /** The JWT authorizers whose audiences the local management API reads and updates (absent: no such API). */
  readonly apiAuthorizers?: ReadonlyMap<string, LocalAuthorizer>;
  readonly known: KnownPrincipals;
  readonly resources: () => unknown;
  readonly armFault: (functionName: string, fault: Fault) => void;
  readonly clearFaults: () => void;
  readonly openApi: () => Promise<unknown>;
  /** Runs one TTL sweep with `now` as the clock; resolves to the number of items deleted. */
  readonly sweepTtl: (now: Date) => Promise<number>;
  readonly accountId: string;
  readonly log: (line: string) => void;
  /** The web app at `/` (absent: the gateway serves the API alone). */
  readonly webApp?: WebAppServer;
};

export type Gateway = {
  readonly url: string;
  readonly port: number;
  /** Hands the gateway what it serves; until then every request but /health is answered 503. */
  attach(services: GatewayServices): void;
  close(): Promise<void>;
};

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The `now` of a TTL sweep request: absent (the clock) or an RFC 3339 date-time; undefined when malformed. */
export function ttlSweepTime(value: unknown, clock: () => Date = () => new Date()): Date | undefined {
  if (value === undefined || value === null) return clock();
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const now = (value as { now?: unknown }).now;
  if (now === undefined) return clock();
  if (typeof now !== 'string' || !RFC_3339.test(now)) return undefined;
  const time = new Date(now);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: body.length === 0 ? undefined : (JSON.parse(body.toString('utf8')) as unknown) };
  } catch {
    return { ok: false };
  }
}

/** API Gateway's request ids look like `JKJaXmPLvHcESHA=`. */
function requestId(): string {
  return randomBytes(11).toString('base64');
}

function problem(status: number, type: string, title: string, detail: string): HttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json' },
    cookies: [],
    body: Buffer.from(JSON.stringify({ type, title, status, detail })),
  };
}

/** A `Host` header naming the loopback interface, with any port. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Why a request to the local control plane (`/_local/*`) is refused, or undefined when it may be answered. The
 * control plane mints tokens, invokes functions, arms faults and shows the webhook secrets, so a web page open in the
 * developer's browser must not reach it: it answers only requests addressed to a loopback name (`Host`: no DNS
 * rebinding) that carry no `Origin` but the gateway's own (`ownOrigin`, also spelled with another loopback name: no
 * cross-site fetch), and takes state changes (anything but GET and HEAD) only as `application/json` (the local
 * Cognito API: `application/x-amz-json-1.1`, as the AWS SDK sends it), which no HTML form can send (no cross-site
 * form post).
 */
export function localControlPlaneRefusal(
  request: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  ownOrigin: string,
): HttpResponse | undefined {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  if (path !== '/_local' && !path.startsWith('/_local/')) return undefined;
  // The issuer's own endpoints follow OAuth's rules instead: the browser sign-in posts a form from this origin, and
  // token requests come from other origins (a web app served elsewhere, a system's client).
  if (path.startsWith('/_local/issuer/')) return undefined;
  const host = request.headers.host ?? '';
  const origin = request.headers.origin;
  const own = new URL(ownOrigin);
  const ownPort = own.port === '' ? '' : `:${own.port}`;
  const ownOrigins = LOOPBACK_NAMES.map((name) => `${own.protocol}//${name}${ownPort}`);
  if (!LOOPBACK_HOST.test(host) || (origin !== undefined && !ownOrigins.includes(origin.toLowerCase()))) {
    return problem(
      403,
      'forbidden',
      'Forbidden',
      'the local control plane answers only loopback requests without a foreign Origin',
    );
  }
  const method = request.method ?? 'GET';
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const expected = isCognitoPath(path) ? COGNITO_CONTENT_TYPE : 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && mediaType !== expected) {
    return problem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `a state-changing request to ${isCognitoPath(path) ? path : 'the local control plane'} must be sent as ${expected}`,
    );
  }
  return undefined;
}

/**
 * An answer the gateway gives by itself on an API path (no route, a refused token, a body too large, a failed
 * function): never cached, as the functions' own answers (shared/http/response-headers.ts).
 */
function ownAnswer(result: HttpResponse): HttpResponse {
  return { ...result, headers: { ...result.headers, 'cache-control': 'no-store' } };
}

/** Every answer of the gateway, its own and the functions', declares its type for good: no sniffing. */
function send(response: ServerResponse, result: HttpResponse, id: string): void {
  const headers: Record<string, string | string[]> = {
    ...result.headers,
    'x-content-type-options': 'nosniff',
    'apigw-requestid': id,
  };
  if (result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  headers['content-length'] = String(result.body.length);
  response.writeHead(result.statusCode, headers);
  response.end(result.body);
}

export async function startGateway(port: number): Promise<Gateway> {
  let services: GatewayServices | undefined;
  // Set once the server listens, before it can take a request.
  let ownOrigin = 'http://127.0.0.1';

  async function local(request: IncomingMessage, path: string, body: Buffer, svc: GatewayServices) {
    const method = request.method ?? 'GET';
    if (method === 'GET' && path === '/openapi.json') return json(200, await svc.openApi());
    if (method === 'GET' && path === '/_local/resources') return json(200, svc.resources());
    if (svc.apiAuthorizers !== undefined && path.startsWith(`${API_GATEWAY_PATH}/`)) {
      return handleApiGatewayRequest(svc.apiAuthorizers, {
        method,
        path: path.slice(API_GATEWAY_PATH.length),
        body,
      });
    }
    const { signIn } = svc;
    if (signIn !== undefined) {
      const issuerPath = `${new URL(svc.issuer.issuer).pathname}/`;
      if (path.startsWith(issuerPath)) {
        const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
        const answer = await signIn.oauth.handle({
          method,
          path: path.slice(issuerPath.length - 1),
          query,
          headers: request.headers,
          body,
        });
        if (answer !== undefined) return answer;
      }
      if (isCognitoPath(path)) {
        const target = request.headers['x-amz-target'];
        return handleCognitoRequest(signIn.pool, {
          method,
          target: typeof target === 'string' ? target : undefined,
          body,
        });
      }
      // The invitations the pool would have mailed, oldest first.
      if (method === 'GET' && path === '/_local/mail') return json(200, { items: signIn.pool.outbox });
    }
    if (method === 'GET' && path === '/_local/issuer/.well-known/jwks.json') return json(200, svc.issuer.jwks);
    if (method === 'GET' && path === '/_local/issuer/.well-known/openid-configuration') {
      return json(200, { issuer: svc.issuer.issuer, jwks_uri: `${svc.issuer.issuer}/.well-known/jwks.json` });
    }
    if (method === 'POST' && path === '/_local/token') {
      const parsed = parseJson(body);
      if (!parsed.ok) return json(400, { message: 'body must be JSON' });
      const check = checkTokenRequest(parsed.value, svc.known);
      if (!check.ok) return json(400, { message: check.message });
      return json(200, await svc.issuer.mint(check.request, check.options), { 'cache-control': 'no-store' });
    }
    const invoke = /^\/_local\/functions\/([^/]+)\/invoke$/.exec(path);
    if (method === 'POST' && invoke !== null) {
      const name = decodeURIComponent(invoke[1] ?? '');
      if (!svc.functions.has(name)) return json(404, { message: `no function ${name}` });
      const parsed = parseJson(body);
      if (!parsed.ok) return json(400, { message: 'body (the event) must be JSON' });
      const outcome = await svc.invoke(name, parsed.value ?? {});
      if (outcome.ok) return json(200, outcome.result);
      // As Lambda's Invoke API reports a function error: the error document plus X-Amz-Function-Error.
      return json(
        200,
        { errorType: outcome.errorType, errorMessage: outcome.errorMessage },
        { 'x-amz-function-error': 'Unhandled' },
      );
    }
    if (method === 'POST' && path === '/_local/ttl') {
      const parsed = parseJson(body);
      const now = parsed.ok ? ttlSweepTime(parsed.value) : undefined;
      if (now === undefined) return json(400, { message: 'body must be empty or {"now": "<RFC 3339 date-time>"}' });
      return json(200, { deleted: await svc.sweepTtl(now) });
    }
    if (path === '/_local/faults' && method === 'DELETE') {
      svc.clearFaults();
      return json(200, { cleared: true });
    }
    if (path === '/_local/faults' && method === 'POST') {
      const parsed = parseJson(body);
      const value = parsed.ok ? (parsed.value as { function?: unknown; fault?: unknown } | undefined) : undefined;
      const functionName = typeof value?.function === 'string' ? value.function : undefined;
      const fault = FAULTS.find((known) => known === value?.fault);
      if (functionName === undefined || !svc.functions.has(functionName)) {
        return json(400, { message: `"function" must name one of: ${[...svc.functions.keys()].join(', ')}` });
      }
      if (fault === undefined) return json(400, { message: `"fault" must be one of: ${FAULTS.join(', ')}` });
      svc.armFault(functionName, fault);
      return json(201, { armed: { function: functionName, fault } });
    }
    return undefined;
  }

  async function api(
    request: IncomingMessage,
    url: string,
    path: string,
    body: Buffer,
    id: string,
    svc: GatewayServices,
  ) {
    const method = request.method ?? 'GET';
    const match = svc.matcher.match(method, path);
    if (match === undefined) return ownAnswer(json(404, { message: 'Not Found' }));
    const { route } = match;
    let authorizer: Parameters<typeof buildHttpApiEvent>[1]['authorizer'];
    if (route.authorization.type === 'JWT') {
      const jwt = svc.authorizers.get(route.authorization.authorizerId);
      if (jwt === undefined) return ownAnswer(INTERNAL_SERVER_ERROR);
      const decision = await jwt.authorize(request.headers.authorization, route.authorization.scopes);
      if (!decision.allowed) {
        return ownAnswer(json(decision.statusCode, { message: decision.message }));
      }
      authorizer = decision.context;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(request.headersDistinct)) if (values) headers[name] = values;
    const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    headers['x-forwarded-for'] ??= [sourceIp];
    headers['x-forwarded-proto'] ??= ['http'];
    headers['x-forwarded-port'] ??= [String(request.socket.localPort ?? '')];
    const event = buildHttpApiEvent(
      { method, url, headers, body, sourceIp, protocol: `HTTP/${request.httpVersion}` },
      {
        routeKey: route.routeKey,
        pathParameters: match.pathParameters,
        ...(authorizer === undefined ? {} : { authorizer }),
        requestId: id,
        now: new Date(),
        apiId: route.apiId,
        accountId: svc.accountId,
      },
    );
    const outcome = await svc.invoke(route.functionName, event);
    if (outcome.ok) return mapHttpApiResult(outcome.result);
    svc.log(`[gateway] ${route.routeKey} → ${route.functionName}: ${outcome.errorType}: ${outcome.errorMessage}`);
    // API Gateway answers a failed invocation — an error the function threw, its timeout, a runtime that died — with
    // its own 500 and nothing of the error: so does the local gateway, whatever the kind.
    return ownAnswer(INTERNAL_SERVER_ERROR);
  }

  const server: Server = createServer(async (request, response) => {
    const id = requestId();
    const url = request.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    try {
      if (request.method === 'GET' && path === '/health') {
        send(response, services ? json(200, { status: 'ok' }) : json(503, { status: 'starting' }), id);
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(request);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          send(response, ownAnswer(json(413, { message: 'Request Entity Too Large' })), id);
          return;
        }
        throw error;
      }
      // After the body is read: a refusal leaves the keep-alive connection usable.
      const refusal = localControlPlaneRefusal(request, ownOrigin);
      if (refusal !== undefined) {
        send(response, refusal, id);
        return;
      }
      const svc = services;
      if (svc === undefined) {
        send(response, ownAnswer(SERVICE_UNAVAILABLE), id);
        return;
      }
      const page = await svc.webApp?.handle({ method: request.method ?? 'GET', path, accept: request.headers.accept });
      const result = page ?? (await local(request, path, body, svc)) ?? (await api(request, url, path, body, id, svc));
      send(response, result, id);
    } catch (error) {
      services?.log(`[gateway] ${request.method} ${path}: ${String(error)}`);
      if (!response.headersSent) send(response, ownAnswer(INTERNAL_SERVER_ERROR), id);
      else response.end();
    }
  });
  server.keepAliveTimeout = 5000;
  const listening = await listenOnLoopback(server, port);
  ownOrigin = listening.url;
  return {
    url: listening.url,
    port: listening.port,
    attach(next) {
      services = next;
    },
    close: listening.close,
  };
}
