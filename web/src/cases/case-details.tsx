// A case as the Familienbüro and the coordinator read it (UI.md "Fall {short number}"): status, urgency, deadline; the
// referring professional; the contact person; the children with age and life phase; languages; needs; access wishes;
// note; consent; decline notes; proposals with their reasons; history. After erasure only what is no personal data.
import type { ComponentChildren } from 'preact';
import {
  CASE_STATUS_LABELS,
  CONSENT_GIVER_LABELS,
  CONSENT_METHOD_LABELS,
  CONSENT_SCOPE_LABELS,
  CONTACT_CHANNEL_LABELS,
  CONTACT_ROLE_LABELS,
  ESCALATION_REASON_LABELS,
  INSTITUTION_TYPE_LABELS,
  LIFE_PHASE_LABELS,
  languageLabel,
  NEED_LABELS,
  OUTCOME_LABELS,
  URGENCY_LABELS,
} from '../../../shared/domain/labels-de.ts';
import { Alert } from '../components/notices.tsx';
import { TableHead } from '../components/table.tsx';
import { formatDateTime } from '../format.ts';
import { actorText, deadlineText, describeChild, erasureReasonText, eventText, proposalReasons } from './describe.ts';
import type { CaseView } from './types.ts';

export function DescriptionList({ children }: { readonly children: ComponentChildren }) {
  return <dl class="kern-description-list">{children}</dl>;
}

