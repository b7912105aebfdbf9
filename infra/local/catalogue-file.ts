// The catalogue the local runtime seeds: read from LOTSE_CATALOGUE (or the Musterstadt seed), validated, and each
// problem described with the entry it concerns, so that a bad file is fixed in one go.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Catalogue, validateCatalogue } from '#domain/catalogue.ts';

export const DEFAULT_CATALOGUE = fileURLToPath(new URL('./catalogues/musterstadt.json', import.meta.url));

export type CatalogueProblem = { readonly path: string; readonly message: string };

/** Raised before anything is started when the catalogue file cannot be used. */
export class InvalidCatalogue extends Error {
  override readonly name = 'InvalidCatalogue';
  readonly file: string;
  readonly problems: readonly CatalogueProblem[];

  constructor(file: string, problems: readonly CatalogueProblem[]) {
    super(
      `invalid catalogue ${file}:\n${problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join('\n')}`,
    );
    this.file = file;
    this.problems = problems;
  }
}

/** `offices.2.districts.0` → `offices[2] "fb-broken" › districts.0` when the entry has an id. */
export function describePath(document: unknown, path: string): string {
  const [collection, index, ...rest] = path.split('.');
  if (collection === undefined || index === undefined || !/^\d+$/.test(index)) return path || '(document)';
  const entries = (document as Record<string, unknown> | null)?.[collection];
  const entry = Array.isArray(entries) ? (entries[Number(index)] as { id?: unknown } | undefined) : undefined;
  const named = typeof entry?.id === 'string' ? ` "${entry.id}"` : '';
  return `${collection}[${index}]${named}${rest.length > 0 ? ` › ${rest.join('.')}` : ''}`;
}

export async function loadCatalogue(file: string): Promise<Catalogue> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidCatalogue(file, [{ path: '(file)', message: `cannot be read: ${(error as Error).message}` }]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidCatalogue(file, [{ path: '(file)', message: `is not JSON: ${(error as Error).message}` }]);
  }
  const validation = validateCatalogue(document);
  if (!validation.ok) {
    throw new InvalidCatalogue(
      file,
      validation.problems.map((problem) => ({ path: describePath(document, problem.path), message: problem.message })),
    );
  }
  return validation.catalogue;
}
