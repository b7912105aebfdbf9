// The offers catalogue (UI.md "Koordination"): the list with filter and search, deactivation, and the offer's form
// with its check page. A draft lives in this page's memory only; the API's field errors come back to the form.
import { useEffect, useState } from 'preact/hooks';
import { LIFE_PHASES, type LifePhase, NEED_CODES, type NeedCode, OFFER_MODES, OFFER_STATUSES } from '#domain/codes.ts';
import { ISO_639_1_CODES } from '#domain/iso-639-1.ts';
import {
  LIFE_PHASE_LABELS,
  languageLabel,
  NEED_LABELS,
  OFFER_MODE_LABELS,
  OFFER_STATUS_LABELS,
} from '#domain/labels-de.ts';
import { ApiError } from '../../api.ts';
import { focusField } from '../../components/error-summary.tsx';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  fieldId,
  hintedChoices,
  labelChoices,
  RadioGroup,
  Select,
  TextField,
} from '../../components/fields.tsx';
import { ButtonLink, Link } from '../../components/link.tsx';
import { Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { TableHead } from '../../components/table.tsx';
import { useApp } from '../../context.ts';
import { navigate, useLocation } from '../../router.ts';
import type { ScreenProps } from '../../screens.ts';
import { type District, districtList, loadDistricts, loadOffers, namesOf, type Offer } from './catalogue-data.ts';
import {
  byGermanName,
  Confirmation,
  EditPage,
  fieldErrorsOf,
  fieldOfPath,
  fieldProblems,
  NamedLink,
  RowAction,
  ScrollTable,
  StatusMessage,
  useCommand,
  useLoad,
  useUnsavedWarning,
} from './common.tsx';
import { idFromName } from './entity-ids.ts';
import {
  checkOfferDraft,
  draftOfOffer,
  endOfferEdit,
  newOfferDraft,
  OFFER_FIELDS,
  type OfferDraft,
  type OfferEdit,
  offerBody,
  offerEdit,
  setCatalogueNotice,
  startOfferEdit,
  takeCatalogueNotice,
} from './offer-draft.ts';

const LIST_PATH = '/koordination/angebote';
/** The list narrowed to the active offers without free places (the overview links here too). */
const FULL_PATH = `${LIST_PATH}?plaetze=keine`;
const NEW_KEY = 'neu';
const editPath = (key: string) => `${LIST_PATH}/${encodeURIComponent(key)}`;
const checkPath = (key: string) => `${editPath(key)}/pruefen`;

/** Languages offered as checkboxes on every offer's form; any other ISO 639-1 language can be added. */
const COMMON_LANGUAGES = ['de', 'en', 'ar', 'tr', 'ru', 'uk', 'pl', 'fa'] as const;

export function capacityText(offer: Pick<Offer, 'capacity'>): string {
  const { capacity } = offer;
  if (capacity === undefined) return 'Nicht gezählt';
  const total = capacity.maximum === undefined ? '' : ` von ${capacity.maximum}`;
  return capacity.available === 0 ? `Keine frei${total}` : `${capacity.available} frei${total}`;
}

type Filters = { search: string; status: string; need: string; phase: string; district: string; full: boolean };
const NO_FILTERS: Filters = { search: '', status: '', need: '', phase: '', district: '', full: false };

const isUnfiltered = (filters: Filters) =>
  (Object.keys(NO_FILTERS) as (keyof Filters)[]).every((key) => filters[key] === NO_FILTERS[key]);

/** An active offer that counts its places and has none left: Lotse proposes it to no family until places free up. */
const isFull = (offer: Offer) => offer.status === 'active' && offer.capacity?.available === 0;

function matches(offer: Offer, filters: Filters): boolean {
  const search = filters.search.trim().toLocaleLowerCase('de');
  if (
    search !== '' &&
    ![offer.name, offer.organization, offer.id].some((text) => text.toLocaleLowerCase('de').includes(search))
  ) {
    return false;
  }
  if (filters.status !== '' && offer.status !== filters.status) return false;
  if (filters.need !== '' && !offer.needs.includes(filters.need as NeedCode)) return false;
  if (filters.phase !== '' && !offer.lifePhases.includes(filters.phase as LifePhase)) return false;
  if (filters.district !== '' && offer.districts.length > 0 && !offer.districts.includes(filters.district)) {
    return false;
  }
  return !filters.full || isFull(offer);
}

const ALL = { value: '', label: 'Alle' } as const;

export function OfferCatalogue(_: ScreenProps) {
  const { api } = useApp();
  const [loaded, reload] = useLoad(async () => {
    const [offers, districts] = await Promise.all([loadOffers(api), loadDistricts(api)]);
    return { offers, districts };
  }, [api]);
  const { query } = useLocation();
  const [filters, setFilters] = useState<Filters>(() => ({ ...NO_FILTERS, full: query.get('plaetze') === 'keine' }));
  const [notice, setNotice] = useState(takeCatalogueNotice);
  // The list is where an edit ends: a draft left by going back is not picked up again later.
  useEffect(() => endOfferEdit(), []);
  const [deactivating, setDeactivating] = useState<Offer | undefined>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, run] = useCommand(setProblem);
  const filter = (key: Exclude<keyof Filters, 'full'>) => (value: string) => setFilters({ ...filters, [key]: value });

  const deactivate = (offer: Offer) =>
    run(async () => {
      await api.delete(`/v1/offers/${encodeURIComponent(offer.id)}`);
      setDeactivating(undefined);
      setNotice(`„${offer.name}“ ist jetzt nicht aktiv. Lotse schlägt es keiner Familie mehr vor.`);
      reload();
    });

  return (
    <Page title="Angebotskatalog">
      <p class="kern-body">
        Hier pflegen Sie die Angebote, die Lotse den Familienbüros vorschlägt. Nur aktive Angebote mit freien Plätzen
        werden vorgeschlagen.
      </p>
      <p class="kern-body">
        <ButtonLink href={editPath(NEW_KEY)}>Angebot hinzufügen</ButtonLink>
      </p>
      {notice === undefined ? null : <StatusMessage>{notice}</StatusMessage>}
      {problem === undefined ? null : (
        <ProblemNotice error={problem} onRetry={() => deactivating && void deactivate(deactivating)} />
      )}
      {deactivating === undefined ? null : (
        <Confirmation
          title={`„${deactivating.name}“ deaktivieren?`}
          confirmLabel="Ja, deaktivieren"
          busy={busy}
          onConfirm={() => void deactivate(deactivating)}
          onCancel={() => {
            const id = deactivating.id;
            setDeactivating(undefined);
            setProblem(undefined);
            requestAnimationFrame(() => document.getElementById(`deaktivieren-${id}`)?.focus());
          }}
        >
          <p class="kern-body">
            Lotse schlägt das Angebot dann keiner Familie mehr vor. Abgeschlossene Fälle behalten es. Sie können es
            später wieder auf „Aktiv“ setzen.
          </p>
        </Confirmation>
      )}
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ProblemNotice error={loaded.error} onRetry={reload} /> : null}
      {loaded.state === 'ready' ? (
        <OfferTable
          offers={loaded.data.offers}
          districts={loaded.data.districts}
          filters={filters}
          filter={filter}
          onReset={() => setFilters(NO_FILTERS)}
          setFull={(full) => setFilters({ ...filters, full })}
          onDeactivate={(offer) => {
            setNotice(undefined);
            setDeactivating(offer);
          }}
        />
      ) : null}
    </Page>
  );
}

