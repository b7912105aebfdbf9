// The German words for every code of the domain: the one place the web app and the CSV exports take them from, so a
// code is never shown raw. Each entry has a label and, where it helps, a one-line hint in plain language. Pure data
// (no DOM, no I/O): the code lists themselves come from codes.ts and the types make a missing entry a compile error.
import type { AuditAction, CaseEventType, Role } from './case.ts';
import type {
  CaseStatus,
  ConsentGiver,
  ConsentMethod,
  ConsentScope,
  ContactChannel,
  ContactRole,
  DeclineReason,
  EraseReason,
  ErasureCause,
  EscalationReason,
  InstitutionType,
  LifePhase,
  NeedCode,
  OfferMode,
  OfferStatus,
  Outcome,
  ReferrerStatus,
  Urgency,
  WithdrawReason,
} from './codes.ts';
import type { CoverageCount } from './coverage.ts';
import type { AccountStatus, ClientStatus } from './identity.ts';

export type GermanLabel = { readonly label: string; readonly hint?: string };
type Labels<Code extends string> = Readonly<Record<Code, GermanLabel>>;

export const NEED_LABELS: Labels<NeedCode> = {
  'financial-support': { label: 'Geld und Anträge', hint: 'Existenzsicherung, Hilfe bei Anträgen, Schuldnerberatung' },
  childcare: { label: 'Kinderbetreuung', hint: 'Platz in einer Kita oder in der Kindertagespflege' },
  parenting: { label: 'Erziehung und Entwicklung', hint: 'Fragen zur Erziehung, Erziehungsberatung' },
  'family-education': { label: 'Familienbildung', hint: 'Elternkurse, Elterncafé, Treffen mit anderen Eltern' },
  'health-support': { label: 'Gesundheit', hint: 'Familienhebamme, Familien-Kinderkrankenpflege, Gesundheitsfragen' },
  'pregnancy-counselling': {
    label: 'Schwangerschaftsberatung',
    hint: 'Beratung nach § 2 Schwangerschaftskonfliktgesetz',
  },
  language: { label: 'Sprache', hint: 'Sprachförderung, Sprachmittlung' },
  school: { label: 'Schule', hint: 'Schulsozialarbeit, Fragen rund um die Schule' },
  'career-transition': { label: 'Schule und Beruf', hint: 'Berufsorientierung, Jugendberufsagentur' },
  relationship: {
    label: 'Partnerschaft und Trennung',
    hint: 'Beratung bei Konflikten, Trennung, für Alleinerziehende',
  },
  'everyday-relief': { label: 'Entlastung im Alltag', hint: 'Familienpatenschaft, Haushaltshilfe' },
  participation: { label: 'Freizeit und Teilhabe', hint: 'Freizeitangebote, Bildung und Teilhabe' },
  migration: { label: 'Migration', hint: 'Migrationsberatung' },
  'early-intervention': { label: 'Frühförderung', hint: 'Frühförderstelle, Sozialpädiatrisches Zentrum' },
};

export const LIFE_PHASE_LABELS: Labels<LifePhase> = {
  pregnancy: { label: 'Schwangerschaft und Geburt', hint: 'Geburt erwartet oder Kind jünger als 8 Wochen' },
  infant: { label: 'Frühe Kindheit', hint: '0 bis unter 3 Jahre (Frühe Hilfen)' },
  kita: { label: 'Kita-Alter', hint: '3 bis unter 6 Jahre' },
  primary: { label: 'Grundschule', hint: '6 bis unter 10 Jahre' },
  secondary: { label: 'Sekundarstufe I', hint: '10 bis unter 16 Jahre' },
  transition: { label: 'Übergang Schule–Beruf', hint: '16 bis unter 27 Jahre' },
};

export const URGENCY_LABELS: Labels<Urgency> = {
  routine: { label: 'Normal', hint: 'Das Familienbüro meldet sich in der üblichen Zeit.' },
  soon: { label: 'Bald', hint: 'Die Familie braucht innerhalb von 2 Wochen Kontakt.' },
  urgent: { label: 'Dringend', hint: 'Die Familie braucht innerhalb von 3 Tagen Kontakt.' },
};

export const INSTITUTION_TYPE_LABELS: Labels<InstitutionType> = {
  'birth-clinic': { label: 'Geburtsklinik' },
  'paediatric-practice': { label: 'Kinderarztpraxis' },
  'gynaecology-practice': { label: 'Frauenarztpraxis' },
  school: { label: 'Schule' },
  kita: { label: 'Kita oder Familienzentrum' },
  'youth-work': { label: 'Jugendsozialarbeit' },
  'family-education': { label: 'Familienbildung' },
  other: { label: 'Andere Einrichtung' },
};

export const OFFER_MODE_LABELS: Labels<OfferMode> = {
  'on-site': { label: 'Vor Ort' },
  outreach: { label: 'Aufsuchend', hint: 'Besuch bei der Familie zu Hause' },
  online: { label: 'Online' },
  phone: { label: 'Telefonisch' },
};

export const OFFER_STATUS_LABELS: Labels<OfferStatus> = {
  active: { label: 'Aktiv' },
  inactive: { label: 'Nicht aktiv' },
};

