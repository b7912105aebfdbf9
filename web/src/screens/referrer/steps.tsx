// The steps of the referral journey after the child-protection question (UI.md "Referrer"), one screen each.
import { useRef, useState } from 'preact/hooks';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_SCOPES,
  CONTACT_CHANNELS,
  CONTACT_ROLES,
  NEED_CODES,
  URGENCIES,
} from '../../../../shared/domain/codes.ts';
import { ISO_639_1_CODES } from '../../../../shared/domain/iso-639-1.ts';
import {
  CONSENT_GIVER_LABELS,
  CONSENT_METHOD_LABELS,
  CONSENT_SCOPE_LABELS,
  CONTACT_CHANNEL_LABELS,
  CONTACT_ROLE_LABELS,
  type GermanLabel,
  languageLabel,
  NEED_LABELS,
  URGENCY_LABELS,
} from '../../../../shared/domain/labels-de.ts';
import { MAX_CHILDREN, MAX_LANGUAGES, NOTE_MAX_CHARACTERS } from '../../../../shared/domain/referral.ts';
import type { FieldProblem } from '../../api.ts';
import { focusField } from '../../components/error-summary.tsx';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  type Choice,
  fieldId,
  RadioGroup,
  TextArea,
  TextField,
} from '../../components/fields.tsx';
import { Alert } from '../../components/notices.tsx';
import { useApp } from '../../context.ts';
import type { ScreenProps } from '../../screens.ts';
import { districtOf } from './districts.ts';
import { CONTACT_STEP, type Draft, STEPS, type Step, type StepId, setReferrerContact } from './draft.ts';
import { StepForm } from './step-form.tsx';

function stepById(id: StepId): Step {
  const step = STEPS.find((candidate) => candidate.id === id);
  if (step === undefined) throw new Error(`no step ${id}`);
  return step;
}

function choices<Code extends string>(
  codes: readonly Code[],
  labels: Readonly<Record<Code, GermanLabel>>,
  withHints = true,
): Choice<Code>[] {
  return codes.map((code) => ({
    value: code,
    label: labels[code].label,
    ...(withHints && labels[code].hint !== undefined ? { hint: labels[code].hint } : {}),
  }));
}

const YES_NO: readonly Choice<'yes' | 'no'>[] = [
  { value: 'yes', label: 'Ja' },
  { value: 'no', label: 'Nein' },
];

const DATE_HINT = 'Tag, Monat und Jahr mit Punkten, zum Beispiel 07.12.2026';

export function ConsentStep(_: ScreenProps) {
  return (
    <StepForm step={stepById('einwilligung')}>
      {({ draft, update, errorAt }) => (
        <>
          <p class="kern-body">
            Die Familie entscheidet, wer ihre Angaben bekommt. Fragen Sie nach und kreuzen Sie nur an, was die Familie
            erlaubt hat.
          </p>
          <CheckboxGroup
            id={fieldId('consent.scopes')}
            name="scopes"
            legend="Die Familie ist einverstanden mit:"
            choices={choices(CONSENT_SCOPES, CONSENT_SCOPE_LABELS)}
            values={draft.consent.scopes}
            onValues={(scopes) => update((target) => (target.consent.scopes = scopes))}
            error={errorAt('consent.scopes')}
          />
          <RadioGroup
            id={fieldId('consent.givenBy')}
            name="givenBy"
            legend="Wer hat eingewilligt?"
            choices={choices(CONSENT_GIVERS, CONSENT_GIVER_LABELS)}
            value={draft.consent.givenBy}
            onValue={(givenBy) => update((target) => (target.consent.givenBy = givenBy))}
            error={errorAt('consent.givenBy')}
          />
          <RadioGroup
            id={fieldId('consent.method')}
            name="method"
            legend="Wie hat die Familie eingewilligt?"
            choices={choices(CONSENT_METHODS, CONSENT_METHOD_LABELS)}
            value={draft.consent.method}
            onValue={(method) => update((target) => (target.consent.method = method))}
            error={errorAt('consent.method')}
          />
          <TextField
            id={fieldId('consent.givenAt')}
            label="Wann hat die Familie eingewilligt?"
            hint={DATE_HINT}
            width="width-10"
            value={draft.consent.givenAt}
            onValue={(givenAt) => update((target) => (target.consent.givenAt = givenAt))}
            error={errorAt('consent.givenAt')}
          />
        </>
      )}
    </StepForm>
  );
}