function OfferTable({
  offers,
  districts,
  filters,
  filter,
  onReset,
  setFull,
  onDeactivate,
}: {
  readonly offers: readonly Offer[];
  readonly districts: readonly District[];
  readonly filters: Filters;
  readonly filter: (key: Exclude<keyof Filters, 'full'>) => (value: string) => void;
  readonly onReset: () => void;
  readonly setFull: (full: boolean) => void;
  readonly onDeactivate: (offer: Offer) => void;
}) {
  const districtName = namesOf(districts);
  const sorted = [...offers].sort(byGermanName);
  const shown = sorted.filter((offer) => matches(offer, filters));
  const full = offers.filter(isFull).length;
  return (
    <>
      {full === 0 ? null : (
        <ul class="kern-list lotse-links">
          <li>
            <Link href={FULL_PATH} aria-current={filters.full ? 'page' : undefined}>
              {full === 1 ? '1 aktives Angebot ohne freie Plätze' : `${full} aktive Angebote ohne freie Plätze`}
            </Link>
          </li>
        </ul>
      )}
      <search class="lotse-toolbar" aria-label="Angebote filtern">
        <TextField
          id="f-suche"
          type="search"
          label="Suche nach Name oder Träger"
          value={filters.search}
          onValue={filter('search')}
        />
        <Select
          id="f-status"
          label="Status"
          choices={[ALL, ...labelChoices(OFFER_STATUSES, OFFER_STATUS_LABELS)]}
          value={filters.status}
          onValue={filter('status')}
        />
        <Select
          id="f-bedarf"
          label="Bedarf"
          choices={[ALL, ...labelChoices(NEED_CODES, NEED_LABELS)]}
          value={filters.need}
          onValue={filter('need')}
        />
        <Select
          id="f-phase"
          label="Lebensphase"
          choices={[ALL, ...labelChoices(LIFE_PHASES, LIFE_PHASE_LABELS)]}
          value={filters.phase}
          onValue={filter('phase')}
        />
        <Select
          id="f-bezirk"
          label="Bezirk"
          choices={[ALL, ...districts.map((district) => ({ value: district.id, label: district.name }))]}
          value={filters.district}
          onValue={filter('district')}
        />
        <Checkbox
          id="f-voll"
          label="Nur aktive Angebote ohne freie Plätze"
          checked={filters.full}
          onChecked={(checked) => setFull(checked)}
        />
      </search>
      <div class="lotse-actions">
        <p class="kern-body" aria-live="polite">
          {shown.length === offers.length
            ? `${offers.length} Angebote`
            : `${shown.length} von ${offers.length} Angeboten passen zum Filter`}
        </p>
        {isUnfiltered(filters) ? null : (
          <Button variant="tertiary" onClick={onReset}>
            Filter zurücksetzen
          </Button>
        )}
      </div>
      <ScrollTable label="Angebote">
        <table class="kern-table kern-table--small">
          <caption class="kern-sr-only">Angebote mit Status, Bedarfen, Lebensphasen, Bezirken und Plätzen</caption>
          <TableHead
            columns={['Angebot', 'Status', 'Bedarfe', 'Lebensphasen', 'Bezirke', 'Plätze']}
            action="Aktionen"
          />
          <tbody class="kern-table__body">
            {shown.map((offer) => (
              <tr class="kern-table__row" key={offer.id}>
                <th class="kern-table__cell" scope="row">
                  <span class="lotse-cell-title">{offer.name}</span>
                  <span class="kern-body--small lotse-cell-line">{offer.organization}</span>
                </th>
                <td class="kern-table__cell">
                  <span
                    class={`kern-badge lotse-badge ${offer.status === 'active' ? 'kern-badge--success' : 'kern-badge--info'}`}
                  >
                    <span class="kern-label kern-label--small">{OFFER_STATUS_LABELS[offer.status].label}</span>
                  </span>
                </td>
                <td class="kern-table__cell">{offer.needs.map((need) => NEED_LABELS[need].label).join(', ')}</td>
                <td class="kern-table__cell">
                  {offer.lifePhases.map((phase) => LIFE_PHASE_LABELS[phase].label).join(', ')}
                </td>
                <td class="kern-table__cell">{districtList(offer.districts, districtName)}</td>
                <td class={`kern-table__cell${offer.capacity?.available === 0 ? ' lotse-cell-warning' : ''}`}>
                  {capacityText(offer)}
                </td>
                <td class="kern-table__cell kern-table__cell--action">
                  <div class="lotse-row-actions">
                    <NamedLink href={editPath(offer.id)} label={`Bearbeiten: ${offer.name}`}>
                      Bearbeiten
                    </NamedLink>
                    {offer.status === 'active' ? (
                      <RowAction
                        id={`deaktivieren-${offer.id}`}
                        label="Deaktivieren"
                        name={offer.name}
                        onClick={() => onDeactivate(offer)}
                      />
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </>
  );
}

/** The edit of this path's offer: the one in memory, or a new one from the API's offer (or empty for `neu`). */
function useOfferEdit(key: string): { edit?: OfferEdit; failed?: unknown; retry: () => void } {
  const { api } = useApp();
  const existing = offerEdit(key);
  const [loaded, reload] = useLoad(async () => {
    if (existing !== undefined || key === NEW_KEY) return undefined;
    return (await api.get<Offer>(`/v1/offers/${encodeURIComponent(key)}`)).body;
  }, [api, key]);
  if (existing !== undefined) return { edit: existing, retry: reload };
  if (key === NEW_KEY) {
    return {
      edit: startOfferEdit({ key, isNew: true, draft: newOfferDraft(), dirty: false, problems: [] }),
      retry: reload,
    };
  }
  if (loaded.state === 'failed') return { failed: loaded.error, retry: reload };
  if (loaded.state === 'ready' && loaded.data !== undefined) {
    return {
      edit: startOfferEdit({ key, isNew: false, draft: draftOfOffer(loaded.data), dirty: false, problems: [] }),
      retry: reload,
    };
  }
  return { retry: reload };
}

function offerTitle(isNew: boolean): string {
  return isNew ? 'Angebot hinzufügen' : 'Angebot bearbeiten';
}

export function OfferEditScreen({ params }: ScreenProps) {
  const key = params.id ?? NEW_KEY;
  const { edit, failed, retry } = useOfferEdit(key);
  const { api } = useApp();
  const districts = useLoad(() => loadDistricts(api), [api])[0];
  if (failed !== undefined) {
    return (
      <Page title="Angebot bearbeiten" back={{ href: LIST_PATH, label: 'Zum Angebotskatalog' }}>
        <ProblemNotice error={failed} onRetry={retry} />
      </Page>
    );
  }
  if (edit === undefined || districts.state === 'loading') {
    return (
      <Page title={offerTitle(key === NEW_KEY)}>
        <Loading />
      </Page>
    );
  }
  if (districts.state === 'failed') {
    return (
      <Page title={offerTitle(edit.isNew)}>
        <ProblemNotice error={districts.error} onRetry={retry} />
      </Page>
    );
  }
  return <OfferForm key={key} edit={edit} districts={districts.data} />;
}

function OfferForm({ edit, districts }: { readonly edit: OfferEdit; readonly districts: readonly District[] }) {
  const { api } = useApp();
  const [draft, setDraft] = useState<OfferDraft>(edit.draft);
  const [problems, setProblems] = useState(edit.problems);
  const [checking, setChecking] = useState(false);
  const [extraLanguage, setExtraLanguage] = useState('');
  const [problem, setProblem] = useState<unknown>();
  // Languages shown as checkboxes: the common ones and every one this offer had or got, so none disappears on uncheck.
  const [languageChoices, setLanguageChoices] = useState<string[]>(() => [
    ...new Set([...COMMON_LANGUAGES, ...edit.draft.languages]),
  ]);
  useUnsavedWarning(edit.dirty);
  useEffect(() => {
    // "Ändern" on the check page names the field to continue at; it takes the focus once the form shows.
    const target = edit.focus;
    edit.focus = undefined;
    if (target !== undefined) focusField(target);
  }, [edit]);

  const update = (changes: Partial<OfferDraft>) => {
    const next = { ...draft, ...changes };
    if (edit.isNew && !next.idEdited && changes.name !== undefined) next.id = idFromName(changes.name);
    edit.draft = next;
    edit.dirty = true;
    setDraft(next);
  };
  const { errors, summary } = fieldErrorsOf(problems, fieldOfPath(OFFER_FIELDS));
  const errorOf = (field: (typeof OFFER_FIELDS)[number]) => errors[field];

  const goOn = async () => {
    setProblem(undefined);
    const found = checkOfferDraft(draft, edit.isNew);
    if (found.length === 0 && edit.isNew) {
      // A new offer must not replace an existing one by its id (PUT creates or replaces).
      setChecking(true);
      try {
        await api.get(`/v1/offers/${encodeURIComponent(draft.id)}`);
        found.push({ path: 'id', message: 'Ein Angebot mit dieser Kennung gibt es schon. Wählen Sie eine andere.' });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) {
          setProblem(error);
          setChecking(false);
          return;
        }
      }
      setChecking(false);
    }
    edit.problems = found;
    setProblems(found);
    if (found.length === 0) navigate(checkPath(edit.key));
  };

  const addLanguage = () => {
    if (extraLanguage === '') return;
    setLanguageChoices([...new Set([...languageChoices, extraLanguage])]);
    if (!draft.languages.includes(extraLanguage)) update({ languages: [...draft.languages, extraLanguage] });
    setExtraLanguage('');
  };
  const otherLanguages = [...ISO_639_1_CODES]
    .filter((code) => !languageChoices.includes(code))
    .map((code) => ({ value: code, label: languageLabel(code) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'de'));

  return (
    <EditPage
      title={offerTitle(edit.isNew)}
      back={{ href: LIST_PATH, label: 'Zum Angebotskatalog' }}
      caption={edit.isNew ? undefined : draft.name}
      summary={summary}
      problem={problem}
      onSubmit={() => void goOn()}
      busy={checking}
      submitLabel="Weiter"
    >
      <TextField
        id={fieldId('name')}
        label="Name des Angebots"
        value={draft.name}
        onValue={(name) => update({ name })}
        error={errorOf('name')}
        maxLength={200}
      />
      {edit.isNew ? (
        <TextField
          id={fieldId('id')}
          label="Kennung"
          hint="Eindeutig und dauerhaft, zum Beispiel elterncafe-nord. Wird aus dem Namen vorgeschlagen."
          value={draft.id}
          onValue={(id) => update({ id, idEdited: true })}
          error={errorOf('id')}
          width="width-20"
          autocomplete="off"
          spellcheck={false}
        />
      ) : null}
      <TextField
        id={fieldId('organization')}
        label="Träger"
        hint="Wer das Angebot macht, zum Beispiel Familienzentrum Nord"
        value={draft.organization}
        onValue={(organization) => update({ organization })}
        error={errorOf('organization')}
        maxLength={200}
      />
      <RadioGroup
        id={fieldId('status')}
        name="status"
        legend="Status"
        hint="Nur aktive Angebote schlägt Lotse vor."
        choices={labelChoices(OFFER_STATUSES, OFFER_STATUS_LABELS)}
        value={draft.status}
        onValue={(status) => update({ status })}
        error={errorOf('status')}
        horizontal
      />
      <div class="lotse-columns">
        <CheckboxGroup
          id={fieldId('needs')}
          name="needs"
          legend="Bei welchen Bedarfen hilft das Angebot?"
          choices={hintedChoices(NEED_CODES, NEED_LABELS)}
          values={draft.needs}
          onValues={(needs) => update({ needs })}
          error={errorOf('needs')}
        />
      </div>
      <div class="lotse-columns">
        <CheckboxGroup
          id={fieldId('lifePhases')}
          name="lifePhases"
          legend="Für welche Lebensphasen ist das Angebot?"
          choices={hintedChoices(LIFE_PHASES, LIFE_PHASE_LABELS)}
          values={draft.lifePhases}
          onValues={(lifePhases) => update({ lifePhases })}
          error={errorOf('lifePhases')}
        />
      </div>
      <div class="lotse-columns">
        <CheckboxGroup
          id={fieldId('districts')}
          name="districts"
          legend="In welchen Bezirken?"
          hint="Wählen Sie keinen Bezirk, wenn das Angebot für die ganze Kommune da ist."
          choices={districts.map((district) => ({ value: district.id, label: district.name }))}
          values={draft.districts}
          onValues={(chosen) => update({ districts: chosen })}
          error={errorOf('districts')}
        />
      </div>
      <div class="lotse-columns">
        <CheckboxGroup
          id={fieldId('languages')}
          name="languages"
          legend="In welchen Sprachen?"
          choices={languageChoices.map((code) => ({ value: code, label: languageLabel(code) }))}
          values={draft.languages}
          onValues={(languages) => update({ languages })}
          error={errorOf('languages')}
        />
      </div>
      <div class="lotse-inline">
        <Select
          id="f-languages-more"
          label="Weitere Sprache"
          choices={[{ value: '', label: 'Sprache wählen' }, ...otherLanguages]}
          value={extraLanguage}
          onValue={setExtraLanguage}
          optional
        />
        <Button variant="secondary" onClick={addLanguage}>
          Sprache hinzufügen
        </Button>
      </div>
      <CheckboxGroup
        id={fieldId('modes')}
        name="modes"
        legend="Wie findet das Angebot statt?"
        choices={hintedChoices(OFFER_MODES, OFFER_MODE_LABELS)}
        values={draft.modes}
        onValues={(modes) => update({ modes })}
        error={errorOf('modes')}
      />
      <fieldset class="kern-fieldset">
        <legend class="kern-label">Plätze</legend>
        <div class="kern-fieldset__body">
          <Checkbox
            id="f-capacity"
            label="Die freien Plätze werden gezählt"
            hint="Ohne Häkchen: offenes Angebot ohne Platzgrenze, zum Beispiel eine offene Sprechstunde."
            checked={draft.tracksCapacity}
            onChecked={(tracksCapacity) => update({ tracksCapacity })}
            invalid={errorOf('capacity') !== undefined}
          />
          {draft.tracksCapacity ? (
            <>
              <TextField
                id={fieldId('capacity.available')}
                label="Freie Plätze"
                hint="Bei 0 schlägt Lotse das Angebot nicht vor."
                inputMode="numeric"
                value={draft.available}
                onValue={(available) => update({ available })}
                error={errorOf('capacity.available') ?? errorOf('capacity')}
                width="width-4"
              />
              <TextField
                id={fieldId('capacity.maximum')}
                label="Plätze insgesamt"
                inputMode="numeric"
                value={draft.maximum}
                onValue={(maximum) => update({ maximum })}
                error={errorOf('capacity.maximum')}
                width="width-4"
                optional
              />
            </>
          ) : null}
        </div>
      </fieldset>
    </EditPage>
  );
}

type SummaryRow = { readonly label: string; readonly value: string; readonly field: string };

function summaryRows(draft: OfferDraft, isNew: boolean, districtName: (id: string) => string): SummaryRow[] {
  const list = (values: readonly string[], label: (value: string) => string) =>
    values.length === 0 ? '–' : values.map(label).join(', ');
  return [
    { label: 'Name', value: draft.name, field: 'name' },
    ...(isNew ? [{ label: 'Kennung', value: draft.id, field: 'id' }] : []),
    { label: 'Träger', value: draft.organization, field: 'organization' },
    { label: 'Status', value: OFFER_STATUS_LABELS[draft.status].label, field: 'status' },
    { label: 'Bedarfe', value: list(draft.needs, (code) => NEED_LABELS[code as NeedCode].label), field: 'needs' },
    {
      label: 'Lebensphasen',
      value: list(draft.lifePhases, (code) => LIFE_PHASE_LABELS[code as LifePhase].label),
      field: 'lifePhases',
    },
    { label: 'Bezirke', value: districtList(draft.districts, districtName), field: 'districts' },
    { label: 'Sprachen', value: list(draft.languages, languageLabel), field: 'languages' },
    {
      label: 'Angebotsform',
      value: list(draft.modes, (code) => OFFER_MODE_LABELS[code as keyof typeof OFFER_MODE_LABELS].label),
      field: 'modes',
    },
    {
      label: 'Plätze',
      value: draft.tracksCapacity
        ? capacityText({
            capacity: {
              available: Number(draft.available),
              ...(draft.maximum.trim() === '' ? {} : { maximum: Number(draft.maximum) }),
            },
          })
        : 'Nicht gezählt',
      field: draft.tracksCapacity ? 'capacity.available' : 'capacity',
    },
  ];
}

export function OfferCheckScreen({ params }: ScreenProps) {
  const key = params.id ?? NEW_KEY;
  const edit = offerEdit(key);
  const { api } = useApp();
  const [districts, reloadDistricts] = useLoad(() => loadDistricts(api), [api]);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  useUnsavedWarning(edit?.dirty ?? false);
  useEffect(() => {
    // Nothing to check (a reload lost the draft): back to the form.
    if (edit === undefined) navigate(editPath(key), { replace: true });
  }, [edit, key]);
  if (edit === undefined) return null;
  const title = offerTitle(edit.isNew);
  if (districts.state !== 'ready') {
    return (
      <Page title="Angaben prüfen" caption={title}>
        {districts.state === 'failed' ? (
          <ProblemNotice error={districts.error} onRetry={reloadDistricts} />
        ) : (
          <Loading />
        )}
      </Page>
    );
  }
  const save = async () => {
    setSaving(true);
    setProblem(undefined);
    try {
      await api.put(`/v1/offers/${encodeURIComponent(edit.draft.id)}`, { body: offerBody(edit.draft) });
      endOfferEdit();
      setCatalogueNotice(`„${edit.draft.name.trim()}“ ist gespeichert.`);
      navigate(LIST_PATH);
    } catch (error) {
      const problems = fieldProblems(error);
      if (problems !== undefined) {
        edit.problems = problems;
        navigate(editPath(key));
        return;
      }
      setProblem(error);
    } finally {
      setSaving(false);
    }
  };
  const change = (field: string) => (event: MouseEvent) => {
    event.preventDefault();
    edit.focus = field === 'capacity' ? 'f-capacity' : fieldId(field);
    navigate(editPath(key));
  };
  return (
    <Page title="Angaben prüfen" caption={title} back={{ href: editPath(key), label: 'Zurück zum Formular' }}>
      {problem === undefined ? null : <ProblemNotice error={problem} onRetry={() => void save()} />}
      <dl class="kern-description-list lotse-check-list">
        {summaryRows(edit.draft, edit.isNew, namesOf(districts.data)).map((row) => (
          <div class="kern-description-list-item" key={row.label}>
            <dt class="kern-description-list-item__key">{row.label}</dt>
            <dd class="kern-description-list-item__value">
              <span>{row.value}</span>{' '}
              <a class="kern-link" href={editPath(key)} onClick={change(row.field)} aria-label={`Ändern: ${row.label}`}>
                Ändern
              </a>
            </dd>
          </div>
        ))}
      </dl>
      <p class="kern-body">Lotse schlägt das Angebot nach spätestens einer Minute mit den neuen Angaben vor.</p>
      <div class="lotse-actions">
        <Button onClick={() => void save()} disabled={saving}>
          Speichern
        </Button>
      </div>
    </Page>
  );
}
