// Domain error classes: what went wrong in domain terms, without any HTTP knowledge (one mapper turns them into HTTP).
import type { CaseStatus } from './codes.ts';
import type { CaseAction } from './state-machine.ts';
import type { FieldError } from './zod-issues.ts';

type Options = { cause?: unknown };

/** Base class; `instanceof DomainError` tells expected failures from bugs. Messages never carry personal data. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(message: string, options?: Options) {
    super(message, options);
  }
}

/** The request (body, header or parameter) broke field rules; `errors` has one entry per violated field. */
export class ValidationFailed extends DomainError {
  override name = 'ValidationFailed';
  readonly errors: FieldError[];
  constructor(errors: FieldError[], options?: Options) {
    super(`The request is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}).`, options);
    this.errors = errors;
  }
}

/** The consent lacks the `office` scope: nothing can be routed without it. */
export class ConsentRequired extends DomainError {
  override name = 'ConsentRequired';
  constructor(options?: Options) {
    super('The consent must include the scope "office": without it the referral cannot be routed.', options);
  }
}

/** The referrer declared signs of child endangerment: not a prevention referral; the Jugendamt route applies. */
export class ChildProtectionConcern extends DomainError {
  override name = 'ChildProtectionConcern';
  /** The municipality's configured child-protection contact (Jugendamt / ASD), shown to the referrer. */
  readonly contact: string;
  constructor(contact: string, options?: Options) {
    super(
      `A suspected endangerment of a child's welfare is not a prevention referral. Please contact: ${contact}`,
      options,
    );
    this.contact = contact;
  }
}

/** The postal code belongs to no district of this municipality. */
export class OutsideServiceArea extends DomainError {
  override name = 'OutsideServiceArea';
  constructor(options?: Options) {
    super('The postal code does not belong to any district of this municipality.', options);
  }
}

/** The same Idempotency-Key was used before by this institution with a different body. */
export class IdempotencyKeyReused extends DomainError {
  override name = 'IdempotencyKeyReused';
  constructor(options?: Options) {
    super('This Idempotency-Key was already used with a different request body.', options);
  }
}

/** A request with the same Idempotency-Key is still being processed. */
export class IdempotencyInFlight extends DomainError {
  override name = 'IdempotencyInFlight';
  constructor(options?: Options) {
    super('A request with this Idempotency-Key is still being processed; retry shortly.', options);
  }
}

/** The resource does not exist, or belongs to someone else (indistinguishable on purpose). */
export class NotFound extends DomainError {
  override name = 'NotFound';
  constructor(what = 'resource', options?: Options) {
    super(`The ${what} was not found.`, options);
  }
}

/** Authenticated, but the role or binding does not allow this. */
export class Forbidden extends DomainError {
  override name = 'Forbidden';
  constructor(message = 'This action is not allowed for the caller.', options?: Options) {
    super(message, options);
  }
}

/** No valid credentials. */
export class Unauthorized extends DomainError {
  override name = 'Unauthorized';
  constructor(message = 'Valid credentials are required.', options?: Options) {
    super(message, options);
  }
}

/** The caller's version (If-Match) is stale, or a concurrent write won the race. */
export class VersionConflict extends DomainError {
  override name = 'VersionConflict';
  readonly expected: number | undefined;
  readonly actual: number | undefined;
  constructor(versions: { expected?: number; actual?: number } = {}, options?: Options) {
    super('The resource was changed by someone else; read it again and retry.', options);
    this.expected = versions.expected;
    this.actual = versions.actual;
  }
}

/** The case state machine does not allow this action in the current status. */
export class TransitionNotAllowed extends DomainError {
  override name = 'TransitionNotAllowed';
  readonly from: CaseStatus;
  readonly action: CaseAction;
  constructor(from: CaseStatus, action: CaseAction, options?: Options) {
    super(`The action "${action}" is not allowed for a case in status "${from}".`, options);
    this.from = from;
    this.action = action;
  }
}

/** The change conflicts with the catalogue as it is (a district served by another office; an office with open cases). */
export class ResourceConflict extends DomainError {
  override name = 'ResourceConflict';
}

/** An account or client names an institution or office the catalogue does not have, or one its role takes none of. */
export class UnknownOrganization extends DomainError {
  override name = 'UnknownOrganization';
}

/** An all-or-nothing import with rejected entries: nothing was written; `report` says what and why. */
export class ImportRejected extends DomainError {
  override name = 'ImportRejected';
  readonly report: unknown;
  constructor(rejected: number, report: unknown, options?: Options) {
    super(
      `The import was rejected: ${rejected} entr${rejected === 1 ? 'y is' : 'ies are'} invalid, so nothing was applied (see import.rejected; ?partial=true applies the valid entries).`,
      options,
    );
    this.report = report;
  }
}

/** A dependency failed in a way that a retry may fix (throttling, timeouts). */
export class TemporaryFailure extends DomainError {
  override name = 'TemporaryFailure';
  constructor(message = 'The service is temporarily unavailable; retry later.', options?: Options) {
    super(message, options);
  }
}

export class PayloadTooLarge extends DomainError {
  override name = 'PayloadTooLarge';
  readonly limitBytes: number | undefined;
  constructor(limitBytes?: number, options?: Options) {
    super(
      limitBytes === undefined
        ? 'The request body is too large.'
        : `The request body is larger than ${limitBytes} bytes.`,
      options,
    );
    this.limitBytes = limitBytes;
  }
}

export class UnsupportedMediaType extends DomainError {
  override name = 'UnsupportedMediaType';
  constructor(options?: Options) {
    super('The request body must be JSON (Content-Type: application/json).', options);
  }
}

export class MalformedJson extends DomainError {
  override name = 'MalformedJson';
  constructor(options?: Options) {
    super('The request body is not well-formed JSON.', options);
  }
}

/** A state-changing request named no version to change (HTTP: a missing If-Match, 428): lost updates are prevented by requiring it. */
export class PreconditionRequired extends DomainError {
  override name = 'PreconditionRequired';
  constructor(options?: Options) {
    super(
      'This request requires an If-Match header with the case version ("<version>", the ETag of the case).',
      options,
    );
  }
}