export function ContactStep(_: ScreenProps) {
  return (
    <StepForm step={stepById('kontakt')}>
      {({ draft, update, errorAt }) => (
        <>
          <p class="kern-body">Mit dieser Person nimmt das Familienbüro Kontakt auf.</p>
          <TextField
            id={fieldId('contact.name')}
            label="Name"
            autocomplete="off"
            value={draft.contact.name}
            onValue={(name) => update((target) => (target.contact.name = name))}
            error={errorAt('contact.name')}
          />
          <RadioGroup
            id={fieldId('contact.role')}
            name="role"
            legend="Wer ist die Kontaktperson?"
            choices={choices(CONTACT_ROLES, CONTACT_ROLE_LABELS)}
            value={draft.contact.role}
            onValue={(role) => update((target) => (target.contact.role = role))}
            error={errorAt('contact.role')}
          />
          <TextField
            id={fieldId('contact.phone')}
            type="tel"
            label="Telefonnummer"
            hint="Telefon oder E-Mail: mindestens eins von beiden."
            autocomplete="off"
            value={draft.contact.phone}
            onValue={(phone) => update((target) => (target.contact.phone = phone))}
            error={errorAt('contact.phone')}
            width="width-20"
          />
          <TextField
            id={fieldId('contact.email')}
            type="email"
            label="E-Mail-Adresse"
            autocomplete="off"
            spellcheck={false}
            optional={draft.contact.phone.trim() !== ''}
            value={draft.contact.email}
            onValue={(email) => update((target) => (target.contact.email = email))}
            error={errorAt('contact.email')}
          />
          <RadioGroup
            id={fieldId('contact.preferredChannel')}
            name="preferredChannel"
            legend="Wie soll das Familienbüro die Familie erreichen?"
            choices={choices(CONTACT_CHANNELS, CONTACT_CHANNEL_LABELS)}
            value={draft.contact.preferredChannel}
            onValue={(channel) => update((target) => (target.contact.preferredChannel = channel))}
            error={errorAt('contact.preferredChannel')}
          />
          <TextField
            id={fieldId('contact.bestTime')}
            label="Wann ist die Familie gut zu erreichen?"
            hint="Zum Beispiel: vormittags, nach 16 Uhr"
            optional
            autocomplete="off"
            value={draft.contact.bestTime}
            onValue={(bestTime) => update((target) => (target.contact.bestTime = bestTime))}
            error={errorAt('contact.bestTime')}
          />
          <RadioGroup
            id={fieldId('contact.mayLeaveMessage')}
            name="mayLeaveMessage"
            legend="Darf das Familienbüro eine Nachricht hinterlassen?"
            hint="Zum Beispiel auf der Mailbox."
            horizontal
            choices={YES_NO}
            value={draft.contact.mayLeaveMessage}
            onValue={(answer) => update((target) => (target.contact.mayLeaveMessage = answer))}
            error={errorAt('contact.mayLeaveMessage')}
          />
        </>
      )}
    </StepForm>
  );
}

const BORN_CHOICES: readonly Choice<'born' | 'expected'>[] = [
  { value: 'born', label: 'Ja, geboren' },
  { value: 'expected', label: 'Nein, das Kind wird erwartet' },
];

