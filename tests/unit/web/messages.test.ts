// The referral form's German messages: one per field and kind of problem, from the shared schema's English, and the
// labels of every code from the one module the app and the CSV export share.
import { describe, expect, it } from 'vitest';
import { CONTACT_CHANNELS, NEED_CODES, OUTCOMES, REFERRER_STATUSES } from '#domain/codes.ts';
import {
  CONTACT_CHANNEL_LABELS,
  languageLabel,
  NEED_LABELS,
  OUTCOME_LABELS,
  REFERRER_STATUS_LABELS,
} from '#domain/labels-de.ts';
import { referralSchema } from '#domain/referral.ts';
import { germanMessage } from '../../../web/src/screens/referrer/messages.ts';

describe('German field messages', () => {
  it('tells a missing answer from a wrong one', () => {
    expect(germanMessage('children.0.birthDate', 'is required')).toBe('Geben Sie das Geburtsdatum an.');
    expect(
      germanMessage('children.2.birthDate', 'must not be in the future (for an unborn child give expectedBirthDate)'),
    ).toContain('nicht in der Zukunft');
    expect(germanMessage('contact.preferredChannel', 'is "email" but no e-mail address is given')).toBe(
      'Für Kontakt per E-Mail fehlt die E-Mail-Adresse.',
    );
  });

  it('has a German sentence for every problem the shared schema finds in an empty referral', () => {
    const result = referralSchema(new Date()).safeParse({
      referrer: {},
      consent: {},
      // The form always answers the first question with false before the rest is asked.
      childProtectionConcern: false,
      contact: {},
      children: [{}],
      languages: [],
      needs: [],
    });
    const paths = result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    expect(paths.length).toBeGreaterThan(5);
    for (const issue of result.success ? [] : result.error.issues) {
      const path = issue.path.join('.');
      expect(germanMessage(path, issue.message), path).not.toBe('Bitte prüfen Sie diese Angabe.');
    }
  });
});

describe('German labels', () => {
  it('label every code of the lists, and name languages in German', () => {
    for (const code of NEED_CODES) expect(NEED_LABELS[code].label).not.toBe('');
    for (const code of OUTCOMES) expect(OUTCOME_LABELS[code].label).not.toBe('');
    for (const code of REFERRER_STATUSES) expect(REFERRER_STATUS_LABELS[code].label).not.toBe('');
    for (const code of CONTACT_CHANNELS) expect(CONTACT_CHANNEL_LABELS[code].label).not.toBe('');
    expect(languageLabel('ar')).toBe('Arabisch');
    expect(languageLabel('tr')).toBe('Türkisch');
  });
});
