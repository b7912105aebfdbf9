// The two forms a catalogue file or import body takes: a catalogue document or an HSDS service list.
import { CATALOGUE_COLLECTIONS } from './catalogue-rules.ts';
import { hsdsServiceEntries } from './hsds.ts';
import { isRecord } from './json-value.ts';
import type { FieldError } from './zod-issues.ts';

export type CatalogueInput =
  | { format: 'document'; document: Record<string, unknown> }
  /** `pathPrefix` leads the path of a service: `services.` for `{ "services": [...] }`, empty for a bare array. */
  | { format: 'hsds'; services: unknown[]; pathPrefix: '' | 'services.' };

export const NEITHER_FORMAT: FieldError = {
  path: '',
  message:
    'must be a catalogue document (an object with municipality, districts, offices, institutions and offers) or an HSDS service list (an array of services, or an object with a services array)',
};

/**
 * A catalogue document is an object with `municipality` (even a broken one: its entries are then checked one by one);
 * an HSDS service list is an array of services or an object with a `services` array. Undefined for anything else.
 */
export function catalogueInput(body: unknown): CatalogueInput | undefined {
  if (isRecord(body) && 'municipality' in body) return { format: 'document', document: body };
  const services = hsdsServiceEntries(body);
  if (services === undefined) return undefined;
  return { format: 'hsds', services, pathPrefix: Array.isArray(body) ? '' : 'services.' };
}

/** Its entries: a document's municipality and the entries of its lists; an HSDS list's services. */
export function entryCount(input: CatalogueInput): number {
  if (input.format === 'hsds') return input.services.length;
  return Object.keys(CATALOGUE_COLLECTIONS).reduce((sum, collection) => {
    const entries = input.document[collection];
    return sum + (Array.isArray(entries) ? entries.length : 0);
  }, 1);
}
