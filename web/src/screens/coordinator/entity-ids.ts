// Ids of new catalogue entries: the API's rule, and a proposal made from the entry's name.

/** An id for a new entry from its name: `Elterncafé Süd` → `elterncafe-sued` (the API's id rules). */
export function idFromName(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** The API's rule for ids of catalogue entries. */
export const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
