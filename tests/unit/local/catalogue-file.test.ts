// Start-up problems with the catalogue name the entry they concern.
import { describe, expect, it } from 'vitest';
import { describePath } from '#infra/local/catalogue-file.ts';

const document = { offices: [{ id: 'fb-nord' }, { id: 'fb-broken' }], offers: [{ name: 'no id' }] };

describe('describing a problem path', () => {
  it('names the entry by its id', () => {
    expect(describePath(document, 'offices.1.districts.0')).toBe('offices[1] "fb-broken" › districts.0');
  });

  it('falls back to the index when the entry has no id', () => {
    expect(describePath(document, 'offers.0.id')).toBe('offers[0] › id');
  });

  it('keeps paths that do not point into a list', () => {
    expect([describePath(document, 'municipality.id'), describePath(document, '')]).toEqual([
      'municipality.id',
      '(document)',
    ]);
  });
});
