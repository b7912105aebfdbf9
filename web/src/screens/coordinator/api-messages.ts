// The API's English field messages (the shared schemas' and the catalogue's rules) in plain German, for the
// coordinator's forms and the import report.

type Translation = readonly [RegExp, string | ((...groups: string[]) => string)];

/** The API's field messages (shared/domain/field-rules.ts and the catalogue's rules) in plain German. */
const TRANSLATIONS: readonly Translation[] = [
  [/^is required$/, 'Diese Angabe fehlt.'],
  [/^must not be empty$/, 'Bitte ausfüllen.'],
  [/^must be at most (\d+) characters long$/, (max) => `Höchstens ${max} Zeichen.`],
  [/^must contain at least one need/, 'Mindestens ein Bedarf ist nötig (Merkmal der Taxonomie „lotse-needs“).'],
  [/^must contain at least one /, 'Mindestens ein Eintrag ist nötig.'],
  [/^must contain at least (\d+) /, (min) => `Bitte mindestens ${min} Einträge wählen.`],
  [/^must contain at most (\d+) /, (max) => `Höchstens ${max} Einträge.`],
  [/^repeats an earlier /, 'Steht doppelt in der Liste.'],
  [/^must not exceed maximum$/, 'Darf nicht größer sein als die Zahl der Plätze insgesamt.'],
  [/^must not be negative$/, 'Darf nicht kleiner als 0 sein.'],
  [/^must be at least (\d+)$/, (min) => `Mindestens ${min}.`],
  [/^must be at most (\d+)$/, (max) => `Höchstens ${max}.`],
  [/^must be a whole number$/, 'Bitte eine ganze Zahl eingeben.'],
  [
    /^must be 1–64 characters/,
    'Nur Buchstaben ohne Umlaute, Ziffern, Punkt, Unterstrich und Bindestrich, höchstens 64 Zeichen; am Anfang ein Buchstabe oder eine Ziffer.',
  ],
  [/^unknown district "(.+)"$/, (district) => `Den Bezirk „${district}“ gibt es nicht.`],
  [
    /district "(.+)" is already served by office "(.+)"/,
    (district, office) => `Der Bezirk „${district}“ gehört schon zum Familienbüro „${office}“.`,
  ],
  [
    /postal code (\d+) already belongs to district "(.+)"/,
    (code, district) => `Die Postleitzahl ${code} gehört schon zum Bezirk „${district}“.`,
  ],
  [/^id is already used by (.+)$/, (other) => `Diese Kennung ist schon vergeben (${other}).`],
  [/^must be an e-mail address$/, 'Bitte eine gültige E-Mail-Adresse eingeben, z. B. name@beispiel.de.'],
  [/^must be one of: /, 'Bitte einen der vorgesehenen Werte wählen.'],
  [/^is not a known field$/, 'Dieses Feld gibt es nicht.'],
  [/ISO 639-1 language code/, 'Unbekannte Sprache: erwartet ist ein Kürzel aus zwei Kleinbuchstaben wie „de“.'],
  [/^must be an https URL/, 'Bitte eine https-Adresse angeben (http nur für 127.0.0.1 oder localhost).'],
  [/^must be exactly five digits$/, 'Genau fünf Ziffern.'],
  [/^must be a date in the form YYYY-MM-DD$/, 'Bitte ein Datum angeben, z. B. 01.11.2026.'],
  [/^must not be before from$/, 'Das Ende darf nicht vor dem Anfang liegen.'],
  [/^must not be after today/, 'Der Anfang darf nicht nach heute liegen.'],
  [/^must be at most (\d+) days from from/, (days) => `Der Zeitraum darf höchstens ${days} Tage umfassen.`],
  [/^unknown (need|mode|life phase) code "?([^" ]*)"?/, (_, code) => `Unbekannter Code „${code}“.`],
  [/cover no life phase/, 'Aus den Altersangaben ergibt sich keine Lebensphase.'],
  [/^life phase "(.+)" .* lies outside/, 'Die Lebensphase passt nicht zu den Altersangaben.'],
  [/^must be greater than minimum_age/, 'Das Höchstalter muss größer sein als das Mindestalter.'],
  [/^pregnancy needs minimum_age absent or 0/, 'Für „Schwangerschaft“ muss das Mindestalter fehlen oder 0 sein.'],
  [/^must be "urn:lotse:district:/, 'Das Einzugsgebiet muss einen Bezirk nennen: „urn:lotse:district:<Bezirk>“.'],
  [/^must contain at most one capacity/, 'Höchstens eine Platzangabe.'],
  [/^must be a JSON array of HSDS services/, 'Erwartet: eine Liste von HSDS-Diensten.'],
  [
    /^must be "(.+)": an import cannot replace the municipality/,
    (id) => `Ein Import kann die Kommune dieser Installation nicht ersetzen (erwartet: „${id}“).`,
  ],
  [/^must equal the id in the path/, 'Die Kennung muss zur Adresse passen.'],
  [/^must be (a|an) /, 'Hat nicht die erwartete Form.'],
];

/**
 * A field message of the API in German; one it does not know keeps its English words behind a German lead. The API's
 * messages start in lower case (they continue the field's name); the forms' own German ones, with a capital, pass as
 * they are.
 */
export function germanMessage(message: string): string {
  if (!/^[a-z]/.test(message)) return message;
  // Catalogue rules prefix the entry they concern (`offer "x": …`); the screens name the entry themselves.
  const bare = message.replace(/^[a-z]+ ("[^"]*"|\d+): /, '');
  for (const [pattern, german] of TRANSLATIONS) {
    const match = pattern.exec(bare);
    if (match !== null) return typeof german === 'string' ? german : german(...match.slice(1));
  }
  return `Bitte prüfen Sie diese Angabe (Meldung: ${bare}).`;
}
