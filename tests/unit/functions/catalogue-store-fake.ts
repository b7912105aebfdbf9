// An in-memory catalogue store that behaves like the DynamoDB one (held to it by the contract suite in
// tests/contract/catalogue-store.contract.ts): entities by kind and id, one municipality, lists sorted by id, bulk
// writes in chunks of 25 with progress, removal markers that keep a removed office's or institution's id unused.
import { BATCH_SIZE } from '#adapters/catalogue-repository.ts';
import type {
  CatalogueEntities,
  CatalogueEntry,
  CatalogueKind,
  CataloguePut,
  CatalogueStore,
  OrganizationKind,
  RemovedOrganization,
  StoredCatalogue,
} from '#application/ports.ts';
import type { Catalogue, District, Offer } from '#domain/catalogue.ts';

export class InMemoryCatalogueStore implements CatalogueStore {
  readonly entities = new Map<string, CatalogueEntities[CatalogueKind]>();
  /** Sizes of the chunks putMany wrote, in order. */
  readonly chunks: number[] = [];
  /** Removal markers by `<kind>:<id>`. */
  readonly removed = new Map<string, RemovedOrganization>();

  constructor(catalogue?: Catalogue) {
    if (catalogue) {
      this.set({ kind: 'municipality', entity: catalogue.municipality });
      for (const entity of catalogue.districts) this.set({ kind: 'district', entity });
      for (const entity of catalogue.offices) this.set({ kind: 'office', entity });
      for (const entity of catalogue.institutions) this.set({ kind: 'institution', entity });
      for (const entity of catalogue.offers) this.set({ kind: 'offer', entity });
    }
  }

  /** The municipality is one item, whatever its id (as in the table). */
  private key(kind: CatalogueKind, id: string): string {
    return kind === 'municipality' ? 'municipality' : `${kind}:${id}`;
  }

  private set(entry: CatalogueEntry): void {
    this.entities.set(this.key(entry.kind, entry.entity.id), structuredClone(entry.entity));
  }

  private list<K extends CatalogueKind>(kind: K): CatalogueEntities[K][] {
    return [...this.entities.entries()]
      .filter(([key]) => key.startsWith(`${kind}:`))
      .map(([, entity]) => structuredClone(entity) as CatalogueEntities[K])
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async loadStored(): Promise<StoredCatalogue> {
    const municipality = this.entities.get('municipality') as CatalogueEntities['municipality'] | undefined;
    return {
      municipality: municipality ? structuredClone(municipality) : null,
      districts: this.list('district'),
      offices: this.list('office'),
      institutions: this.list('institution'),
      offers: this.list('offer'),
    };
  }

  async districts(): Promise<District[]> {
    return this.list('district');
  }

  async get<K extends CatalogueKind>(kind: K, id: string): Promise<CatalogueEntities[K] | null> {
    const found = this.entities.get(this.key(kind, id));
    return found ? (structuredClone(found) as CatalogueEntities[K]) : null;
  }

  async put(entry: CatalogueEntry): Promise<CataloguePut> {
    const marker = this.removed.get(this.key(entry.kind, entry.entity.id));
    if (marker) return { removed: { ...marker } };
    const created = !this.entities.has(this.key(entry.kind, entry.entity.id));
    this.set(entry);
    return { created };
  }

  async markOfferInactive(offerId: string): Promise<Offer | null> {
    const offer = this.entities.get(this.key('offer', offerId)) as Offer | undefined;
    if (!offer) return null;
    offer.status = 'inactive';
    return structuredClone(offer);
  }

  async remove(kind: OrganizationKind, id: string, removedAt: string): Promise<boolean> {
    if (!this.entities.delete(this.key(kind, id))) return false;
    this.removed.set(this.key(kind, id), { kind, id, removedAt });
    return true;
  }

  async removedOrganizations(): Promise<RemovedOrganization[]> {
    return [...this.removed.values()]
      .map((marker) => ({ ...marker }))
      .sort((a, b) => (a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async putMany(entries: readonly CatalogueEntry[], onProgress?: (written: number) => void): Promise<void> {
    let written = 0;
    for (let start = 0; start < entries.length; start += BATCH_SIZE) {
      const chunk = entries.slice(start, start + BATCH_SIZE);
      for (const entry of chunk) this.set(entry);
      this.chunks.push(chunk.length);
      written += chunk.length;
      onProgress?.(written);
    }
  }
}