export function ChildrenStep(_: ScreenProps) {
  const focusAfterRender = useRef<string | undefined>(undefined);
  return (
    <StepForm step={stepById('kinder')}>
      {({ draft, update, errorAt }) => {
        if (focusAfterRender.current !== undefined) {
          const id = focusAfterRender.current;
          focusAfterRender.current = undefined;
          queueMicrotask(() => focusField(id));
        }
        return (
          <>
            <p class="kern-body">Um welche Kinder geht es? Geben Sie jedes Kind einzeln an, auch ungeborene.</p>
            {draft.children.map((child, index) => {
              const number = index + 1;
              const datePath = `children.${index}.${child.born === 'expected' ? 'expectedBirthDate' : 'birthDate'}`;
              return (
                <section class="lotse-child" key={child.key} aria-labelledby={`kind-${child.key}`}>
                  <h2 class="kern-heading-small" id={`kind-${child.key}`}>
                    Kind {number}
                  </h2>
                  <RadioGroup
                    id={fieldId(`children.${index}`)}
                    name={`born-${child.key}`}
                    legend={`Ist Kind ${number} schon geboren?`}
                    choices={BORN_CHOICES}
                    value={child.born}
                    onValue={(born) => update(() => (child.born = born))}
                    error={errorAt(`children.${index}`)}
                  />
                  {child.born === undefined ? null : (
                    <TextField
                      id={fieldId(datePath)}
                      label={
                        child.born === 'born'
                          ? `Geburtsdatum von Kind ${number}`
                          : `Errechneter Geburtstermin von Kind ${number}`
                      }
                      hint={child.born === 'born' ? 'Zum Beispiel 01.10.2026' : 'Zum Beispiel 01.03.2027'}
                      width="width-10"
                      autocomplete="off"
                      value={child.date}
                      onValue={(date) => update(() => (child.date = date))}
                      error={errorAt(datePath)}
                    />
                  )}
                  {draft.children.length > 1 ? (
                    <Button
                      variant="tertiary"
                      onClick={() =>
                        update((target) => {
                          target.children = target.children.filter((candidate) => candidate.key !== child.key);
                          focusAfterRender.current = fieldId(`children.${Math.max(0, index - 1)}`);
                        })
                      }
                    >
                      Kind {number} entfernen
                    </Button>
                  ) : null}
                </section>
              );
            })}
            {draft.children.length < MAX_CHILDREN ? (
              <Button
                variant="secondary"
                onClick={() =>
                  update((target) => {
                    target.children = [...target.children, { key: target.nextChildKey, born: undefined, date: '' }];
                    target.nextChildKey += 1;
                    focusAfterRender.current = fieldId(`children.${target.children.length - 1}`);
                  })
                }
              >
                Weiteres Kind hinzufügen
              </Button>
            ) : (
              <p class="kern-body">Sie können höchstens {MAX_CHILDREN} Kinder angeben.</p>
            )}
          </>
        );
      }}
    </StepForm>
  );
}

export function NeedsStep(_: ScreenProps) {
  return (
    <StepForm step={stepById('bedarfe')}>
      {({ draft, update, errorAt }) => (
        <>
          <Alert kind="info" title="Nur was die Familie teilen möchte">
            <p class="kern-body">
              Wählen Sie Themen, bei denen die Familie Unterstützung möchte. Schreiben Sie keine Diagnosen und keine
              Vermutungen auf.
            </p>
          </Alert>
          <CheckboxGroup
            id={fieldId('needs')}
            name="needs"
            legend="Wobei möchte die Familie Unterstützung?"
            hint="Mehrere Antworten sind möglich."
            choices={choices(NEED_CODES, NEED_LABELS)}
            values={draft.needs}
            onValues={(needs) => update((target) => (target.needs = needs))}
            error={errorAt('needs')}
          />
        </>
      )}
    </StepForm>
  );
}

/** Languages families in NRW often speak, offered before any search. */
const COMMON_LANGUAGES = ['de', 'ar', 'tr', 'uk', 'ru', 'pl', 'ro', 'bg', 'fa', 'ku', 'en', 'fr'];
const LANGUAGE_NAMES = [...ISO_639_1_CODES]
  .map((code) => ({ code, name: languageLabel(code) }))
  .sort((a, b) => a.name.localeCompare(b.name, 'de'));
const MAX_MATCHES = 12;

function matchingLanguages(search: string): { code: string; name: string }[] {
  const term = search.trim().toLocaleLowerCase('de');
  if (term === '') return COMMON_LANGUAGES.map((code) => ({ code, name: languageLabel(code) }));
  const starts = LANGUAGE_NAMES.filter((language) => language.name.toLocaleLowerCase('de').startsWith(term));
  const contains = LANGUAGE_NAMES.filter(
    (language) => !starts.includes(language) && language.name.toLocaleLowerCase('de').includes(term),
  );
  return [...starts, ...contains].slice(0, MAX_MATCHES);
}

