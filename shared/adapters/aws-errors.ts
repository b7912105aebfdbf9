// Classifies AWS SDK failures: temporary ones become TemporaryFailure (→ 503 + Retry-After), others pass through.

import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ReplicatedWriteConflictException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
  TransactionInProgressException,
} from '@aws-sdk/client-dynamodb';
import { KmsThrottled, RequestThrottled } from '@aws-sdk/client-sqs';
import { DomainError, TemporaryFailure } from '#domain/errors.ts';

// Cancellation reason codes of a transaction that may succeed when simply tried again.
const TEMPORARY_CANCELLATION_CODES = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

// Node/undici/SDK transport failures: the request may not have reached AWS at all.
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const NETWORK_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'NetworkingError']);

/** The cancellation reason codes of a cancelled transaction, in the order of its items ('None' = no problem). */
export function cancellationCodes(error: TransactionCanceledException): string[] {
  return (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
}

/** True when retrying the same request later may succeed: throttling, AWS 5xx, transaction conflicts, network. */
export function isTemporaryAwsFailure(error: unknown): boolean {
  if (
    error instanceof ProvisionedThroughputExceededException ||
    error instanceof RequestLimitExceeded ||
    error instanceof ThrottlingException ||
    error instanceof InternalServerError ||
    error instanceof TransactionConflictException ||
    error instanceof TransactionInProgressException ||
    error instanceof ReplicatedWriteConflictException ||
    error instanceof RequestThrottled ||
    error instanceof KmsThrottled
  ) {
    return true;
  }
  if (error instanceof TransactionCanceledException) {
    const codes = cancellationCodes(error);
    return codes.some((code) => TEMPORARY_CANCELLATION_CODES.has(code)) && !codes.includes('ConditionalCheckFailed');
  }
  if (isServiceException(error) && THROTTLING_OR_FAULT_NAMES.has(error.name)) return true;
  if (isServiceException(error)) {
    const status = error.$metadata?.httpStatusCode ?? 0;
    return error.$fault === 'server' || status >= 500 || status === 429 || error.$retryable !== undefined;
  }
  return isNetworkFailure(error);
}

// Names other services' SDK clients give throttling and their own faults (Cognito answers TooManyRequestsException
// with HTTP 400, API Gateway with 429), matched by name so that no client has to be bundled into every function.
const THROTTLING_OR_FAULT_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'LimitExceededException',
  'InternalErrorException',
  'InternalServerErrorException',
  'ServiceUnavailableException',
]);

/** Any AWS SDK v3 service exception: it carries the response's metadata and who is at fault. */
function isServiceException(error: unknown): error is Error & {
  $fault: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
} {
  return error instanceof Error && '$fault' in error && '$metadata' in error;
}

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  if (NETWORK_ERROR_NAMES.has(error.name)) return true;
  return error.cause !== undefined && error.cause !== error && isNetworkFailure(error.cause);
}

/**
 * What an adapter rethrows for a failed AWS call: domain errors unchanged, temporary failures as TemporaryFailure
 * (keeping the SDK error as `cause` for the log, never for the response), anything else unchanged (→ generic 500).
 */
export function translateAwsError(error: unknown, operation: string): unknown {
  if (error instanceof DomainError) return error;
  if (isTemporaryAwsFailure(error)) return new TemporaryFailure(`${operation} failed temporarily`, { cause: error });
  return error;
}
