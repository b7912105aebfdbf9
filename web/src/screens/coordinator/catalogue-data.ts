// The catalogue as the coordinator's screens read it: offers, offices, institutions and districts from the API, with
// the names that replace ids on screen.
import type { District, Institution, Offer, Office } from '#domain/catalogue.ts';
import type { Api } from '../../api.ts';

export type { District, Institution, Offer, Office };

type List<T> = { readonly items: readonly T[] };

export async function loadOffers(api: Api): Promise<readonly Offer[]> {
  return (await api.get<List<Offer>>('/v1/offers')).body.items;
}

export async function loadOffices(api: Api): Promise<readonly Office[]> {
  return (await api.get<List<Office>>('/v1/offices')).body.items;
}

export async function loadInstitutions(api: Api): Promise<readonly Institution[]> {
  return (await api.get<List<Institution>>('/v1/institutions')).body.items;
}

export async function loadDistricts(api: Api): Promise<readonly District[]> {
  return (await api.get<List<District>>('/v1/districts')).body.items;
}

/** A name for each id (district, office, institution), falling back to the id for an entry the list lacks. */
export function namesOf(items: readonly { readonly id: string; readonly name: string }[]): (id: string) => string {
  const names = new Map(items.map((item) => [item.id, item.name]));
  return (id) => names.get(id) ?? id;
}

/** `["nord", "ost"]` → "Nord, Ost"; an empty list of an offer's districts is the whole municipality. */
export function districtList(ids: readonly string[], districtName: (id: string) => string): string {
  return ids.length === 0 ? 'Ganze Kommune' : ids.map(districtName).join(', ');
}