export function Item({ term, children }: { readonly term: string; readonly children: ComponentChildren }) {
  return (
    <div class="kern-description-list-item">
      <dt class="kern-description-list-item__key">{term}</dt>
      <dd class="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

function Section({ title, children }: { readonly title: string; readonly children: ComponentChildren }) {
  return (
    <section class="lotse-case-section">
      <h2 class="kern-heading-medium">{title}</h2>
      {children}
    </section>
  );
}

const yesNo = (value: boolean | undefined) => (value ? 'Ja' : 'Nein');

export type CaseDetailsProps = {
  readonly view: CaseView;
  /** The German name of an office, when the screen knows it. */
  readonly officeName: (officeId: string) => string | undefined;
  /** Shown in the overview (the coordinator's view names the office). */
  readonly showOffice?: boolean;
  readonly now?: Date;
};

/** The notice a case shows once its personal data is gone (UI.md "Familienbüro": after erasure). */
export const ERASED_TITLE = 'Die personenbezogenen Daten dieses Falls wurden gelöscht.';

/** When and why the data went: the erasure's time and the reason its history entry names, if any. */
function erasedBecause(view: CaseView): string {
  const event = [...view.history].reverse().find((entry) => entry.type === 'withdrawn' || entry.type === 'erased');
  const at = view.erasedAt ?? event?.at ?? view.withdrawnAt;
  const reason = erasureReasonText(event?.details?.reason);
  return `Lotse hat sie ${at == null ? '' : `am ${formatDateTime(at)} `}gelöscht${reason === undefined ? '' : ` (${reason})`}.`;
}

/** After withdrawal, erasure or retention: that the family's personal data is gone, and why. */
export function ErasedNotice({ view }: { readonly view: CaseView }) {
  if (view.personalData !== 'erased') return null;
  return (
    <Alert kind="info" title={ERASED_TITLE}>
      <p class="kern-body">
        {erasedBecause(view)} Es bleiben nur Angaben ohne Personenbezug, etwa Status, Zeitpunkte und Verlauf.
      </p>
    </Alert>
  );
}

/** The overview at the top of the page: what the case is and where it stands (and whether its data is gone). */
export function CaseOverview({ view, officeName, showOffice = false, now = new Date() }: CaseDetailsProps) {
  return (
    <>
      <ErasedNotice view={view} />
      <Section title="Überblick">
        <DescriptionList>
          <Item term="Status">
            <span class="lotse-case-status">{CASE_STATUS_LABELS[view.status].label}</span>
          </Item>
          {view.urgency === undefined ? null : (
            <Item term="Dringlichkeit">
              {URGENCY_LABELS[view.urgency].label}
              {URGENCY_LABELS[view.urgency].hint ? (
                <span class="lotse-case-muted"> – {URGENCY_LABELS[view.urgency].hint}</span>
              ) : null}
            </Item>
          )}
          <Item term="Eingegangen">{formatDateTime(view.createdAt)}</Item>
          {view.deadlineAt === null || view.openedAt !== null || view.status !== 'routed' ? null : (
            <Item term="Frist zum Öffnen">{deadlineText(view.deadlineAt, now)}</Item>
          )}
          {view.openedAt === null ? null : <Item term="Geöffnet">{formatDateTime(view.openedAt)}</Item>}
          {showOffice ? (
            <Item term="Familienbüro">
              {view.officeId === null
                ? 'Keinem Familienbüro zugeordnet'
                : (officeName(view.officeId) ?? 'Familienbüro')}
            </Item>
          ) : null}
          {view.escalationReason === null ? null : (
            <Item term="Grund der Eskalation">
              {ESCALATION_REASON_LABELS[view.escalationReason].label}
              <span class="lotse-case-muted"> – {ESCALATION_REASON_LABELS[view.escalationReason].hint}</span>
            </Item>
          )}
          {view.outcome === null ? null : (
            <Item term="Ergebnis">
              {OUTCOME_LABELS[view.outcome].label}
              {view.closedAt === null ? null : (
                <span class="lotse-case-muted"> – am {formatDateTime(view.closedAt)}</span>
              )}
            </Item>
          )}
          {view.closedOfferId === null ? null : (
            <Item term="Angebot">
              {view.proposals.find((proposal) => proposal.offerId === view.closedOfferId)?.name ??
                'Ein Angebot aus dem Katalog'}
            </Item>
          )}
          {view.phases.length === 0 ? null : (
            <Item term="Lebensphasen">{view.phases.map((phase) => LIFE_PHASE_LABELS[phase].label).join(', ')}</Item>
          )}
          {view.needs.length === 0 ? null : (
            <Item term="Unterstützungsbedarf">
              <ul class="kern-list">
                {view.needs.map((need) => (
                  <li key={need}>
                    {NEED_LABELS[need].label}
                    {NEED_LABELS[need].hint ? <span class="lotse-case-muted"> – {NEED_LABELS[need].hint}</span> : null}
                  </li>
                ))}
              </ul>
            </Item>
          )}
        </DescriptionList>
      </Section>
    </>
  );
}

/** Everything else: personal data (or the notice that it was deleted), proposals, history. */
export function CaseDetails({
  view,
  officeName,
  now = new Date(),
  showNotes = true,
}: CaseDetailsProps & { readonly showNotes?: boolean }) {
  const erased = view.personalData === 'erased';
  return (
    <>
      {erased ? null : <PersonalData view={view} now={now} />}
      {showNotes ? <CaseNotes view={view} officeName={officeName} /> : null}
      {view.proposals.length === 0 && !view.unmatched ? null : (
        <Section title="Vorschläge">
          {view.proposals.length === 0 ? (
            <p class="kern-body">
              Lotse hat kein passendes Angebot gefunden. Das Familienbüro kann ein Angebot aus dem Katalog wählen.
            </p>
          ) : (
            <ol class="lotse-case-proposals">
              {view.proposals.map((proposal) => (
                <li key={proposal.offerId} class="lotse-case-proposal">
                  <h3 class="kern-heading-small">{proposal.name}</h3>
                  <p class="kern-body lotse-case-muted">{proposal.organization}</p>
                  <ul class="kern-list kern-list--bullet lotse-case-reasons">
                    {proposalReasons(proposal, view.needs.length).map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          )}
        </Section>
      )}
      <Section title="Verlauf">
        <div class="kern-table-responsive">
          <table class="kern-table kern-table--small">
            <caption class="kern-sr-only">Verlauf des Falls, ältester Eintrag zuerst</caption>
            <TableHead columns={['Wann', 'Was', 'Wer']} />
            <tbody class="kern-table__body">
              {view.history.map((event) => (
                <tr class="kern-table__row" key={event.seq}>
                  <td class="kern-table__cell">{formatDateTime(event.at)}</td>
                  <td class="kern-table__cell">{eventText(event, officeName)}</td>
                  <td class="kern-table__cell">{actorText(event.actor, officeName)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}

function PersonalData({ view, now }: { readonly view: CaseView; readonly now: Date }) {
  const { referrer, contact, consent, accessibility } = view;
  return (
    <>
      <Section title="Vermittelnde Fachkraft">
        <DescriptionList>
          {view.institutionType === undefined ? null : (
            <Item term="Einrichtung">{INSTITUTION_TYPE_LABELS[view.institutionType].label}</Item>
          )}
          {referrer === undefined ? null : (
            <>
              <Item term="Name">{referrer.name}</Item>
              {referrer.phone ? (
                <Item term="Telefon">
                  <a class="kern-link" href={`tel:${referrer.phone.replaceAll(' ', '')}`}>
                    {referrer.phone}
                  </a>
                </Item>
              ) : null}
              {referrer.email ? (
                <Item term="E-Mail">
                  <a class="kern-link" href={`mailto:${referrer.email}`}>
                    {referrer.email}
                  </a>
                </Item>
              ) : null}
            </>
          )}
        </DescriptionList>
      </Section>
      {contact === undefined ? null : (
        <Section title="Kontaktperson">
          <DescriptionList>
            <Item term="Name">{contact.name}</Item>
            <Item term="Rolle">{CONTACT_ROLE_LABELS[contact.role].label}</Item>
            {contact.phone ? (
              <Item term="Telefon">
                <a class="kern-link" href={`tel:${contact.phone.replaceAll(' ', '')}`}>
                  {contact.phone}
                </a>
              </Item>
            ) : null}
            {contact.email ? (
              <Item term="E-Mail">
                <a class="kern-link" href={`mailto:${contact.email}`}>
                  {contact.email}
                </a>
              </Item>
            ) : null}
            <Item term="Bevorzugter Kontaktweg">{CONTACT_CHANNEL_LABELS[contact.preferredChannel].label}</Item>
            {contact.bestTime ? <Item term="Beste Zeit">{contact.bestTime}</Item> : null}
            <Item term="Nachricht hinterlassen">{yesNo(contact.mayLeaveMessage)}</Item>
          </DescriptionList>
        </Section>
      )}
      {view.children === undefined ? null : (
        <Section title="Kinder">
          <ul class="kern-list">
            {view.children.map((child, index) => {
              const described = describeChild(child, now);
              return (
                <li key={index}>
                  <strong>Kind {index + 1}:</strong> {described.text}
                  {described.phases === '' ? null : <span class="lotse-case-muted"> – {described.phases}</span>}
                </li>
              );
            })}
          </ul>
        </Section>
      )}
      <Section title="Sprache und Zugang">
        <DescriptionList>
          {view.languages === undefined ? null : (
            <Item term="Sprachen">{view.languages.map((code) => languageLabel(code)).join(', ')}</Item>
          )}
          <Item term="Dolmetschen nötig">{yesNo(view.interpreterNeeded)}</Item>
          {view.postalCode === undefined ? null : <Item term="Postleitzahl">{view.postalCode}</Item>}
          {accessibility === undefined ? null : (
            <>
              <Item term="Hausbesuch gewünscht">{yesNo(accessibility.homeVisit)}</Item>
              <Item term="Barrierefreier Zugang nötig">{yesNo(accessibility.barrierFree)}</Item>
              <Item term="Kinderbetreuung beim Termin">{yesNo(accessibility.childcareDuringAppointment)}</Item>
            </>
          )}
        </DescriptionList>
      </Section>
      <Section title="Hinweis der Fachkraft">
        <p class="kern-body lotse-case-note">{view.note ? view.note : 'Kein Hinweis.'}</p>
      </Section>
      {consent === undefined ? null : (
        <Section title="Einwilligung">
          <DescriptionList>
            <Item term="Eingewilligt in">
              <ul class="kern-list">
                {consent.scopes.map((scope) => (
                  <li key={scope}>{CONSENT_SCOPE_LABELS[scope].label}</li>
                ))}
              </ul>
            </Item>
            <Item term="Gegeben von">{CONSENT_GIVER_LABELS[consent.givenBy].label}</Item>
            <Item term="Art">{CONSENT_METHOD_LABELS[consent.method].label}</Item>
            <Item term="Gegeben am">{formatDateTime(consent.givenAt)}</Item>
          </DescriptionList>
        </Section>
      )}
    </>
  );
}

/** The notes offices left with the case (e.g. why they declined it), each with the history entry it belongs to. */
export function CaseNotes({ view, officeName }: Pick<CaseDetailsProps, 'view' | 'officeName'>) {
  if (view.personalData === 'erased' || view.notes === undefined || view.notes.length === 0) return null;
  return (
    <Section title="Notizen der Familienbüros">
      <ul class="kern-list">
        {view.notes.map((note) => {
          const event = view.history.find((entry) => entry.seq === note.seq);
          return (
            <li key={note.seq}>
              {event === undefined ? null : (
                <p class="kern-body kern-body--small lotse-case-muted">
                  {eventText(event, officeName)}, {formatDateTime(event.at)}
                </p>
              )}
              <p class="kern-body lotse-case-note">{note.note}</p>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
