// API Gateway HTTP API (payload 2.0) events as the authorizer and gateway hand them to a function, built with the local
// runtime's own event builder, for the benchmarks that call handlers and bundles directly.
import { randomUUID } from 'node:crypto';
import { buildHttpApiEvent, type HttpApiEvent } from '#infra/local/http-api-event.ts';
import { LOCAL_ACCOUNT_ID } from '#infra/local/sqs-local.ts';

export type Caller =
  | { readonly role: 'referrer'; readonly institutionId: string }
  | { readonly role: 'office'; readonly officeId: string }
  | { readonly role: 'coordinator' };

/** The claims of a token from the local issuer (a Cognito access token's shape), as the JWT authorizer passes them. */
export function claimsOf(caller: Caller): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, string> = {
    client_id: 'lotse-bench',
    scope: `lotse/${caller.role}`,
    token_use: 'access',
    iss: 'http://127.0.0.1/_local/issuer',
    aud: 'lotse-bench',
    sub: caller.role,
    iat: String(now),
    exp: String(now + 3600),
    jti: randomUUID(),
  };
  if (caller.role === 'referrer') claims.institution_id = caller.institutionId;
  if (caller.role === 'office') claims.office_id = caller.officeId;
  return claims;
}

export function httpEvent(request: {
  readonly caller: Caller;
  /** `POST /v1/referrals`, with `{name}` placeholders as the route has them. */
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}): HttpApiEvent {
  const [method = 'GET', template = '/'] = request.routeKey.split(' ');
  const rawPath = template.replace(/\{(\w+)\}/g, (_, name: string) => request.pathParameters?.[name] ?? '');
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(request.body));
  const headers: Record<string, string[]> = {
    host: ['api.lotse.example'],
    'user-agent': ['lotse-bench'],
    authorization: ['Bearer (verified by the authorizer)'],
    ...(body.length > 0 ? { 'content-type': ['application/json'], 'content-length': [String(body.length)] } : {}),
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name] = [value];
  const claims = claimsOf(request.caller);
  return buildHttpApiEvent(
    {
      method,
      url: request.query === undefined ? rawPath : `${rawPath}?${request.query}`,
      headers,
      body,
      sourceIp: '127.0.0.1',
    },
    {
      routeKey: request.routeKey,
      pathParameters: request.pathParameters ?? {},
      authorizer: { claims, scopes: [claims.scope ?? ''] },
      requestId: randomUUID(),
      now: new Date(),
      apiId: 'bench',
      accountId: LOCAL_ACCOUNT_ID,
    },
  );
}