export const CONSENT_SCOPE_LABELS: Labels<ConsentScope> = {
  office: {
    label: 'Weitergabe an das Familienbüro',
    hint: 'Pflicht: Ohne diese Einwilligung kann das Familienbüro die Familie nicht kontaktieren.',
  },
  offer: {
    label: 'Weitergabe an passende Angebote',
    hint: 'Das Familienbüro darf die Angaben an passende Angebote weitergeben.',
  },
  feedback: {
    label: 'Rückmeldung an mich',
    hint: 'Sie erfahren, wie es weitergeht und wie der Fall endet. Inhalte erfahren Sie nicht.',
  },
};

export const CONSENT_GIVER_LABELS: Labels<ConsentGiver> = {
  parent: { label: 'Ein Elternteil' },
  guardian: { label: 'Eine sorgeberechtigte Person' },
  'young-person': { label: 'Die junge Person selbst', hint: 'Junge Menschen ab etwa 14 Jahren' },
};

export const CONSENT_METHOD_LABELS: Labels<ConsentMethod> = {
  written: { label: 'Schriftlich', hint: 'Unterschriebene Einwilligung' },
  'verbal-documented': { label: 'Mündlich, dokumentiert', hint: 'Sie haben die mündliche Einwilligung notiert.' },
};

export const CONTACT_ROLE_LABELS: Labels<ContactRole> = {
  mother: { label: 'Mutter' },
  father: { label: 'Vater' },
  guardian: { label: 'Sorgeberechtigte Person' },
  'young-person': { label: 'Junge Person selbst' },
  other: { label: 'Andere Person' },
};

export const CONTACT_CHANNEL_LABELS: Labels<ContactChannel> = {
  phone: { label: 'Anruf' },
  email: { label: 'E-Mail' },
  sms: { label: 'SMS' },
  letter: { label: 'Brief' },
  'in-person': { label: 'Persönlich' },
};

/** Internal case statuses, as the Familienbüro and the coordinator see them. */
export const CASE_STATUS_LABELS: Labels<CaseStatus> = {
  received: { label: 'Eingegangen', hint: 'Noch keinem Familienbüro zugeordnet.' },
  routed: { label: 'Neu', hint: 'Dem Familienbüro zugeordnet, noch nicht angenommen.' },
  accepted: { label: 'Angenommen' },
  'in-progress': { label: 'In Bearbeitung' },
  closed: { label: 'Abgeschlossen' },
  escalated: { label: 'Eskaliert', hint: 'Die Koordination muss den Fall zuweisen.' },
  withdrawn: { label: 'Zurückgezogen', hint: 'Die persönlichen Daten sind gelöscht.' },
};

/** The statuses a referrer sees. */
export const REFERRER_STATUS_LABELS: Labels<ReferrerStatus> = {
  received: { label: 'Eingegangen', hint: 'Lotse hat die Vermittlung erhalten.' },
  forwarded: { label: 'Weitergeleitet', hint: 'Das Familienbüro hat die Vermittlung.' },
  'in-progress': { label: 'In Bearbeitung', hint: 'Das Familienbüro kümmert sich um die Familie.' },
  closed: { label: 'Abgeschlossen', hint: 'Das Familienbüro hat den Fall abgeschlossen.' },
  withdrawn: { label: 'Zurückgezogen', hint: 'Die Daten der Familie sind gelöscht.' },
};

export const OUTCOME_LABELS: Labels<Outcome> = {
  connected: { label: 'Vermittelt', hint: 'Die Familie nimmt ein Angebot wahr.' },
  waitlisted: { label: 'Auf der Warteliste', hint: 'Die Familie wartet auf einen Platz.' },
  'family-declined': { label: 'Von der Familie abgelehnt', hint: 'Die Familie möchte keine Unterstützung.' },
  unreachable: { label: 'Nicht erreicht', hint: 'Das Familienbüro hat die Familie nicht erreicht.' },
  'referred-elsewhere': { label: 'Anderswohin vermittelt', hint: 'Eine andere Stelle hilft der Familie.' },
  'no-capacity': { label: 'Kein Platz frei', hint: 'Kein passendes Angebot hatte Platz.' },
};

export const DECLINE_REASON_LABELS: Labels<DeclineReason> = {
  'not-responsible': { label: 'Nicht zuständig', hint: 'Die Familie wohnt nicht im Bezirk dieses Familienbüros.' },
  'no-capacity': { label: 'Keine Kapazität', hint: 'Das Familienbüro kann den Fall zurzeit nicht übernehmen.' },
  duplicate: { label: 'Doppelt', hint: 'Der Fall liegt schon vor.' },
  other: { label: 'Anderer Grund', hint: 'Bitte in der Notiz erklären.' },
};

export const WITHDRAW_REASON_LABELS: Labels<WithdrawReason> = {
  'consent-withdrawn': { label: 'Die Familie hat die Einwilligung widerrufen' },
  'entered-in-error': { label: 'Die Vermittlung war ein Versehen' },
  other: { label: 'Anderer Grund' },
};

