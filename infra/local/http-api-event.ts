// API Gateway HTTP API payload format 2.0: the event a Lambda proxy integration receives, and its response mapping.
import { isRecord } from '#domain/json-value.ts';
import type { AuthorizerContext } from './jwt-authorizer.ts';

export type HttpApiEvent = {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    authorizer?: { jwt: { claims: Record<string, string>; scopes: string[] | null } };
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
};

export type IncomingHttpRequest = {
  readonly method: string;
  /** Path and query exactly as sent (`/v1/x?a=1`). */
  readonly url: string;
  /** Header name → every value (names in any case). */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly protocol?: string;
};

export type EventContext = {
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
  readonly authorizer?: AuthorizerContext;
  readonly requestId: string;
  readonly now: Date;
  readonly apiId: string;
  readonly accountId: string;
};

// Bodies of these media types reach the function as text; anything else is base64-encoded.
const TEXT_MEDIA_TYPE = /^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript)\b)/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time` as API Gateway writes it: `12/Mar/2020:19:03:58 +0000`. */
export function requestTime(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:${pad(now.getUTCHours())}:${pad(
    now.getUTCMinutes(),
  )}:${pad(now.getUTCSeconds())} +0000`;
}

export function buildHttpApiEvent(request: IncomingHttpRequest, context: EventContext): HttpApiEvent {
  const queryIndex = request.url.indexOf('?');
  const rawPath = queryIndex === -1 ? request.url : request.url.slice(0, queryIndex);
  const rawQueryString = queryIndex === -1 ? '' : request.url.slice(queryIndex + 1);

  // Repeated headers and query parameters are joined with commas; cookies move to their own list.
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      cookies = values.flatMap((value) => value.split(';').map((cookie) => cookie.trim())).filter((c) => c !== '');
      continue;
    }
    headers[lower] = headers[lower] === undefined ? values.join(',') : `${headers[lower]},${values.join(',')}`;
  }
  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString !== '') {
    queryStringParameters = {};
    for (const [key, value] of new URLSearchParams(rawQueryString)) {
      const previous = queryStringParameters[key];
      queryStringParameters[key] = previous === undefined ? value : `${previous},${value}`;
    }
  }

  const domainName = headers.host ?? 'localhost';
  const contentType = headers['content-type'] ?? '';
  const hasBody = request.body.length > 0;
  const isText = TEXT_MEDIA_TYPE.test(contentType);
  return {
    version: '2.0',
    routeKey: context.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies === undefined ? {} : { cookies }),
    headers,
    ...(queryStringParameters === undefined ? {} : { queryStringParameters }),
    ...(Object.keys(context.pathParameters).length === 0 ? {} : { pathParameters: context.pathParameters }),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...(context.authorizer === undefined
        ? {}
        : { authorizer: { jwt: { claims: context.authorizer.claims, scopes: context.authorizer.scopes } } }),
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: request.protocol ?? 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: context.routeKey,
      stage: '$default',
      time: requestTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
  };
}

export type HttpResponse = {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: string[];
  readonly body: Buffer;
};

function jsonResponse(statusCode: number, body: unknown): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** What API Gateway answers when the integration's response cannot be mapped or the function failed. */
export const INTERNAL_SERVER_ERROR = jsonResponse(500, { message: 'Internal Server Error' });
export const SERVICE_UNAVAILABLE = jsonResponse(503, { message: 'Service Unavailable' });

/**
 * Maps a function's result: an object with `statusCode` is a structured response; anything else is "inferred"
 * (status 200, JSON content type, the result as body — a string as-is, any other value as JSON).
 */
export function mapHttpApiResult(result: unknown): HttpResponse {
  if (isRecord(result) && 'statusCode' in result) {
    const statusCode = Number(result.statusCode);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return INTERNAL_SERVER_ERROR;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(isRecord(result.headers) ? result.headers : {})) {
      if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
    }
    headers['content-type'] ??= 'application/json';
    const cookies = Array.isArray(result.cookies) ? result.cookies.map(String) : [];
    let body: Buffer;
    if (result.body === undefined || result.body === null) body = Buffer.alloc(0);
    else if (typeof result.body !== 'string') return INTERNAL_SERVER_ERROR;
    else body = result.isBase64Encoded === true ? Buffer.from(result.body, 'base64') : Buffer.from(result.body);
    return { statusCode, headers, cookies, body };
  }
  if (result === undefined)
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.alloc(0) };
  const text = typeof result === 'string' ? result : JSON.stringify(result);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(text) };
}
