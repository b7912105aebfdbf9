// Accept negotiation of the coverage report (JSON by default, CSV on request), by q-values (RFC 9110 §12.5.1).
import { describe, expect, it } from 'vitest';
import { negotiateMediaType } from '#http/content-negotiation.ts';

const OFFERED = ['application/json', 'text/csv'] as const;

describe('negotiateMediaType', () => {
  it.each([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['text/csv', 'text/csv'],
    ['TEXT/CSV; charset=utf-8', 'text/csv'],
    ['application/json', 'application/json'],
    ['text/csv;q=0.5, application/json', 'application/json'],
    ['text/csv, application/json;q=0.9', 'text/csv'],
    ['application/json;q=0.9, text/csv', 'text/csv'],
    ['text/csv;q=0.5, application/json;q=0.5', 'application/json'],
    ['text/*', 'text/csv'],
    ['text/*;q=0.9, application/*;q=0.8', 'text/csv'],
    ['*/*', 'application/json'],
    ['*/*;q=0.1, text/csv', 'text/csv'],
    ['text/csv;q=0', 'application/json'],
    ['*/*, text/csv;q=0', 'application/json'],
    ['text/*, text/csv;q=0', 'application/json'],
    ['text/csv;q=0, */*;q=0.5', 'application/json'],
    ['text/html, image/png', 'application/json'],
    ['text/csv; q=1.0', 'text/csv'],
    ['text/csv;q=0.001, application/json;q=0', 'text/csv'],
  ])('answers %j with %s', (accept, expected) => {
    expect(negotiateMediaType(accept, OFFERED)).toBe(expected);
  });

  it('gives the more specific range the last word: text/csv;q=0 beats text/* and */*', () => {
    expect(negotiateMediaType('*/*;q=1, text/*;q=1, text/csv;q=0', ['text/csv', 'application/json'])).toBe(
      'application/json',
    );
  });

  it('reads a malformed weight as 1 and skips an element that is no media range', () => {
    expect(negotiateMediaType('text/csv;q=high, nonsense', OFFERED)).toBe('text/csv');
    expect(negotiateMediaType('*/csv', OFFERED)).toBe('application/json');
  });
});