/** Why the coordinator erases a family's personal data (a data-subject request, GDPR Art. 17). */
export const ERASE_REASON_LABELS: Labels<EraseReason> = {
  'data-subject-request': {
    label: 'Die Familie hat die Löschung verlangt',
    hint: 'Sie hat sich direkt an die Kommune gewandt (Art. 17 DSGVO).',
  },
  'consent-withdrawn': { label: 'Die Familie hat die Einwilligung widerrufen' },
  other: { label: 'Anderer Grund' },
};

/** Why a case's personal data is gone: the referrer's withdrawal, an erasure on request, or the retention period. */
export const ERASURE_CAUSE_LABELS: Labels<ErasureCause> = {
  withdrawal: { label: 'Die Vermittlung wurde zurückgezogen' },
  erasure: { label: 'Auf Antrag gelöscht' },
  retention: { label: 'Die Aufbewahrungsfrist ist abgelaufen' },
};

/** Why the family's personal data was handed out, as a case's audit trail lists it ("Zugriffe"). */
export const AUDIT_ACTION_LABELS: Labels<AuditAction> = {
  read: { label: 'Fall gelesen' },
  accept: { label: 'Fall angenommen' },
  decline: { label: 'Fall abgelehnt' },
  start: { label: 'Bearbeitung begonnen' },
  close: { label: 'Fall abgeschlossen' },
  assign: { label: 'Fall zugewiesen' },
  export: { label: 'Auskunft heruntergeladen', hint: 'Alle Daten des Falls als Datei (Art. 15 DSGVO).' },
};

export const ESCALATION_REASON_LABELS: Labels<EscalationReason> = {
  'no-office': { label: 'Kein Familienbüro', hint: 'Für den Bezirk ist kein Familienbüro eingetragen.' },
  declined: { label: 'Abgelehnt', hint: 'Das Familienbüro hat den Fall abgelehnt.' },
  deadline: { label: 'Frist abgelaufen', hint: 'Das Familienbüro hat nicht rechtzeitig reagiert.' },
};

/** Entries of a case's history. */
export const CASE_EVENT_LABELS: Labels<CaseEventType> = {
  received: { label: 'Eingegangen' },
  routed: { label: 'Familienbüro zugeordnet' },
  escalated: { label: 'Eskaliert' },
  opened: { label: 'Vom Familienbüro geöffnet' },
  accepted: { label: 'Angenommen' },
  declined: { label: 'Abgelehnt' },
  started: { label: 'Bearbeitung begonnen' },
  closed: { label: 'Abgeschlossen' },
  assigned: { label: 'Neu zugewiesen' },
  withdrawn: { label: 'Zurückgezogen' },
  erased: { label: 'Personenbezogene Daten gelöscht' },
};

export const ROLE_LABELS: Labels<Role> = {
  referrer: { label: 'Vermittelnde Fachkraft', hint: 'Lotsin oder Fachkraft einer Einrichtung' },
  office: { label: 'Familienbüro' },
  coordinator: { label: 'Koordination' },
};

/** A person's account, as the coordinator sees it. */
export const ACCOUNT_STATUS_LABELS: Labels<AccountStatus> = {
  invited: { label: 'Eingeladen', hint: 'Hat sich noch nicht angemeldet.' },
  active: { label: 'Aktiv' },
  disabled: { label: 'Gesperrt', hint: 'Kann sich nicht anmelden.' },
};

/** A registered system (machine client). */
export const CLIENT_STATUS_LABELS: Labels<ClientStatus> = {
  active: { label: 'Aktiv' },
  disabled: { label: 'Gesperrt', hint: 'Die Einrichtung oder das Familienbüro ist nicht mehr im Katalog.' },
};

/** The counts of the coverage report (its columns, in the table and in a German CSV). */
export const COVERAGE_COUNT_LABELS: Labels<CoverageCount> = {
  received: { label: 'Eingegangen', hint: 'Vermittlungen, die Lotse erhalten hat.' },
  routed: { label: 'Weitergeleitet', hint: 'An ein Familienbüro weitergeleitet.' },
  unmatched: { label: 'Ohne passendes Angebot', hint: 'Weitergeleitet, aber kein Angebot passte: eine Lücke.' },
  accepted: { label: 'Angenommen', hint: 'Vom Familienbüro angenommen.' },
  connected: { label: 'Vermittelt', hint: 'Die Familie nimmt ein Angebot wahr.' },
};

/** Yes/no answers (interpreter needed, may leave a message, access wishes). */
export const YES_NO_LABELS: Readonly<Record<'true' | 'false', GermanLabel>> = {
  true: { label: 'Ja' },
  false: { label: 'Nein' },
};

// Built on first use: loading the locale data takes milliseconds a function's cold start need not spend.
let languageNames: Intl.DisplayNames | undefined;

/** The German name of an ISO 639-1 language code (from the runtime's CLDR data, e.g. `ar` → "Arabisch"). */
export function languageLabel(code: string): string {
  languageNames ??= new Intl.DisplayNames(['de'], { type: 'language', fallback: 'code' });
  return languageNames.of(code) ?? code;
}