export function LanguageStep(_: ScreenProps) {
  const [search, setSearch] = useState('');
  return (
    <StepForm step={stepById('sprache')}>
      {({ draft, update, errorAt }) => {
        const matches = matchingLanguages(search);
        const toggle = (code: string, checked: boolean) =>
          update((target) => {
            target.languages = checked
              ? [...target.languages.filter((candidate) => candidate !== code), code]
              : target.languages.filter((candidate) => candidate !== code);
          });
        const full = draft.languages.length >= MAX_LANGUAGES;
        return (
          <>
            <div class="lotse-languages">
              <TextField
                id={fieldId('languages')}
                label="Welche Sprachen spricht die Familie?"
                hint={`Suchen Sie nach dem Namen der Sprache, zum Beispiel Arabisch. Bis zu ${MAX_LANGUAGES} Sprachen.`}
                autocomplete="off"
                spellcheck={false}
                value={search}
                onValue={setSearch}
                error={errorAt('languages')}
              />
              <p class="kern-body kern-body--small" role="status">
                {search.trim() === ''
                  ? 'Häufige Sprachen:'
                  : matches.length === 0
                    ? 'Keine Sprache gefunden.'
                    : `${matches.length} ${matches.length === 1 ? 'Sprache' : 'Sprachen'} gefunden:`}
              </p>
              <fieldset class="kern-fieldset">
                <legend class="kern-sr-only">Sprachen zur Auswahl</legend>
                <div class="kern-fieldset__body lotse-language-choices">
                  {matches.map((language) => (
                    <Checkbox
                      key={language.code}
                      id={`sprache-${language.code}`}
                      name="languages"
                      value={language.code}
                      label={language.name}
                      checked={draft.languages.includes(language.code)}
                      onChecked={(checked) => {
                        if (!checked || !full) toggle(language.code, checked);
                      }}
                    />
                  ))}
                </div>
              </fieldset>
            </div>
            <div>
              <h2 class="kern-heading-small">Ausgewählt</h2>
              {draft.languages.length === 0 ? (
                <p class="kern-body">Noch keine Sprache ausgewählt.</p>
              ) : (
                <ul class="kern-list lotse-selected">
                  {draft.languages.map((code) => (
                    <li key={code}>
                      <span class="kern-body">{languageLabel(code)}</span>{' '}
                      <Button variant="tertiary" onClick={() => toggle(code, false)}>
                        {languageLabel(code)} entfernen
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
              {full ? <p class="kern-body">Sie haben {MAX_LANGUAGES} Sprachen gewählt: mehr geht nicht.</p> : null}
            </div>
            <RadioGroup
              id={fieldId('interpreterNeeded')}
              name="interpreterNeeded"
              legend="Braucht die Familie Sprachmittlung?"
              hint="Eine Person, die beim Gespräch übersetzt."
              horizontal
              choices={YES_NO}
              value={draft.interpreterNeeded}
              onValue={(answer) => update((target) => (target.interpreterNeeded = answer))}
              error={errorAt('interpreterNeeded')}
            />
          </>
        );
      }}
    </StepForm>
  );
}

export function PlaceStep(_: ScreenProps) {
  const { api, config } = useApp();
  const check = async (draft: Draft): Promise<FieldProblem[]> => {
    const known = await districtOf(api, draft.postalCode.trim());
    if (known !== false) return [];
    return [
      {
        path: 'postalCode',
        message: `Die Postleitzahl ${draft.postalCode.trim()} gehört nicht zu ${config.municipality.name}. Lotse vermittelt nur Familien, die hier wohnen.`,
      },
    ];
  };
  return (
    <StepForm step={stepById('wohnort')} check={check}>
      {({ draft, update, errorAt }) => (
        <>
          <TextField
            id={fieldId('postalCode')}
            label="Postleitzahl der Familie"
            hint="Daran erkennt Lotse das zuständige Familienbüro."
            width="width-4"
            inputMode="numeric"
            autocomplete="off"
            value={draft.postalCode}
            onValue={(postalCode) => update((target) => (target.postalCode = postalCode))}
            error={errorAt('postalCode')}
          />
          <fieldset class="kern-fieldset">
            <legend class="kern-label">
              Was braucht die Familie für den Kontakt? <span class="kern-label__optional">(optional)</span>
            </legend>
            <div class="kern-fieldset__body">
              <Checkbox
                id={fieldId('accessibility.homeVisit')}
                label="Hausbesuch gewünscht"
                checked={draft.accessibility.homeVisit}
                onChecked={(checked) => update((target) => (target.accessibility.homeVisit = checked))}
              />
              <Checkbox
                id={fieldId('accessibility.barrierFree')}
                label="Barrierefreier Ort"
                hint="Zum Beispiel ohne Stufen."
                checked={draft.accessibility.barrierFree}
                onChecked={(checked) => update((target) => (target.accessibility.barrierFree = checked))}
              />
              <Checkbox
                id={fieldId('accessibility.childcareDuringAppointment')}
                label="Kinderbetreuung während des Termins"
                checked={draft.accessibility.childcareDuringAppointment}
                onChecked={(checked) => update((target) => (target.accessibility.childcareDuringAppointment = checked))}
              />
            </div>
          </fieldset>
        </>
      )}
    </StepForm>
  );
}

export function UrgencyStep(_: ScreenProps) {
  return (
    <StepForm step={stepById('dringlichkeit')}>
      {({ draft, update, errorAt }) => (
        <>
          <RadioGroup
            id={fieldId('urgency')}
            name="urgency"
            legend="Wie dringend braucht die Familie Kontakt?"
            choices={choices(URGENCIES, URGENCY_LABELS)}
            value={draft.urgency}
            onValue={(urgency) => update((target) => (target.urgency = urgency))}
            error={errorAt('urgency')}
          />
          <TextArea
            id={fieldId('note')}
            label="Hinweis für das Familienbüro"
            hint="Zum Beispiel, was die Familie sich wünscht. Keine Diagnosen, keine Vermutungen."
            optional
            maxCharacters={NOTE_MAX_CHARACTERS}
            value={draft.note}
            onValue={(note) => update((target) => (target.note = note))}
            error={errorAt('note')}
          />
          <TextField
            id={fieldId('referrerReference')}
            label="Ihr Zeichen"
            hint="Zum Beispiel Ihr Aktenzeichen. Nur Ihre Einrichtung sieht es."
            optional
            autocomplete="off"
            width="width-20"
            value={draft.referrerReference}
            onValue={(reference) => update((target) => (target.referrerReference = reference))}
            error={errorAt('referrerReference')}
          />
        </>
      )}
    </StepForm>
  );
}

export function ReferrerStep(_: ScreenProps) {
  return (
    <StepForm step={CONTACT_STEP}>
      {({ referrer, update, errorAt }) => {
        const change = (field: 'name' | 'phone' | 'email', value: string) =>
          update(() => {
            referrer[field] = value;
            setReferrerContact(referrer);
          });
        return (
          <>
            <p class="kern-body">So erreicht das Familienbüro Sie bei Rückfragen.</p>
            <TextField
              id={fieldId('referrer.name')}
              label="Ihr Name"
              autocomplete="name"
              value={referrer.name}
              onValue={(value) => change('name', value)}
              error={errorAt('referrer.name')}
            />
            <TextField
              id={fieldId('referrer.phone')}
              type="tel"
              label="Ihre Telefonnummer"
              hint="Telefon oder E-Mail: mindestens eins von beiden."
              autocomplete="tel"
              width="width-20"
              value={referrer.phone}
              onValue={(value) => change('phone', value)}
              error={errorAt('referrer.phone')}
            />
            <TextField
              id={fieldId('referrer.email')}
              type="email"
              label="Ihre E-Mail-Adresse"
              autocomplete="email"
              spellcheck={false}
              value={referrer.email}
              onValue={(value) => change('email', value)}
              error={errorAt('referrer.email')}
            />
          </>
        );
      }}
    </StepForm>
  );
}
