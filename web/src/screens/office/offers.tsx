// Angebote (UI.md "Familienbüro"): the offers of the catalogue, read-only, searchable and filterable in the browser
// (need, life phase, district, language, free places, status).
import { useEffect, useState } from 'preact/hooks';
import { LIFE_PHASES, type LifePhase, NEED_CODES, type NeedCode } from '../../../../shared/domain/codes.ts';
import {
  LIFE_PHASE_LABELS,
  languageLabel,
  NEED_LABELS,
  OFFER_MODE_LABELS,
  OFFER_STATUS_LABELS,
} from '../../../../shared/domain/labels-de.ts';
import type { District, ItemList, Offer } from '../../cases/types.ts';
import type { Loaded } from '../../cases/use-case.ts';
import { Checkbox, labelChoices, Select, TextField } from '../../components/fields.tsx';
import { Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { TableHead } from '../../components/table.tsx';
import { useApp } from '../../context.ts';

type Filters = {
  readonly text: string;
  readonly need: NeedCode | '';
  readonly phase: LifePhase | '';
  readonly district: string;
  readonly language: string;
  readonly activeOnly: boolean;
  readonly freeOnly: boolean;
};

const NO_FILTERS: Filters = {
  text: '',
  need: '',
  phase: '',
  district: '',
  language: '',
  activeOnly: true,
  freeOnly: false,
};

const normalize = (value: string) => value.toLocaleLowerCase('de').normalize('NFKD').replace(/\p{M}/gu, '');

function matches(offer: Offer, filters: Filters): boolean {
  const text = normalize(filters.text.trim());
  if (text !== '' && !normalize(`${offer.name} ${offer.organization}`).includes(text)) return false;
  if (filters.need !== '' && !offer.needs.includes(filters.need)) return false;
  if (filters.phase !== '' && !offer.lifePhases.includes(filters.phase)) return false;
  if (filters.district !== '' && offer.districts.length > 0 && !offer.districts.includes(filters.district)) {
    return false;
  }
  if (filters.language !== '' && !offer.languages.includes(filters.language)) return false;
  if (filters.activeOnly && offer.status !== 'active') return false;
  if (filters.freeOnly && offer.capacity !== undefined && offer.capacity.available === 0) return false;
  return true;
}

export function placesText(offer: Offer): string {
  if (offer.capacity === undefined) return 'Offen';
  const { available, maximum } = offer.capacity;
  if (maximum !== undefined) return `${available} von ${maximum} Plätzen frei`;
  return available === 0 ? 'Kein Platz frei' : available === 1 ? '1 Platz frei' : `${available} Plätze frei`;
}

type Catalogue = { readonly offers: readonly Offer[]; readonly districts: readonly District[] };

export function Offers() {
  const { api } = useApp();
  const [loaded, setLoaded] = useState<Loaded<Catalogue>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);

  useEffect(() => {
    let active = true;
    setLoaded({ state: 'loading' });
    // District names make the filter readable; without them the offers still show.
    const districts = api.get<ItemList<District>>('/v1/districts').then(
      (answer) => answer.body.items,
      () => [] as readonly District[],
    );
    Promise.all([api.get<ItemList<Offer>>('/v1/offers'), districts]).then(
      ([offers, districtItems]) =>
        active &&
        setLoaded({
          state: 'loaded',
          value: {
            offers: [...offers.body.items].sort((a, b) => a.name.localeCompare(b.name, 'de')),
            districts: districtItems,
          },
        }),
      (error: unknown) => active && setLoaded({ state: 'failed', error }),
    );
    return () => {
      active = false;
    };
  }, [api, attempt]);

  const set = <Key extends keyof Filters>(key: Key, value: Filters[Key]) =>
    setFilters((current) => ({ ...current, [key]: value }));

  if (loaded.state === 'loading') {
    return (
      <Page title="Angebote">
        <Loading />
      </Page>
    );
  }
  if (loaded.state === 'failed') {
    return (
      <Page title="Angebote">
        <ProblemNotice error={loaded.error} onRetry={() => setAttempt((n) => n + 1)} />
      </Page>
    );
  }
  const { offers, districts } = loaded.value;
  const districtName = (id: string) => districts.find((district) => district.id === id)?.name ?? id;
  const languages = [...new Set(offers.flatMap((offer) => offer.languages))]
    .map((code) => ({ value: code, label: languageLabel(code) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'de'));
  const districtIds = [
    ...new Set([...districts.map((district) => district.id), ...offers.flatMap((offer) => offer.districts)]),
  ];
  const shown = offers.filter((offer) => matches(offer, filters));

  return (
    <Page title="Angebote">
      <p class="kern-body">
        Die Angebote im Katalog der Stadt. Die Koordination pflegt sie; hier können Sie suchen und filtern.
      </p>
      <search class="lotse-case-filters" aria-labelledby="angebote-filter">
        <h2 class="kern-heading-medium" id="angebote-filter">
          Suchen und filtern
        </h2>
        <TextField
          id="f-suche"
          label="Suche nach Name oder Träger"
          value={filters.text}
          onValue={(value) => set('text', value)}
          width="width-20"
        />
        <div class="lotse-case-filter-grid">
          <Select
            id="f-bedarf"
            label="Bedarf"
            choices={[{ value: '', label: 'Alle Bedarfe' }, ...labelChoices(NEED_CODES, NEED_LABELS)]}
            value={filters.need}
            onValue={(value) => set('need', value)}
          />
          <Select
            id="f-lebensphase"
            label="Lebensphase"
            choices={[{ value: '', label: 'Alle Lebensphasen' }, ...labelChoices(LIFE_PHASES, LIFE_PHASE_LABELS)]}
            value={filters.phase}
            onValue={(value) => set('phase', value)}
          />
          <Select
            id="f-sozialraum"
            label="Sozialraum"
            choices={[
              { value: '', label: 'Alle Sozialräume' },
              ...districtIds.map((id) => ({ value: id, label: districtName(id) })),
            ]}
            value={filters.district}
            onValue={(value) => set('district', value)}
          />
          <Select
            id="f-sprache"
            label="Sprache"
            choices={[{ value: '', label: 'Alle Sprachen' }, ...languages]}
            value={filters.language}
            onValue={(value) => set('language', value)}
          />
        </div>
        <p class="kern-body kern-body--small">Angebote für die ganze Stadt gehören zu jedem Sozialraum.</p>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Weitere Filter</legend>
          <div class="kern-fieldset__body">
            <Checkbox
              id="f-nur-aktive"
              label="Nur aktive Angebote"
              checked={filters.activeOnly}
              onChecked={(checked) => set('activeOnly', checked)}
            />
            <Checkbox
              id="f-nur-frei"
              label="Nur Angebote mit freien Plätzen"
              hint="Offene Angebote ohne gezählte Plätze bleiben sichtbar."
              checked={filters.freeOnly}
              onChecked={(checked) => set('freeOnly', checked)}
            />
          </div>
        </fieldset>
      </search>
      <p class="kern-body kern-body--small">
        „Offen“ heißt: Das Angebot zählt keine Plätze, zum Beispiel eine offene Sprechstunde.
      </p>
      <p class="kern-body" role="status">
        {shown.length === 1 ? '1 Angebot gefunden.' : `${shown.length} Angebote gefunden.`}
      </p>
      {shown.length === 0 ? null : (
        <div class="kern-table-responsive">
          <table class="kern-table kern-table--small kern-table--striped">
            <caption class="kern-sr-only">Angebote, nach Name sortiert</caption>
            <TableHead
              columns={['Angebot', 'Bedarfe', 'Lebensphasen', 'Sozialraum', 'Sprachen', 'Form', 'Plätze', 'Status']}
            />
            <tbody class="kern-table__body">
              {shown.map((offer) => (
                <tr class="kern-table__row" key={offer.id}>
                  <th class="kern-table__header" scope="row">
                    {offer.name}
                    <span class="lotse-case-muted lotse-case-block">{offer.organization}</span>
                  </th>
                  <td class="kern-table__cell">{offer.needs.map((need) => NEED_LABELS[need].label).join(', ')}</td>
                  <td class="kern-table__cell">
                    {offer.lifePhases.map((phase) => LIFE_PHASE_LABELS[phase].label).join(', ')}
                  </td>
                  <td class="kern-table__cell">
                    {offer.districts.length === 0 ? 'Ganze Stadt' : offer.districts.map(districtName).join(', ')}
                  </td>
                  <td class="kern-table__cell">{offer.languages.map((code) => languageLabel(code)).join(', ')}</td>
                  <td class="kern-table__cell">
                    {offer.modes.map((mode) => OFFER_MODE_LABELS[mode].label).join(', ')}
                  </td>
                  <td class="kern-table__cell">{placesText(offer)}</td>
                  <td class="kern-table__cell">{OFFER_STATUS_LABELS[offer.status].label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
