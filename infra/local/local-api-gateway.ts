// The part of API Gateway's v2 management API the functions call to keep the JWT authorizer's audience (the registered
// clients' ids): GetAuthorizer and UpdateAuthorizer, in the REST-JSON protocol, over the local authorizers. An update
// takes effect at once for the local gateway's JWT authorizers; the issuer stays the local issuer, as at start.
import { randomUUID } from 'node:crypto';
import { isRecord } from '#domain/json-value.ts';
import type { AuthorizerModel } from './app-model.ts';
import type { HttpResponse } from './http-api-event.ts';

/** One JWT authorizer as the management API shows it; `audiences` is what the local JWT authorizer checks. */
export type LocalAuthorizer = {
  readonly id: string;
  readonly apiId: string;
  readonly name: string;
  /** The issuer as the template (or the last update) names it; tokens are still checked against the local issuer. */
  issuer: string;
  audiences: readonly string[];
};

export function localAuthorizers(models: Iterable<AuthorizerModel>): Map<string, LocalAuthorizer> {
  return new Map(
    [...models].map((model) => [
      model.id,
      { id: model.id, apiId: model.apiId, name: model.name, issuer: model.issuer, audiences: [...model.audiences] },
    ]),
  );
}

function answer(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...headers },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** API Gateway's error answer: the exception's name in X-Amzn-ErrorType, the message in the body. */
function error(statusCode: 400 | 404, type: 'BadRequestException' | 'NotFoundException', message: string) {
  return answer(statusCode, { message }, { 'x-amzn-errortype': type });
}

function shape(authorizer: LocalAuthorizer) {
  return {
    authorizerId: authorizer.id,
    authorizerType: 'JWT',
    identitySource: ['$request.header.Authorization'],
    jwtConfiguration: { audience: [...authorizer.audiences], issuer: authorizer.issuer },
    name: authorizer.name,
  };
}

const AUTHORIZER_PATH = /^\/v2\/apis\/([^/]+)\/authorizers\/([^/]+)$/;

/** Answers one management API request; `path` is below the local endpoint's prefix (e.g. `/v2/apis/…`). */
export function handleApiGatewayRequest(
  authorizers: ReadonlyMap<string, LocalAuthorizer>,
  request: { readonly method: string; readonly path: string; readonly body: Buffer },
): HttpResponse {
  const match = AUTHORIZER_PATH.exec(request.path);
  if (match === null) return error(404, 'NotFoundException', `no local management operation at ${request.path}`);
  const [apiId, authorizerId] = [decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? '')];
  const authorizer = authorizers.get(authorizerId);
  if (authorizer === undefined || authorizer.apiId !== apiId) {
    return error(404, 'NotFoundException', 'Invalid Authorizer identifier specified');
  }
  if (request.method === 'GET') return answer(200, shape(authorizer));
  if (request.method !== 'PATCH') return error(404, 'NotFoundException', `no local operation ${request.method}`);
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return error(400, 'BadRequestException', 'the body is not JSON');
  }
  if (!isRecord(body)) return error(400, 'BadRequestException', 'the body must be a JSON object');
  const { jwtConfiguration, ...others } = body;
  const unsupported = Object.keys(others);
  if (unsupported.length > 0) {
    return error(400, 'BadRequestException', `only jwtConfiguration is updated locally, not ${unsupported.join(', ')}`);
  }
  if (jwtConfiguration === undefined) return answer(200, shape(authorizer));
  const { audience, issuer } = isRecord(jwtConfiguration) ? jwtConfiguration : { audience: null, issuer: null };
  if (
    (audience !== undefined && (!Array.isArray(audience) || !audience.every((id) => typeof id === 'string'))) ||
    (issuer !== undefined && typeof issuer !== 'string')
  ) {
    return error(400, 'BadRequestException', 'jwtConfiguration needs an audience list and an issuer string');
  }
  if (audience !== undefined) authorizer.audiences = [...audience];
  if (issuer !== undefined) authorizer.issuer = issuer;
  return answer(200, shape(authorizer));
}
