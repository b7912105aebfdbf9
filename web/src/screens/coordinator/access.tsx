// Zugänge (UI.md "Koordination"): people's accounts (invite, lock, unlock, delete) and registered systems (register,
// delete). Every account and client belongs to one role and, for Einrichtung and Familienbüro, to one organization of
// the catalogue. A new client's secret is shown once, in this page's memory only.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Role } from '#domain/case.ts';
import type { Account, Client } from '#domain/identity.ts';
import { ACCOUNT_STATUS_LABELS, CLIENT_STATUS_LABELS, ROLE_LABELS } from '#domain/labels-de.ts';
import { ApiError, type FieldProblem } from '../../api.ts';
import { ErrorSummary } from '../../components/error-summary.tsx';
import {
  Button,
  fieldId,
  hintedChoices,
  labelChoices,
  RadioGroup,
  Select,
  TextField,
} from '../../components/fields.tsx';
import { Form } from '../../components/form.tsx';
import { Alert, Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { TableHead } from '../../components/table.tsx';
import { useApp, useSession } from '../../context.ts';
import { formatDate } from '../../format.ts';
import type { ScreenProps } from '../../screens.ts';
import { type Institution, loadInstitutions, loadOffices, type Office } from './catalogue-data.ts';
import {
  Confirmation,
  fieldErrorsOf,
  fieldOfPath,
  fieldProblems,
  RowAction,
  ScrollTable,
  StatusMessage,
  useCommand,
  useLoad,
} from './common.tsx';

const ROLES: readonly Role[] = ['referrer', 'office', 'coordinator'];
/** People per page of the list; "Weitere laden" adds the next. */
const PAGE_SIZE = 25;

type Organizations = { readonly institutions: readonly Institution[]; readonly offices: readonly Office[] };

/** The organizations a role can be bound to: institutions for referrers, offices for offices, none for coordinators. */
function organizationChoices(role: Role | undefined, organizations: Organizations) {
  const list = role === 'referrer' ? organizations.institutions : role === 'office' ? organizations.offices : [];
  return [...list]
    .sort((a, b) => a.name.localeCompare(b.name, 'de'))
    .map((item) => ({ value: item.id, label: item.name }));
}

function organizationLabel(role: Role): string {
  return role === 'office' ? 'Familienbüro' : 'Einrichtung';
}

function organizationName(organizations: Organizations, id: string | null): string {
  if (id === null) return '–';
  const found = [...organizations.institutions, ...organizations.offices].find((item) => item.id === id);
  return found?.name ?? id;
}

type Confirming =
  | { readonly kind: 'account'; readonly account: Account }
  | { readonly kind: 'client'; readonly client: Client };

export function AccessScreen(_: ScreenProps) {
  const { api } = useApp();
  const [organizations, reloadOrganizations] = useLoad(async () => {
    const [institutions, offices] = await Promise.all([loadInstitutions(api), loadOffices(api)]);
    return { institutions, offices };
  }, [api]);
  const [invitePage, setInvitePage] = useState(0);
  const [hasErrors, setHasErrors] = useState({ invite: false, client: false });
  return (
    <Page title="Zugänge" hasErrors={hasErrors.invite || hasErrors.client}>
      <p class="kern-body">
        Personen melden sich mit ihrem eigenen Zugang an. Fachverfahren (zum Beispiel die Software einer Klinik) melden
        sich als registrierter Client an. Jeder Zugang gehört zu genau einer Rolle und, außer bei der Koordination, zu
        genau einer Einrichtung oder einem Familienbüro.
      </p>
      {organizations.state === 'loading' ? <Loading /> : null}
      {organizations.state === 'failed' ? (
        <ProblemNotice error={organizations.error} onRetry={reloadOrganizations} />
      ) : null}
      {organizations.state === 'ready' ? (
        <>
          <Accounts organizations={organizations.data} round={invitePage} />
          <InviteForm
            organizations={organizations.data}
            onInvited={() => setInvitePage((round) => round + 1)}
            onErrors={(invite) =>
              setHasErrors((current) => (current.invite === invite ? current : { ...current, invite }))
            }
          />
          <Clients
            organizations={organizations.data}
            onErrors={(client) =>
              setHasErrors((current) => (current.client === client ? current : { ...current, client }))
            }
          />
        </>
      ) : null}
    </Page>
  );
}

type AccountPage = { readonly items: readonly Account[]; readonly nextCursor: string | null };

function Accounts({ organizations, round }: { readonly organizations: Organizations; readonly round: number }) {
  const { api } = useApp();
  // One's own account is not locked or deleted from here: that would end this very session for good.
  const { username } = useSession();
  const [role, setRole] = useState<Role | ''>('');
  const [organizationId, setOrganizationId] = useState('');
  const [accounts, setAccounts] = useState<readonly Account[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<unknown>();
  const [confirming, setConfirming] = useState<Confirming | undefined>();
  const [busy, run] = useCommand(setProblem);
  const [notice, setNotice] = useState<string | undefined>();
  const firstNewRow = useRef<HTMLTableRowElement>(null);
  const [focusFrom, setFocusFrom] = useState<number | undefined>();

  const load = async (cursor: string | undefined) => {
    setLoading(true);
    setProblem(undefined);
    try {
      const page = (
        await api.get<AccountPage>('/v1/accounts', {
          query: {
            role: role === '' ? undefined : role,
            organizationId: organizationId || undefined,
            limit: PAGE_SIZE,
            cursor,
          },
        })
      ).body;
      setAccounts((shown) => (cursor === undefined ? page.items : [...shown, ...page.items]));
      if (cursor !== undefined) setFocusFrom(accounts.length);
      setNextCursor(page.nextCursor);
    } catch (error) {
      setProblem(error);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(undefined);
  }, [role, organizationId, round]);
  useEffect(() => {
    // After "Weitere laden" the first new row takes the focus, so a keyboard user continues where the list grew.
    if (focusFrom !== undefined) firstNewRow.current?.focus();
  }, [focusFrom]);

  const replace = (account: Account) =>
    setAccounts((shown) => shown.map((item) => (item.accountId === account.accountId ? account : item)));
  const act = (account: Account, action: 'disable' | 'enable' | 'delete') =>
    run(async () => {
      setNotice(undefined);
      const path = `/v1/accounts/${encodeURIComponent(account.accountId)}`;
      if (action === 'delete') {
        await api.delete(path);
        setAccounts((shown) => shown.filter((item) => item.accountId !== account.accountId));
        setConfirming(undefined);
        setNotice(`Der Zugang von ${account.name} ist gelöscht.`);
      } else {
        replace((await api.post<Account>(`${path}/${action}`)).body);
        setNotice(
          action === 'disable'
            ? `${account.name} ist gesperrt und kann sich nicht mehr anmelden.`
            : `${account.name} kann sich wieder anmelden.`,
        );
      }
    });

  const organizationFilter = [
    { value: '', label: 'Alle' },
    ...organizationChoices('referrer', organizations).map((choice) => ({
      ...choice,
      label: `Einrichtung: ${choice.label}`,
    })),
    ...organizationChoices('office', organizations).map((choice) => ({
      ...choice,
      label: `Familienbüro: ${choice.label}`,
    })),
  ];
  return (
    <section aria-labelledby="personen">
      <h2 class="kern-heading-medium" id="personen">
        Personen
      </h2>
      <search class="lotse-toolbar" aria-label="Personen filtern">
        <Select
          id="f-filter-role"
          label="Rolle"
          choices={[{ value: '', label: 'Alle' }, ...labelChoices(ROLES, ROLE_LABELS)]}
          value={role}
          onValue={setRole}
        />
        <Select
          id="f-filter-organization"
          label="Einrichtung oder Familienbüro"
          choices={organizationFilter}
          value={organizationId}
          onValue={setOrganizationId}
        />
      </search>
      {notice === undefined ? null : <StatusMessage>{notice}</StatusMessage>}
      {problem === undefined ? null : <ProblemNotice error={problem} onRetry={() => void load(undefined)} />}
      {confirming?.kind === 'account' ? (
        <Confirmation
          title={`Zugang von ${confirming.account.name} löschen?`}
          confirmLabel="Ja, Zugang löschen"
          busy={busy}
          onConfirm={() => void act(confirming.account, 'delete')}
          onCancel={() => {
            const id = confirming.account.accountId;
            setConfirming(undefined);
            requestAnimationFrame(() => document.getElementById(`loeschen-${id}`)?.focus());
          }}
        >
          <p class="kern-body">
            {confirming.account.email} kann sich dann nicht mehr anmelden. Das lässt sich nicht rückgängig machen; die
            Person kann aber neu eingeladen werden. Nur vorübergehend? Dann sperren Sie den Zugang lieber.
          </p>
        </Confirmation>
      ) : null}
      <ScrollTable label="Liste der Personen">
        <table class="kern-table kern-table--small">
          <caption class="kern-sr-only">Zugänge von Personen</caption>
          <TableHead
            columns={['Name', 'E-Mail', 'Rolle', 'Einrichtung oder Familienbüro', 'Status', 'Angelegt']}
            action="Aktionen"
          />
          <tbody class="kern-table__body">
            {accounts.map((account, index) => (
              <tr
                class="kern-table__row"
                key={account.accountId}
                ref={index === focusFrom ? firstNewRow : null}
                tabIndex={index === focusFrom ? -1 : undefined}
              >
                <th class="kern-table__cell" scope="row">
                  {account.name}
                </th>
                <td class="kern-table__cell">{account.email}</td>
                <td class="kern-table__cell">{ROLE_LABELS[account.role].label}</td>
                <td class="kern-table__cell">{organizationName(organizations, account.organizationId)}</td>
                <td class="kern-table__cell">{ACCOUNT_STATUS_LABELS[account.status].label}</td>
                <td class="kern-table__cell">{formatDate(account.createdAt)}</td>
                <td class="kern-table__cell kern-table__cell--action">
                  {account.accountId === username ? (
                    <span class="kern-body--small">Ihr eigener Zugang</span>
                  ) : (
                    <div class="lotse-row-actions">
                      {account.status === 'disabled' ? (
                        <RowAction
                          label="Entsperren"
                          name={account.name}
                          disabled={busy}
                          onClick={() => void act(account, 'enable')}
                        />
                      ) : (
                        <RowAction
                          label="Sperren"
                          name={account.name}
                          disabled={busy}
                          onClick={() => void act(account, 'disable')}
                        />
                      )}
                      <RowAction
                        id={`loeschen-${account.accountId}`}
                        label="Löschen"
                        name={account.name}
                        onClick={() => {
                          setNotice(undefined);
                          setConfirming({ kind: 'account', account });
                        }}
                      />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {loading ? <Loading /> : null}
      {!loading && accounts.length === 0 ? <p class="kern-body">Keine Zugänge für diesen Filter.</p> : null}
      {nextCursor === null || loading ? null : (
        <Button variant="secondary" onClick={() => void load(nextCursor)}>
          Weitere laden
        </Button>
      )}
    </section>
  );
}

type RegistrationDraft = { name: string; role: Role | undefined; organizationId: string };

/** Checks of both forms: a role, and the organization the role needs. */
function registrationProblems(draft: RegistrationDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (draft.role === undefined) problems.push({ path: 'role', message: 'Wählen Sie eine Rolle.' });
  else if (draft.role !== 'coordinator' && draft.organizationId === '') {
    problems.push({
      path: 'organizationId',
      message:
        draft.role === 'office'
          ? 'Wählen Sie das Familienbüro, zu dem der Zugang gehört.'
          : 'Wählen Sie die Einrichtung, zu der der Zugang gehört.',
    });
  }
  return problems;
}

function registrationBody(draft: RegistrationDraft) {
  return {
    name: draft.name.trim(),
    role: draft.role,
    ...(draft.role === 'coordinator' || draft.organizationId === '' ? {} : { organizationId: draft.organizationId }),
  };
}

/** 409 and 422 answers of both forms, as field problems. */
function answerProblems(error: unknown): FieldProblem[] | undefined {
  const problems = fieldProblems(error);
  if (problems !== undefined) return [...problems];
  if (error instanceof ApiError && error.status === 409) {
    return [{ path: 'email', message: 'Für diese E-Mail-Adresse gibt es schon einen Zugang.' }];
  }
  if (error instanceof ApiError && error.type === 'unknown-organization') {
    return [
      {
        path: 'organizationId',
        message: 'Diese Einrichtung oder dieses Familienbüro gibt es nicht mehr im Katalog. Laden Sie die Seite neu.',
      },
    ];
  }
  return undefined;
}

function RoleAndOrganization({
  prefix,
  draft,
  organizations,
  errors,
  onChange,
  roleHint,
}: {
  readonly prefix: string;
  readonly draft: RegistrationDraft;
  readonly organizations: Organizations;
  readonly errors: Readonly<Record<string, string>>;
  readonly onChange: (changes: Partial<RegistrationDraft>) => void;
  readonly roleHint?: string;
}) {
  return (
    <>
      <RadioGroup
        id={fieldId(`${prefix}.role`)}
        name={`${prefix}-role`}
        legend="Rolle"
        hint={roleHint}
        choices={hintedChoices(ROLES, ROLE_LABELS)}
        value={draft.role}
        onValue={(role) => onChange({ role, organizationId: '' })}
        error={errors[`${prefix}.role`]}
      />
      {draft.role === undefined || draft.role === 'coordinator' ? null : (
        <Select
          id={fieldId(`${prefix}.organizationId`)}
          label={organizationLabel(draft.role)}
          choices={[{ value: '', label: 'Bitte wählen' }, ...organizationChoices(draft.role, organizations)]}
          value={draft.organizationId}
          onValue={(organizationId) => onChange({ organizationId })}
          error={errors[`${prefix}.organizationId`]}
        />
      )}
    </>
  );
}

/** Problems of a form whose field ids carry a prefix (two forms on one page): `email` → `invite.email`. */
function prefixed(prefix: string, problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((problem) => ({ ...problem, path: `${prefix}.${problem.path}` }));
}

function InviteForm({
  organizations,
  onInvited,
  onErrors,
}: {
  readonly organizations: Organizations;
  readonly onInvited: () => void;
  readonly onErrors: (shown: boolean) => void;
}) {
  const { api } = useApp();
  const empty = { email: '', name: '', role: undefined, organizationId: '' };
  const [draft, setDraft] = useState<RegistrationDraft & { email: string }>(empty);
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [problem, setProblem] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [invited, setInvited] = useState<string | undefined>();
  const fields = ['invite.email', 'invite.name', 'invite.role', 'invite.organizationId'];
  const { errors, summary } = fieldErrorsOf(problems, fieldOfPath(fields));
  useEffect(() => onErrors(summary.length > 0), [summary.length]);
  const invite = async () => {
    const found: FieldProblem[] = [];
    if (draft.email.trim() === '')
      found.push({ path: 'email', message: 'Geben Sie die E-Mail-Adresse der Person an.' });
    if (draft.name.trim() === '') found.push({ path: 'name', message: 'Geben Sie den Namen der Person an.' });
    found.push(...registrationProblems(draft));
    setProblems(prefixed('invite', found));
    setProblem(undefined);
    setInvited(undefined);
    if (found.length > 0) return;
    setSaving(true);
    try {
      const account = (
        await api.post<Account>('/v1/accounts', { body: { email: draft.email.trim(), ...registrationBody(draft) } })
      ).body;
      setDraft(empty);
      setInvited(`${account.name} ist eingeladen. Die Einladung geht an ${account.email}.`);
      onInvited();
    } catch (error) {
      const answered = answerProblems(error);
      if (answered !== undefined) setProblems(prefixed('invite', answered));
      else setProblem(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <section aria-labelledby="einladen">
      <h2 class="kern-heading-medium" id="einladen">
        Person einladen
      </h2>
      <p class="kern-body">
        Die Person bekommt eine E-Mail mit einem vorläufigen Passwort. Bei der ersten Anmeldung legt sie ein eigenes
        Passwort und einen zweiten Faktor fest.
      </p>
      <ErrorSummary items={summary} />
      {invited === undefined ? null : <StatusMessage>{invited}</StatusMessage>}
      {problem === undefined ? null : <ProblemNotice error={problem} onRetry={() => void invite()} />}
      <Form onSubmit={() => void invite()}>
        <TextField
          id={fieldId('invite.email')}
          type="email"
          label="E-Mail-Adresse"
          value={draft.email}
          onValue={(email) => setDraft({ ...draft, email })}
          error={errors['invite.email']}
          autocomplete="off"
          spellcheck={false}
        />
        <TextField
          id={fieldId('invite.name')}
          label="Name"
          value={draft.name}
          onValue={(name) => setDraft({ ...draft, name })}
          error={errors['invite.name']}
          autocomplete="off"
          maxLength={200}
        />
        <RoleAndOrganization
          prefix="invite"
          draft={draft}
          organizations={organizations}
          errors={errors}
          onChange={(changes) => setDraft({ ...draft, ...changes })}
        />
        <Button type="submit" disabled={saving}>
          Person einladen
        </Button>
      </Form>
    </section>
  );
}

type Registered = Client & { readonly clientSecret: string };

function Clients({
  organizations,
  onErrors,
}: {
  readonly organizations: Organizations;
  readonly onErrors: (shown: boolean) => void;
}) {
  const { api } = useApp();
  const [loaded, reload] = useLoad(
    async () => (await api.get<{ items: readonly Client[] }>('/v1/clients')).body.items,
    [api],
  );
  const empty: RegistrationDraft = { name: '', role: undefined, organizationId: '' };
  const [draft, setDraft] = useState<RegistrationDraft>(empty);
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [problem, setProblem] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  // The secret lives here only: gone when the page is left or the coordinator confirms they have stored it.
  const [registered, setRegistered] = useState<Registered | undefined>();
  const [confirming, setConfirming] = useState<Client | undefined>();
  const [busy, run] = useCommand(setProblem);
  const [notice, setNotice] = useState<string | undefined>();
  const fields = ['client.name', 'client.role', 'client.organizationId'];
  const { errors, summary } = fieldErrorsOf(problems, fieldOfPath(fields));
  useEffect(() => onErrors(summary.length > 0), [summary.length]);

  const register = async () => {
    const found: FieldProblem[] = [];
    if (draft.name.trim() === '') found.push({ path: 'name', message: 'Geben Sie einen Namen für das System an.' });
    found.push(...registrationProblems(draft));
    setProblems(prefixed('client', found));
    setProblem(undefined);
    setNotice(undefined);
    if (found.length > 0) return;
    setSaving(true);
    try {
      const client = (await api.post<Registered>('/v1/clients', { body: registrationBody(draft) })).body;
      setDraft(empty);
      setRegistered(client);
      reload();
    } catch (error) {
      const answered = answerProblems(error);
      if (answered !== undefined) setProblems(prefixed('client', answered));
      else setProblem(error);
    } finally {
      setSaving(false);
    }
  };
  const remove = (client: Client) =>
    run(async () => {
      await api.delete(`/v1/clients/${encodeURIComponent(client.clientId)}`);
      setConfirming(undefined);
      setNotice(`Der Client „${client.name}“ ist gelöscht. Er bekommt keine Zugangstoken mehr.`);
      reload();
    });

  return (
    <>
      <section aria-labelledby="systeme">
        <h2 class="kern-heading-medium" id="systeme">
          Systeme (Clients)
        </h2>
        {notice === undefined ? null : <StatusMessage>{notice}</StatusMessage>}
        {confirming === undefined ? null : (
          <Confirmation
            title={`Client „${confirming.name}“ löschen?`}
            confirmLabel="Ja, Client löschen"
            busy={busy}
            onConfirm={() => void remove(confirming)}
            onCancel={() => {
              const id = confirming.clientId;
              setConfirming(undefined);
              requestAnimationFrame(() => document.getElementById(`client-loeschen-${id}`)?.focus());
            }}
          >
            <p class="kern-body">
              Das System bekommt dann keine Zugangstoken mehr und kann Lotse nicht mehr nutzen. Das lässt sich nicht
              rückgängig machen.
            </p>
          </Confirmation>
        )}
        {loaded.state === 'loading' ? <Loading /> : null}
        {loaded.state === 'failed' ? <ProblemNotice error={loaded.error} onRetry={reload} /> : null}
        {loaded.state === 'ready' && loaded.data.length === 0 ? (
          <p class="kern-body">Es ist noch kein System registriert.</p>
        ) : null}
        {loaded.state === 'ready' && loaded.data.length > 0 ? (
          <ScrollTable label="Liste der Systeme">
            <table class="kern-table kern-table--small">
              <caption class="kern-sr-only">Registrierte Systeme</caption>
              <TableHead
                columns={['Name', 'Client-ID', 'Rolle', 'Einrichtung oder Familienbüro', 'Status', 'Angelegt']}
                action="Aktionen"
              />
              <tbody class="kern-table__body">
                {loaded.data.map((client) => (
                  <tr class="kern-table__row" key={client.clientId}>
                    <th class="kern-table__cell" scope="row">
                      {client.name}
                    </th>
                    <td class="kern-table__cell">
                      <code class="lotse-code">{client.clientId}</code>
                    </td>
                    <td class="kern-table__cell">{ROLE_LABELS[client.role].label}</td>
                    <td class="kern-table__cell">{organizationName(organizations, client.organizationId)}</td>
                    <td class="kern-table__cell">{CLIENT_STATUS_LABELS[client.status].label}</td>
                    <td class="kern-table__cell">{formatDate(client.createdAt)}</td>
                    <td class="kern-table__cell kern-table__cell--action">
                      <RowAction
                        id={`client-loeschen-${client.clientId}`}
                        label="Löschen"
                        name={client.name}
                        onClick={() => {
                          setNotice(undefined);
                          setConfirming(client);
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        ) : null}
      </section>
      <section aria-labelledby="registrieren">
        <h2 class="kern-heading-medium" id="registrieren">
          Client registrieren
        </h2>
        <p class="kern-body">
          Für ein Fachverfahren, das Lotse direkt nutzt, zum Beispiel die Software einer Klinik. Es bekommt eine
          Client-ID und ein Geheimnis und holt sich damit seine Zugangstoken.
        </p>
        {registered === undefined ? null : (
          <SecretPanel
            client={registered}
            organizations={organizations}
            onDone={() => {
              setRegistered(undefined);
              requestAnimationFrame(() => document.getElementById(fieldId('client.name'))?.focus());
            }}
          />
        )}
        <ErrorSummary items={summary} />
        {problem === undefined ? null : <ProblemNotice error={problem} onRetry={() => void register()} />}
        <Form onSubmit={() => void register()}>
          <TextField
            id={fieldId('client.name')}
            label="Name des Systems"
            hint="Zum Beispiel: Kliniksoftware St.-Beispiel-Klinik"
            value={draft.name}
            onValue={(name) => setDraft({ ...draft, name })}
            error={errors['client.name']}
            autocomplete="off"
            maxLength={200}
          />
          <RoleAndOrganization
            prefix="client"
            draft={draft}
            organizations={organizations}
            errors={errors}
            onChange={(changes) => setDraft({ ...draft, ...changes })}
            roleHint="Das System darf genau das, was eine Person dieser Rolle darf."
          />
          <Button type="submit" disabled={saving}>
            Client registrieren
          </Button>
        </Form>
      </section>
    </>
  );
}

/** The new client's id and secret, once, with the warning that the secret will not be shown again. */
function SecretPanel({
  client,
  organizations,
  onDone,
}: {
  readonly client: Registered;
  readonly organizations: Organizations;
  readonly onDone: () => void;
}) {
  const ref = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <section class="lotse-secret" ref={ref} tabIndex={-1} aria-label="Geheimnis des neuen Clients">
      <Alert kind="warning" title="Nur jetzt sichtbar: das Geheimnis des Clients">
        <p class="kern-body">
          Kopieren Sie das Geheimnis jetzt in das System „{client.name}“ (
          {organizationName(organizations, client.organizationId)}
          ). Lotse zeigt es nie wieder an. Geht es verloren, löschen Sie den Client und registrieren ihn neu.
        </p>
        <dl class="kern-description-list">
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Client-ID</dt>
            <dd class="kern-description-list-item__value">
              <code class="lotse-code" data-testid="client-id">
                {client.clientId}
              </code>
            </dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Geheimnis</dt>
            <dd class="kern-description-list-item__value">
              <code class="lotse-code lotse-code--secret" data-testid="client-secret">
                {client.clientSecret}
              </code>
            </dd>
          </div>
        </dl>
        <div class="lotse-actions">
          <Button
            variant="secondary"
            onClick={() => {
              navigator.clipboard.writeText(client.clientSecret).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            Geheimnis kopieren
          </Button>
          <Button onClick={onDone}>Ich habe das Geheimnis gespeichert</Button>
        </div>
        <p class="kern-body" role="status">
          {copied ? 'Das Geheimnis ist in der Zwischenablage.' : ''}
        </p>
      </Alert>
    </section>
  );
}
