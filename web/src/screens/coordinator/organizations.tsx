// The referring institutions and the Familienbüros of the catalogue (UI.md "Koordination"): each a list and a form
// ("Hinzufügen", "Speichern"). One office per district: a district another office serves is named in the form, and
// the API's 409 for it is explained at the districts.
import { useState } from 'preact/hooks';
import { INSTITUTION_TYPES, type InstitutionType } from '#domain/codes.ts';
import { INSTITUTION_TYPE_LABELS } from '#domain/labels-de.ts';
import { ApiError, type FieldProblem } from '../../api.ts';
import { CheckboxGroup, fieldId, labelChoices, RadioGroup, TextField } from '../../components/fields.tsx';
import { ButtonLink } from '../../components/link.tsx';
import { Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { TableHead } from '../../components/table.tsx';
import { useApp } from '../../context.ts';
import { navigate } from '../../router.ts';
import type { ScreenProps } from '../../screens.ts';
import {
  type District,
  districtList,
  type Institution,
  loadDistricts,
  loadInstitutions,
  loadOffices,
  namesOf,
  type Office,
} from './catalogue-data.ts';
import {
  EditPage,
  type FieldErrors,
  fieldErrorsOf,
  fieldOfPath,
  fieldProblems,
  NamedLink,
  ScrollTable,
  StatusMessage,
  useLoad,
  useUnsavedWarning,
} from './common.tsx';
import { ENTITY_ID, idFromName } from './entity-ids.ts';

const INSTITUTIONS_PATH = '/koordination/einrichtungen';
const OFFICES_PATH = '/koordination/familienbueros';
const NEW_KEY = 'neu';

/** One line for a list after a save, shown once. */
let notice: string | undefined;
function takeNotice(): string | undefined {
  const text = notice;
  notice = undefined;
  return text;
}

export function InstitutionList(_: ScreenProps) {
  const { api } = useApp();
  const [loaded, reload] = useLoad(() => loadInstitutions(api), [api]);
  const [shownNotice] = useState(takeNotice);
  return (
    <Page title="Einrichtungen">
      <p class="kern-body">
        Einrichtungen vermitteln Familien an Lotse: Geburtskliniken, Praxen, Schulen, Kitas und andere. Ihre Zugänge
        legen Sie unter „Zugänge“ an.
      </p>
      <p class="kern-body">
        <ButtonLink href={`${INSTITUTIONS_PATH}/${NEW_KEY}`}>Hinzufügen</ButtonLink>
      </p>
      {shownNotice === undefined ? null : <StatusMessage>{shownNotice}</StatusMessage>}
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ProblemNotice error={loaded.error} onRetry={reload} /> : null}
      {loaded.state === 'ready' ? (
        <ScrollTable label="Einrichtungen">
          <table class="kern-table kern-table--small">
            <caption class="kern-sr-only">Einrichtungen mit ihrer Art</caption>
            <TableHead columns={['Einrichtung', 'Art', 'Kennung']} action="Aktionen" />
            <tbody class="kern-table__body">
              {loaded.data.map((institution) => (
                <tr class="kern-table__row" key={institution.id}>
                  <th class="kern-table__cell" scope="row">
                    {institution.name}
                  </th>
                  <td class="kern-table__cell">{INSTITUTION_TYPE_LABELS[institution.type].label}</td>
                  <td class="kern-table__cell">{institution.id}</td>
                  <EditCell list={INSTITUTIONS_PATH} entry={institution} />
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : null}
    </Page>
  );
}

/** A row's action cell: Bearbeiten, named after the row, to the entry's form below the list's path. */
function EditCell({
  list,
  entry,
}: {
  readonly list: string;
  readonly entry: { readonly id: string; readonly name: string };
}) {
  return (
    <td class="kern-table__cell kern-table__cell--action">
      <NamedLink href={`${list}/${encodeURIComponent(entry.id)}`} label={`Bearbeiten: ${entry.name}`}>
        Bearbeiten
      </NamedLink>
    </td>
  );
}

export function OfficeList(_: ScreenProps) {
  const { api } = useApp();
  const [loaded, reload] = useLoad(async () => {
    const [offices, districts] = await Promise.all([loadOffices(api), loadDistricts(api)]);
    return { offices, districts };
  }, [api]);
  const [shownNotice] = useState(takeNotice);
  const unserved =
    loaded.state === 'ready'
      ? loaded.data.districts.filter(
          (district) => !loaded.data.offices.some((office) => office.districts.includes(district.id)),
        )
      : [];
  return (
    <Page title="Familienbüros">
      <p class="kern-body">
        Jedes Familienbüro ist für einen oder mehrere Bezirke zuständig. Lotse leitet eine Vermittlung an das
        Familienbüro des Bezirks weiter, in dem die Familie wohnt.
      </p>
      <p class="kern-body">
        <ButtonLink href={`${OFFICES_PATH}/${NEW_KEY}`}>Hinzufügen</ButtonLink>
      </p>
      {shownNotice === undefined ? null : <StatusMessage>{shownNotice}</StatusMessage>}
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ProblemNotice error={loaded.error} onRetry={reload} /> : null}
      {loaded.state === 'ready' && unserved.length > 0 ? (
        <div class="kern-alert kern-alert--warning">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--warning" aria-hidden="true" />
            <h2 class="kern-title">
              {unserved.length === 1 ? '1 Bezirk ohne Familienbüro' : `${unserved.length} Bezirke ohne Familienbüro`}
            </h2>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">
              {unserved.map((district) => district.name).join(', ')}: Vermittlungen von dort gehen an die Koordination.
            </p>
          </div>
        </div>
      ) : null}
      {loaded.state === 'ready' ? (
        <ScrollTable label="Familienbüros">
          <table class="kern-table kern-table--small">
            <caption class="kern-sr-only">Familienbüros mit ihren Bezirken</caption>
            <TableHead
              columns={['Familienbüro', 'Bezirke', 'E-Mail', 'Benachrichtigung an ein Fachverfahren']}
              action="Aktionen"
            />
            <tbody class="kern-table__body">
              {loaded.data.offices.map((office) => (
                <tr class="kern-table__row" key={office.id}>
                  <th class="kern-table__cell" scope="row">
                    {office.name}
                  </th>
                  <td class="kern-table__cell">{districtList(office.districts, namesOf(loaded.data.districts))}</td>
                  <td class="kern-table__cell">{office.email}</td>
                  <td class="kern-table__cell">{office.webhookUrl === undefined ? 'Nein' : 'Ja'}</td>
                  <EditCell list={OFFICES_PATH} entry={office} />
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : null}
    </Page>
  );
}

/** Loads the entity of the path (none for `neu`) and what its form needs besides. */
function useEntity<T, Extra>(
  path: string,
  key: string,
  extra: () => Promise<Extra>,
): ReturnType<typeof useLoad<{ entity: T | undefined; extra: Extra }>> {
  const { api } = useApp();
  return useLoad(async () => {
    const [entity, more] = await Promise.all([
      key === NEW_KEY ? undefined : api.get<T>(`${path}/${encodeURIComponent(key)}`).then((answer) => answer.body),
      extra(),
    ]);
    return { entity, extra: more };
  }, [api, key]);
}

/** The shared frame of both forms: id for a new entry (from the name until typed), errors, save. */
function useEntityForm<Draft extends { id: string; name: string }>(initial: Draft, isNew: boolean) {
  const [draft, setDraft] = useState(initial);
  const [idEdited, setIdEdited] = useState(!isNew);
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [problem, setProblem] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  useUnsavedWarning(dirty);
  const update = (changes: Partial<Draft>) => {
    const next = { ...draft, ...changes };
    if (isNew && !idEdited && changes.name !== undefined) next.id = idFromName(changes.name);
    setDraft(next);
    setDirty(true);
  };
  const setName = (name: string) => update({ name } as Partial<Draft>);
  const setId = (id: string) => {
    setIdEdited(true);
    update({ id } as Partial<Draft>);
  };
  /**
   * Sends the entry once the form's own checks find no problem. The API's field problems (or what `explain` makes of
   * another failure) come back to the fields, any other failure shows to be tried again; once saved, the list shows
   * that it is.
   */
  const save = async (
    found: readonly FieldProblem[],
    put: () => Promise<unknown>,
    listPath: string,
    explain: (error: unknown) => FieldProblem[] | undefined = () => undefined,
  ) => {
    setProblems(found);
    setProblem(undefined);
    if (found.length > 0) return;
    setSaving(true);
    try {
      await put();
      setDirty(false);
      notice = `„${draft.name.trim()}“ ist gespeichert.`;
      navigate(listPath);
    } catch (error) {
      const fromApi = fieldProblems(error) ?? explain(error);
      if (fromApi !== undefined) setProblems(fromApi);
      else setProblem(error);
    } finally {
      setSaving(false);
    }
  };
  return {
    draft,
    update,
    setName,
    setId,
    save,
    problems,
    problem,
    saving,
  };
}

/** The entry's name and, for a new one, its id (proposed from the name until the coordinator types one). */
function NameAndIdFields({
  label,
  example,
  isNew,
  form,
  errors,
}: {
  readonly label: string;
  readonly example: string;
  readonly isNew: boolean;
  readonly form: {
    readonly draft: { readonly id: string; readonly name: string };
    readonly setName: (name: string) => void;
    readonly setId: (id: string) => void;
  };
  readonly errors: FieldErrors;
}) {
  return (
    <>
      <TextField
        id={fieldId('name')}
        label={label}
        value={form.draft.name}
        onValue={form.setName}
        error={errors.name}
        maxLength={200}
      />
      {isNew ? <IdField value={form.draft.id} error={errors.id} example={example} onValue={form.setId} /> : null}
    </>
  );
}

function idProblems(id: string, isNew: boolean, taken: boolean): FieldProblem[] {
  if (!isNew) return [];
  if (id.trim() === '') return [{ path: 'id', message: 'Geben Sie eine Kennung an.' }];
  if (!ENTITY_ID.test(id)) {
    return [
      {
        path: 'id',
        message:
          'Die Kennung darf nur Buchstaben ohne Umlaute, Ziffern, Punkt, Unterstrich und Bindestrich enthalten (höchstens 64 Zeichen).',
      },
    ];
  }
  return taken ? [{ path: 'id', message: 'Diese Kennung ist schon vergeben. Wählen Sie eine andere.' }] : [];
}

function IdField({
  value,
  error,
  onValue,
  example,
}: {
  readonly value: string;
  readonly error: string | undefined;
  readonly onValue: (value: string) => void;
  readonly example: string;
}) {
  return (
    <TextField
      id={fieldId('id')}
      label="Kennung"
      hint={`Eindeutig und dauerhaft, zum Beispiel ${example}. Wird aus dem Namen vorgeschlagen. Die Einrichtung oder das Familienbüro meldet sich damit an.`}
      value={value}
      onValue={onValue}
      error={error}
      width="width-20"
      autocomplete="off"
      spellcheck={false}
    />
  );
}

type InstitutionDraft = { id: string; name: string; type: InstitutionType | undefined };
const INSTITUTION_FIELDS = ['id', 'name', 'type'] as const;

export function InstitutionEdit({ params }: ScreenProps) {
  const { api } = useApp();
  const key = params.id ?? NEW_KEY;
  const [loaded, reload] = useEntity<Institution, readonly Institution[]>('/v1/institutions', key, () =>
    loadInstitutions(api),
  );
  const title = key === NEW_KEY ? 'Einrichtung hinzufügen' : 'Einrichtung bearbeiten';
  if (loaded.state !== 'ready') {
    return (
      <Page title={title} back={{ href: INSTITUTIONS_PATH, label: 'Zu den Einrichtungen' }}>
        {loaded.state === 'failed' ? <ProblemNotice error={loaded.error} onRetry={reload} /> : <Loading />}
      </Page>
    );
  }
  const { entity, extra } = loaded.data;
  return (
    <InstitutionForm
      title={title}
      initial={entity === undefined ? { id: '', name: '', type: undefined } : { ...entity }}
      isNew={entity === undefined}
      takenIds={new Set(extra.map((item) => item.id))}
    />
  );
}

function InstitutionForm({
  title,
  initial,
  isNew,
  takenIds,
}: {
  readonly title: string;
  readonly initial: InstitutionDraft;
  readonly isNew: boolean;
  readonly takenIds: ReadonlySet<string>;
}) {
  const { api } = useApp();
  const form = useEntityForm(initial, isNew);
  const { draft, update } = form;
  const { errors, summary } = fieldErrorsOf(form.problems, fieldOfPath(INSTITUTION_FIELDS));
  const save = async () => {
    const problems: FieldProblem[] = [...idProblems(draft.id, isNew, takenIds.has(draft.id))];
    if (draft.name.trim() === '') problems.push({ path: 'name', message: 'Geben Sie den Namen der Einrichtung an.' });
    if (draft.type === undefined) problems.push({ path: 'type', message: 'Wählen Sie die Art der Einrichtung.' });
    await form.save(
      problems,
      () =>
        api.put(`/v1/institutions/${encodeURIComponent(draft.id)}`, {
          body: { name: draft.name.trim(), type: draft.type },
        }),
      INSTITUTIONS_PATH,
    );
  };
  return (
    <EditPage
      title={title}
      back={{ href: INSTITUTIONS_PATH, label: 'Zu den Einrichtungen' }}
      summary={summary}
      problem={form.problem}
      onSubmit={() => void save()}
      busy={form.saving}
    >
      <NameAndIdFields label="Name der Einrichtung" example="klinik-mitte" isNew={isNew} form={form} errors={errors} />
      <RadioGroup
        id={fieldId('type')}
        name="type"
        legend="Art der Einrichtung"
        hint="Der Versorgungsbericht zählt Vermittlungen nach dieser Art."
        choices={labelChoices(INSTITUTION_TYPES, INSTITUTION_TYPE_LABELS)}
        value={draft.type}
        onValue={(type) => update({ type })}
        error={errors.type}
      />
    </EditPage>
  );
}

type OfficeDraft = { id: string; name: string; email: string; districts: string[]; webhookUrl: string };
const OFFICE_FIELDS = ['id', 'name', 'email', 'districts', 'webhookUrl'] as const;

export function OfficeEdit({ params }: ScreenProps) {
  const { api } = useApp();
  const key = params.id ?? NEW_KEY;
  const [loaded, reload] = useEntity<Office, { offices: readonly Office[]; districts: readonly District[] }>(
    '/v1/offices',
    key,
    async () => {
      const [offices, districts] = await Promise.all([loadOffices(api), loadDistricts(api)]);
      return { offices, districts };
    },
  );
  const title = key === NEW_KEY ? 'Familienbüro hinzufügen' : 'Familienbüro bearbeiten';
  if (loaded.state !== 'ready') {
    return (
      <Page title={title} back={{ href: OFFICES_PATH, label: 'Zu den Familienbüros' }}>
        {loaded.state === 'failed' ? <ProblemNotice error={loaded.error} onRetry={reload} /> : <Loading />}
      </Page>
    );
  }
  const { entity, extra } = loaded.data;
  return (
    <OfficeForm
      title={title}
      initial={
        entity === undefined
          ? { id: '', name: '', email: '', districts: [], webhookUrl: '' }
          : { ...entity, districts: [...entity.districts], webhookUrl: entity.webhookUrl ?? '' }
      }
      isNew={entity === undefined}
      offices={extra.offices}
      districts={extra.districts}
    />
  );
}

function OfficeForm({
  title,
  initial,
  isNew,
  offices,
  districts,
}: {
  readonly title: string;
  readonly initial: OfficeDraft;
  readonly isNew: boolean;
  readonly offices: readonly Office[];
  readonly districts: readonly District[];
}) {
  const { api } = useApp();
  const form = useEntityForm(initial, isNew);
  const { draft, update } = form;
  const { errors, summary } = fieldErrorsOf(form.problems, fieldOfPath(OFFICE_FIELDS));
  const districtName = namesOf(districts);
  const officeName = namesOf(offices);
  /** The other office that serves a district, if any. */
  const servedBy = (districtId: string) =>
    offices.find((office) => office.id !== draft.id && office.districts.includes(districtId));
  const conflicts = () =>
    draft.districts.flatMap((districtId) => {
      const other = servedBy(districtId);
      return other === undefined ? [] : [{ districtId, other }];
    });
  /** The API's 409 explained: which chosen district which other office serves, and what to do. */
  const conflictProblem = (detail: string): FieldProblem => {
    const named = /district "([^"]+)" is already served by office "([^"]+)"/.exec(detail);
    const found: { district: string; office: string }[] = named
      ? [{ district: districtName(named[1] ?? ''), office: officeName(named[2] ?? '') }]
      : conflicts().map(({ districtId, other }) => ({ district: districtName(districtId), office: other.name }));
    const which =
      found.length === 0
        ? 'Ein gewählter Bezirk gehört schon zu einem anderen Familienbüro.'
        : found.map(({ district, office }) => `Der Bezirk ${district} gehört schon zu „${office}“.`).join(' ');
    return {
      path: 'districts',
      message: `${which} Ein Bezirk hat genau ein Familienbüro: Nehmen Sie den Bezirk dort zuerst heraus, oder wählen Sie ihn hier ab.`,
    };
  };
  const save = async () => {
    const taken = offices.some((office) => office.id === draft.id);
    const problems: FieldProblem[] = [...idProblems(draft.id, isNew, taken)];
    if (draft.name.trim() === '') problems.push({ path: 'name', message: 'Geben Sie den Namen des Familienbüros an.' });
    if (draft.email.trim() === '') {
      problems.push({ path: 'email', message: 'Geben Sie die E-Mail-Adresse des Familienbüros an.' });
    }
    if (draft.districts.length === 0) {
      problems.push({ path: 'districts', message: 'Wählen Sie mindestens einen Bezirk.' });
    }
    await form.save(
      problems,
      () =>
        api.put(`/v1/offices/${encodeURIComponent(draft.id)}`, {
          body: {
            name: draft.name.trim(),
            email: draft.email.trim(),
            districts: draft.districts,
            ...(draft.webhookUrl.trim() === '' ? {} : { webhookUrl: draft.webhookUrl.trim() }),
          },
        }),
      OFFICES_PATH,
      (error) => (error instanceof ApiError && error.status === 409 ? [conflictProblem(error.detail)] : undefined),
    );
  };
  return (
    <EditPage
      title={title}
      back={{ href: OFFICES_PATH, label: 'Zu den Familienbüros' }}
      summary={summary}
      problem={form.problem}
      onSubmit={() => void save()}
      busy={form.saving}
    >
      <NameAndIdFields label="Name des Familienbüros" example="fb-nord" isNew={isNew} form={form} errors={errors} />
      <TextField
        id={fieldId('email')}
        type="email"
        label="E-Mail-Adresse"
        hint="Das Postfach des Familienbüros, zum Beispiel fb-nord@musterstadt.de"
        value={draft.email}
        onValue={(email) => update({ email })}
        error={errors.email}
        autocomplete="off"
        spellcheck={false}
      />
      <CheckboxGroup
        id={fieldId('districts')}
        name="districts"
        legend="Zuständig für die Bezirke"
        hint="Ein Bezirk hat genau ein Familienbüro."
        choices={districts.map((district) => {
          const other = servedBy(district.id);
          return {
            value: district.id,
            label: district.name,
            ...(other === undefined ? {} : { hint: `Gehört zurzeit zu: ${other.name}` }),
          };
        })}
        values={draft.districts}
        onValues={(chosen) => update({ districts: chosen })}
        error={errors.districts}
      />
      <TextField
        id={fieldId('webhookUrl')}
        type="url"
        label="Adresse für Benachrichtigungen an ein Fachverfahren"
        hint="Nur wenn das Familienbüro ein eigenes Fachverfahren hat: eine https-Adresse. Die meisten Familienbüros arbeiten direkt in Lotse und lassen das Feld leer."
        value={draft.webhookUrl}
        onValue={(webhookUrl) => update({ webhookUrl })}
        error={errors.webhookUrl}
        optional
        spellcheck={false}
      />
    </EditPage>
  );
}
