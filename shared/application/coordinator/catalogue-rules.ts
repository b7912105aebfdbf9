// Referential rules of catalogue entries against the catalogue they join: known districts, one office per district,
// one district per postal code; shared by the single-entity edits and the import.
import type { FieldError } from '#domain/zod-issues.ts';

/** One `unknown district` problem per district id of `districts` that is not in `known`. */
export function unknownDistricts(districts: readonly string[], known: ReadonlySet<string>, path: string): FieldError[] {
  return districts.flatMap((districtId, index) =>
    known.has(districtId) ? [] : [{ path: `${path}${index}`, message: `unknown district "${districtId}"` }],
  );
}

/** Something that claims keys no other entity of its kind may claim (an office its districts, a district its codes). */
export interface Claimant {
  id: string;
  keys: readonly string[];
}

/**
 * The first conflict of `candidate` with `owners` (key → owning id): the key and its owner, or undefined when every
 * key is free or already the candidate's own.
 */
export function firstConflict(
  candidate: Claimant,
  owners: ReadonlyMap<string, string>,
): { key: string; index: number; owner: string } | undefined {
  for (const [index, key] of candidate.keys.entries()) {
    const owner = owners.get(key);
    if (owner !== undefined && owner !== candidate.id) return { key, index, owner };
  }
  return undefined;
}

/** key → owning id over `claimants`, skipping those whose id is in `except`. */
export function ownersOf(claimants: readonly Claimant[], except: ReadonlySet<string> = new Set()): Map<string, string> {
  const owners = new Map<string, string>();
  for (const claimant of claimants) {
    if (except.has(claimant.id)) continue;
    for (const key of claimant.keys) if (!owners.has(key)) owners.set(key, claimant.id);
  }
  return owners;
}
