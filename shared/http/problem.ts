// THE one mapping from errors to RFC 9457 problem+json responses (status, type slug from API.md, safe detail).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ChildProtectionConcern,
  ConsentRequired,
  DomainError,
  Forbidden,
  IdempotencyInFlight,
  IdempotencyKeyReused,
  ImportRejected,
  MalformedJson,
  NotFound,
  OutsideServiceArea,
  PayloadTooLarge,
  PreconditionRequired,
  ResourceConflict,
  TemporaryFailure,
  TransitionNotAllowed,
  Unauthorized,
  UnknownOrganization,
  UnsupportedMediaType,
  ValidationFailed,
  VersionConflict,
} from '#domain/errors.ts';
import type { FieldError } from '#domain/zod-issues.ts';
import { API_RESPONSE_HEADERS } from './response-headers.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Seconds a client should wait after a 503 before retrying the same request (same Idempotency-Key). */
export const RETRY_AFTER_SECONDS = 2;

export const PROBLEM_TYPES = [
  'validation',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'precondition-failed',
  'payload-too-large',
  'unsupported-media-type',
  'idempotency-key-reused',
  'consent-required',
  'child-protection',
  'outside-service-area',
  'unknown-organization',
  'unavailable',
  'internal',
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

export interface Problem {
  type: ProblemType;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** A rejected catalogue import: the whole report (created/updated/unchanged empty, every rejection listed). */
  import?: unknown;
}

function problem(type: ProblemType, status: number, title: string, detail: string, errors?: FieldError[]): Problem {
  return errors ? { type, title, status, detail, errors } : { type, title, status, detail };
}

/**
 * Maps an error to its problem. Details of 4xx come from our own domain errors (which carry no personal data);
 * 5xx details are fixed texts, so no stack, SDK message or payload ever reaches a client.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    if (error instanceof ValidationFailed)
      return problem('validation', 400, 'Invalid request', error.message, error.errors);
    if (error instanceof MalformedJson)
      return problem('validation', 400, 'Invalid request', error.message, [
        { path: '', message: 'is not well-formed JSON' },
      ]);
    if (error instanceof Unauthorized) return problem('unauthorized', 401, 'Unauthorized', error.message);
    if (error instanceof Forbidden) return problem('forbidden', 403, 'Forbidden', error.message);
    if (error instanceof NotFound) return problem('not-found', 404, 'Not found', error.message);
    if (error instanceof IdempotencyInFlight) return problem('conflict', 409, 'Conflict', error.message);
    if (error instanceof ResourceConflict) return problem('conflict', 409, 'Conflict', error.message);
    if (error instanceof ImportRejected)
      return { ...problem('validation', 422, 'Import rejected', error.message), import: error.report };
    if (error instanceof TransitionNotAllowed) return problem('conflict', 409, 'Conflict', error.message);
    if (error instanceof VersionConflict)
      return problem('precondition-failed', 412, 'Precondition failed', error.message);
    if (error instanceof PreconditionRequired)
      return problem('precondition-failed', 428, 'Precondition required', error.message);
    if (error instanceof PayloadTooLarge) return problem('payload-too-large', 413, 'Payload too large', error.message);
    if (error instanceof UnsupportedMediaType)
      return problem('unsupported-media-type', 415, 'Unsupported media type', error.message);
    if (error instanceof IdempotencyKeyReused)
      return problem('idempotency-key-reused', 422, 'Idempotency-Key reused', error.message);
    if (error instanceof ConsentRequired) return problem('consent-required', 422, 'Consent required', error.message);
    if (error instanceof ChildProtectionConcern)
      return problem('child-protection', 422, 'Child protection: contact the Jugendamt', error.message);
    if (error instanceof UnknownOrganization)
      return problem('unknown-organization', 422, 'Unknown organization', error.message);
    if (error instanceof OutsideServiceArea)
      return problem('outside-service-area', 422, 'Outside the service area', error.message);
    if (error instanceof TemporaryFailure)
      return problem(
        'unavailable',
        503,
        'Temporarily unavailable',
        'The service is temporarily unavailable; retry later.',
      );
  }
  return problem('internal', 500, 'Internal error', 'An unexpected error occurred. It has been logged.');
}

/**
 * An error that no problem describes: not one of our domain errors (a bug, an unclassified SDK failure). The HTTP
 * handlers let it fail the invocation (problem-details.ts); `toProblem` still maps it to a generic 500 for callers that
 * must answer something themselves.
 */
export function isUnexpected(error: unknown): boolean {
  return toProblem(error).type === 'internal';
}

/** The HTTP response of a problem. */
export function problemResponse(value: Problem): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...API_RESPONSE_HEADERS, 'content-type': PROBLEM_CONTENT_TYPE };
  if (value.status === 503) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  return { statusCode: value.status, headers, body: JSON.stringify(value) };
}
