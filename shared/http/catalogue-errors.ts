// Errors of catalogue editing that the domain's list does not name: a conflicting change (409) and a rejected import.
import { DomainError } from '#domain/errors.ts';

/** The change conflicts with the catalogue as it is (a district served by another office; an office with open cases). */
export class ResourceConflict extends DomainError {
  override name = 'ResourceConflict';
}

/** An all-or-nothing import with rejected entries: nothing was written; `report` says what and why (422). */
export class ImportRejected extends DomainError {
  override name = 'ImportRejected';
  readonly report: unknown;
  constructor(rejected: number, report: unknown, options?: { cause?: unknown }) {
    super(
      `The import was rejected: ${rejected} entr${rejected === 1 ? 'y is' : 'ies are'} invalid, so nothing was applied (see import.rejected; ?partial=true applies the valid entries).`,
      options,
    );
    this.report = report;
  }
}
