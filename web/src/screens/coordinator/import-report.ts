// An import's report as a person reads it: the entries by kind and id, the fields of a rejection in German.

export type ImportReport = {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
  readonly rejected: readonly {
    readonly position: number;
    readonly id?: string;
    readonly reasons: readonly { readonly path: string; readonly message: string }[];
  }[];
};

const KIND_LABELS: Readonly<Record<string, string>> = {
  municipality: 'Kommune',
  district: 'Bezirk',
  office: 'Familienbüro',
  institution: 'Einrichtung',
  offer: 'Angebot',
};

const COLLECTION_LABELS: Readonly<Record<string, string>> = {
  districts: 'Bezirk',
  offices: 'Familienbüro',
  institutions: 'Einrichtung',
  offers: 'Angebot',
  services: 'Dienst',
};

/** The fields of catalogue entries and HSDS services, in German. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  id: 'Kennung',
  name: 'Name',
  organization: 'Träger',
  'organization.name': 'Träger',
  status: 'Status',
  needs: 'Bedarfe',
  lifePhases: 'Lebensphasen',
  districts: 'Bezirke',
  languages: 'Sprachen',
  modes: 'Angebotsform',
  capacity: 'Plätze',
  'capacity.available': 'Freie Plätze',
  'capacity.maximum': 'Plätze insgesamt',
  email: 'E-Mail-Adresse',
  webhookUrl: 'Adresse für Benachrichtigungen',
  type: 'Art der Einrichtung',
  postalCodes: 'Postleitzahlen',
  childProtectionContact: 'Kontakt für den Kinderschutz',
  service_areas: 'Einzugsgebiet',
  attributes: 'Merkmale',
  minimum_age: 'Mindestalter',
  maximum_age: 'Höchstalter',
  service_capacity: 'Plätze',
};

/** `offer:elterncafe-nord` → "Angebot elterncafe-nord"; an HSDS service id as it is. */
export function entryName(id: string): string {
  const [kind, ...rest] = id.split(':');
  const label = kind === undefined ? undefined : KIND_LABELS[kind];
  return label === undefined || rest.length === 0 ? id : `${label} ${rest.join(':')}`;
}

/** `offers.3.capacity.available` → "Freie Plätze"; the entry itself (`offers.3`) → undefined. */
export function fieldName(path: string): string | undefined {
  const inner = path
    .replace(/^(municipality|(districts|offices|institutions|offers|services)\.\d+|\d+)\.?/, '')
    .split('.')
    .filter((segment) => segment !== '' && !/^\d+$/.test(segment));
  for (let length = inner.length; length > 0; length -= 1) {
    const label = FIELD_LABELS[inner.slice(0, length).join('.')];
    if (label !== undefined) return label;
  }
  return inner.length === 0 ? undefined : inner.join('.');
}

/** The rejected entry as a person finds it in the file: "Angebot elterncafe-x (Eintrag 2 der Angebote)". */
export function rejectedName(entry: ImportReport['rejected'][number]): string {
  const path = entry.reasons[0]?.path ?? '';
  const collection = /^(districts|offices|institutions|offers|services)\./.exec(path)?.[1];
  const where = `${collection === undefined ? 'Eintrag' : `${COLLECTION_LABELS[collection] ?? 'Eintrag'} Nr.`} ${entry.position + 1} der Datei`;
  return entry.id === undefined ? where : `${entryName(entry.id)} (${where})`;
}

export type Outcome = { readonly applied: boolean; readonly partial: boolean; readonly report: ImportReport };

export function isReport(value: unknown): value is ImportReport {
  const report = value as Partial<ImportReport> | null;
  return (
    typeof report === 'object' &&
    report !== null &&
    Array.isArray(report.created) &&
    Array.isArray(report.updated) &&
    Array.isArray(report.unchanged) &&
    Array.isArray(report.rejected)
  );
}
