// German messages for the referral's field errors, whether zod found them in the browser or the API answered them
// (both speak the shared schema's English): one plain sentence per field and kind of problem, saying what to do.

type Rule = { readonly when: RegExp; readonly text: string };

/** Per field path (with `*` for a list index): the first rule whose pattern matches the English message wins. */
const MESSAGES: ReadonlyArray<readonly [RegExp, readonly Rule[]]> = [
  [/^referrer$/, [{ when: /./, text: 'Geben Sie Ihre Telefonnummer oder Ihre E-Mail-Adresse an.' }]],
  [/^referrer\.name$/, [{ when: /./, text: 'Geben Sie Ihren Namen an.' }]],
  [
    /^(referrer|contact)\.phone$/,
    [
      { when: /digits/, text: 'Die Telefonnummer muss 5 bis 20 Ziffern haben, zum Beispiel 0231 123456.' },
      { when: /./, text: 'Geben Sie die Telefonnummer nur mit Ziffern ein, zum Beispiel 0231 123456.' },
    ],
  ],
  [
    /^(referrer|contact)\.email$/,
    [{ when: /./, text: 'Geben Sie eine E-Mail-Adresse an, zum Beispiel name@beispiel.de.' }],
  ],
  [
    /^consent\.scopes/,
    [
      {
        when: /./,
        text: 'Die Familie muss der Weitergabe an das Familienbüro zustimmen. Sonst kann Lotse nicht vermitteln.',
      },
    ],
  ],
  [/^consent\.givenBy$/, [{ when: /./, text: 'Wählen Sie aus, wer eingewilligt hat.' }]],
  [/^consent\.method$/, [{ when: /./, text: 'Wählen Sie aus, wie die Familie eingewilligt hat.' }]],
  [
    /^consent\.givenAt$/,
    [
      { when: /future/, text: 'Das Datum der Einwilligung darf nicht in der Zukunft liegen.' },
      { when: /required/, text: 'Geben Sie an, wann die Familie eingewilligt hat.' },
      { when: /./, text: 'Geben Sie das Datum so ein: 07.12.2026.' },
    ],
  ],
  [/^contact$/, [{ when: /./, text: 'Geben Sie eine Telefonnummer oder eine E-Mail-Adresse der Kontaktperson an.' }]],
  [/^contact\.name$/, [{ when: /./, text: 'Geben Sie den Namen der Kontaktperson an.' }]],
  [/^contact\.role$/, [{ when: /./, text: 'Wählen Sie aus, wer die Kontaktperson ist.' }]],
  [
    /^contact\.preferredChannel$/,
    [
      { when: /"email"/, text: 'Für Kontakt per E-Mail fehlt die E-Mail-Adresse.' },
      { when: /"(phone|sms)"/, text: 'Für Anruf oder SMS fehlt die Telefonnummer.' },
      { when: /./, text: 'Wählen Sie aus, wie das Familienbüro die Familie erreichen soll.' },
    ],
  ],
  [/^contact\.bestTime$/, [{ when: /./, text: 'Die beste Zeit darf höchstens 100 Zeichen lang sein.' }]],
  [
    /^contact\.mayLeaveMessage$/,
    [{ when: /./, text: 'Wählen Sie aus, ob das Familienbüro eine Nachricht hinterlassen darf.' }],
  ],
  [
    /^children$/,
    [
      { when: /at most/, text: 'Geben Sie höchstens 10 Kinder an.' },
      { when: /./, text: 'Geben Sie mindestens ein Kind an.' },
    ],
  ],
  [
    /^children\.\*$/,
    [
      { when: /not both/, text: 'Geben Sie entweder das Geburtsdatum oder den Geburtstermin an.' },
      { when: /./, text: 'Wählen Sie aus, ob das Kind schon geboren ist.' },
    ],
  ],
  [
    /^children\.\*\.birthDate$/,
    [
      {
        when: /future/,
        text: 'Das Geburtsdatum darf nicht in der Zukunft liegen. Ist das Kind noch nicht geboren, wählen Sie „Erwartet“.',
      },
      { when: /years ago/, text: 'Das Kind muss jünger als 27 Jahre sein.' },
      { when: /required/, text: 'Geben Sie das Geburtsdatum an.' },
      { when: /./, text: 'Geben Sie das Geburtsdatum so ein: 01.10.2026.' },
    ],
  ],
  [
    /^children\.\*\.expectedBirthDate$/,
    [
      {
        when: /past/,
        text: 'Der Geburtstermin liegt in der Vergangenheit. Ist das Kind schon geboren, wählen Sie „Geboren“.',
      },
      { when: /within/, text: 'Der Geburtstermin darf höchstens 10 Monate entfernt sein.' },
      { when: /required/, text: 'Geben Sie den errechneten Geburtstermin an.' },
      { when: /./, text: 'Geben Sie den Geburtstermin so ein: 01.03.2027.' },
    ],
  ],
  [
    /^languages/,
    [
      { when: /at most/, text: 'Wählen Sie höchstens 5 Sprachen.' },
      { when: /repeats/, text: 'Jede Sprache nur einmal.' },
      { when: /./, text: 'Wählen Sie mindestens eine Sprache, die die Familie spricht.' },
    ],
  ],
  [/^interpreterNeeded$/, [{ when: /./, text: 'Wählen Sie aus, ob die Familie Sprachmittlung braucht.' }]],
  [/^needs/, [{ when: /./, text: 'Wählen Sie mindestens einen Bedarf.' }]],
  [/^urgency$/, [{ when: /./, text: 'Wählen Sie aus, wie dringend die Familie Kontakt braucht.' }]],
  [
    /^postalCode$/,
    [
      { when: /service area|district/, text: 'Diese Postleitzahl gehört nicht zum Gebiet von Lotse.' },
      { when: /./, text: 'Geben Sie die Postleitzahl mit 5 Ziffern ein, zum Beispiel 44137.' },
    ],
  ],
  [/^note$/, [{ when: /./, text: 'Der Hinweis darf höchstens 500 Zeichen lang sein.' }]],
  [
    /^referrerReference$/,
    [
      { when: /at most/, text: 'Ihr Zeichen darf höchstens 40 Zeichen lang sein.' },
      { when: /./, text: 'Ihr Zeichen darf nur normale Schriftzeichen enthalten.' },
    ],
  ],
];

/** The German message for a field error at `path` (dot-separated, list indexes as numbers). */
export function germanMessage(path: string, english: string): string {
  const pattern = path.replace(/\.\d+(?=\.|$)/g, '.*');
  for (const [field, rules] of MESSAGES) {
    if (!field.test(pattern)) continue;
    const rule = rules.find((candidate) => candidate.when.test(english));
    if (rule !== undefined) return rule.text;
  }
  return 'Bitte prüfen Sie diese Angabe.';
}
