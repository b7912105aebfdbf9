import { describe, expect, inject, it } from 'vitest';
import { caseCount, submitReferral } from './support/api.ts';
import { expectHeading, openPage, problemsOf, signIn } from './support/browser.ts';
import { activate, chooseRadio, focusedAttribute, tabTo, toggle, typeInto } from './support/keyboard.ts';
import { browserPerFile, fieldset, look } from './support/screens.ts';

const { institutionId, postalCode } = inject('example');

const session = browserPerFile();

function germanDate(date: Date): string {
  return new Intl.DateTimeFormat('de-DE', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'Europe/Berlin',
  }).format(date);
}

describe('a Lotsin refers a family', () => {
  it('walks the whole referral by keyboard alone and sees the confirmation', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, institutionId);
      await expectHeading(page, 'Meine Vermittlungen');
      expect(await page.title()).toBe('Meine Vermittlungen – Lotse Musterstadt');
      expect(await page.locator('html').getAttribute('lang')).toBe('de');
      await expect.poll(() => focusedAttribute(page, 'tagName')).toBe('H1');
      await look(page, 'referrer-01-meine-vermittlungen');

      // The skip link is the first stop of the page.
      await page.keyboard.press('Shift+Tab');
      await tabTo(page, page.getByRole('link', { name: 'Zum Inhalt springen' }));

      await activate(page, page.getByRole('main').getByRole('link', { name: 'Neue Vermittlung' }));
      await expectHeading(page, 'Kinderschutz');
      await look(page, 'referrer-02-kinderschutz');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await page.getByRole('alert').filter({ hasText: 'Wählen Sie Ja oder Nein.' }).waitFor();
      expect(await page.title()).toBe('Fehler: Kinderschutz – Lotse Musterstadt');
      await look(page, 'referrer-02-kinderschutz-fehler');
      const protection = fieldset(page, 'Kindeswohlgefährdung');
      await chooseRadio(page, protection, 'Nein');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      // Einwilligung: "Weiter" without the answers, then the errors fixed from the summary.
      await expectHeading(page, 'Einwilligung');
      await tabTo(page, page.getByRole('checkbox', { name: 'Rückmeldung an mich' }));
      await page.keyboard.press('Space');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
      await summary.waitFor();
      await expect.poll(() => focusedAttribute(page, 'role')).toBe('alert');
      await look(page, 'referrer-03-einwilligung-fehler');
      await activate(page, summary.getByRole('link', { name: 'Wählen Sie aus, wer eingewilligt hat.' }));
      await expect.poll(() => focusedAttribute(page, 'id')).toBe('f-consent-givenBy');
      await page.keyboard.press('Space');
      await chooseRadio(page, fieldset(page, 'Wie hat die Familie eingewilligt?'), 'Schriftlich');
      expect(await page.getByLabel('Wann hat die Familie eingewilligt?').inputValue()).toBe(germanDate(new Date()));
      await look(page, 'referrer-03-einwilligung');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      await expectHeading(page, 'Kontaktperson');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' }).waitFor();
      await look(page, 'referrer-04-kontaktperson-fehler');
      await typeInto(page, page.getByLabel('Name', { exact: true }), 'Maria Muster');
      await chooseRadio(page, fieldset(page, 'Wer ist die Kontaktperson?'), 'Mutter');
      await typeInto(page, page.getByLabel('Telefonnummer'), '0170 1234567');
      await chooseRadio(page, fieldset(page, 'Wie soll das Familienbüro'), 'Anruf');
      await typeInto(page, page.getByLabel('Wann ist die Familie gut zu erreichen?'), 'vormittags');
      await chooseRadio(page, fieldset(page, 'Nachricht hinterlassen'), 'Ja');
      await look(page, 'referrer-04-kontaktperson');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      await expectHeading(page, 'Kinder');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' }).waitFor();
      await look(page, 'referrer-05-kinder-fehler');
      await chooseRadio(page, fieldset(page, 'Ist Kind 1 schon geboren?'), 'Ja, geboren');
      const born = new Date(Date.now() - 200 * 24 * 3600 * 1000);
      await typeInto(page, page.getByLabel('Geburtsdatum von Kind 1'), germanDate(born));
      await activate(page, page.getByRole('button', { name: 'Weiteres Kind hinzufügen' }));
      await expect.poll(() => focusedAttribute(page, 'name')).toMatch(/^born-/);
      await chooseRadio(page, fieldset(page, 'Ist Kind 2 schon geboren?'), 'Nein, das Kind wird erwartet');
      const expected = new Date(Date.now() + 90 * 24 * 3600 * 1000);
      await typeInto(page, page.getByLabel('Errechneter Geburtstermin von Kind 2'), germanDate(expected));
      await look(page, 'referrer-05-kinder');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      await expectHeading(page, 'Unterstützungsbedarf');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' }).waitFor();
      await look(page, 'referrer-06-bedarfe-fehler');
      await toggle(page, page.getByRole('checkbox', { name: 'Erziehung und Entwicklung' }));
      await toggle(page, page.getByRole('checkbox', { name: 'Geld und Anträge' }));
      await look(page, 'referrer-06-bedarfe');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      await expectHeading(page, 'Sprache');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' }).waitFor();
      await look(page, 'referrer-07-sprache-fehler');
      await typeInto(page, page.getByLabel('Welche Sprachen spricht die Familie?'), 'arab');
      await page.getByRole('status').filter({ hasText: '1 Sprache gefunden' }).waitFor();
      await toggle(page, page.getByRole('checkbox', { name: 'Arabisch' }));
      await typeInto(page, page.getByLabel('Welche Sprachen spricht die Familie?'), 'deu');
      await toggle(page, page.getByRole('checkbox', { name: 'Deutsch' }));
      await chooseRadio(page, fieldset(page, 'Sprachmittlung'), 'Ja');
      await look(page, 'referrer-07-sprache');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      await expectHeading(page, 'Wohnort und Zugang');
      await typeInto(page, page.getByLabel('Postleitzahl der Familie'), '99999');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await page.getByRole('alert').filter({ hasText: 'gehört nicht zu Musterstadt' }).waitFor();
      await look(page, 'referrer-08-wohnort-fehler');
      await typeInto(page, page.getByLabel('Postleitzahl der Familie'), postalCode);
      await toggle(page, page.getByRole('checkbox', { name: 'Hausbesuch gewünscht' }));
      await look(page, 'referrer-08-wohnort');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      await expectHeading(page, 'Dringlichkeit und Hinweis');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' }).waitFor();
      await look(page, 'referrer-09-dringlichkeit-fehler');
      await chooseRadio(page, fieldset(page, 'Wie dringend'), 'Bald');
      await typeInto(page, page.getByLabel('Hinweis für das Familienbüro'), 'Mutter wünscht Kontakt auf Arabisch.');
      await page.getByText('Noch 464 von 500 Zeichen frei.').waitFor();
      await typeInto(page, page.getByLabel('Ihr Zeichen'), 'AZ 2026-17');
      await look(page, 'referrer-09-dringlichkeit');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));

      // The check page: one answer changed through "Ändern", which comes back here.
      await expectHeading(page, 'Angaben prüfen');
      // The draft lives in the page's memory only: nothing in the browser's storage, nothing personal in the address.
      expect(await page.evaluate('({ local: localStorage.length, session: sessionStorage.length })')).toEqual({
        local: 0,
        session: 0,
      });
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/vermittlungen/neu/pruefen');
      await look(page, 'referrer-10-pruefen');
      await activate(page, page.getByRole('link', { name: /^Ändern\s+Dringlichkeit und Hinweis$/ }));
      await expectHeading(page, 'Dringlichkeit und Hinweis');
      await chooseRadio(page, fieldset(page, 'Wie dringend'), 'Dringend');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await expectHeading(page, 'Angaben prüfen');
      await page.getByText('Dringend', { exact: true }).waitFor();

      // The first submission meets a 503; "Noch einmal versuchen" sends it again with the same Idempotency-Key.
      const keys: string[] = [];
      let refused = false;
      await page.route('**/v1/referrals', async (route) => {
        keys.push((await route.request().headerValue('idempotency-key')) ?? '');
        if (refused) return route.continue();
        refused = true;
        return route.fulfill({
          status: 503,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
          body: JSON.stringify({ type: 'unavailable', title: 'Service unavailable', status: 503 }),
        });
      });
      await activate(page, page.getByRole('button', { name: 'Vermittlung absenden' }));
      await page.getByRole('alert').filter({ hasText: 'kurz nicht verfügbar' }).waitFor();
      await look(page, 'referrer-10-pruefen-fehler');
      await activate(page, page.getByRole('button', { name: 'Noch einmal versuchen' }));

      await expectHeading(page, /^Vermittlung [0-9A-Z]{3}-[0-9A-Z]{3}$/);
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      await page.getByText('Die Vermittlung ist gesendet').waitFor();
      await page.locator('.lotse-milestones').getByText('Eingegangen').waitFor();
      await look(page, 'referrer-11-vermittlung');
      const number = (await page.locator('h1').textContent())?.replace('Vermittlung ', '') ?? '';

      await activate(page, page.getByRole('link', { name: 'Zu Meine Vermittlungen' }));
      await expectHeading(page, 'Meine Vermittlungen');
      const row = page.getByRole('row').filter({ hasText: number });
      await row.waitFor();
      expect(await row.textContent()).toContain('AZ 2026-17');
      await look(page, 'referrer-12-meine-vermittlungen-gefuellt');
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('answers "Ja" to the child-protection question: the Jugendamt contact shows and nothing is stored', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, institutionId);
      const casesBefore = await caseCount();
      await activate(page, page.getByRole('main').getByRole('link', { name: 'Neue Vermittlung' }));
      await expectHeading(page, 'Kinderschutz');
      await chooseRadio(page, fieldset(page, 'Kindeswohlgefährdung'), 'Ja');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      const contact = page.getByRole('alert').filter({ hasText: 'Bitte wenden Sie sich an das Jugendamt' });
      await contact.waitFor();
      expect(await contact.textContent()).toContain('Jugendamt Musterstadt');
      await look(page, 'referrer-13-kinderschutz-jugendamt');
      expect(await caseCount()).toBe(casesBefore);
      // Nothing of a draft remains: a new referral starts empty.
      await activate(page, page.getByRole('link', { name: 'Zurück zu Meine Vermittlungen' }));
      await expectHeading(page, 'Meine Vermittlungen');
      expect(await page.getByText('Sie haben eine Vermittlung angefangen').count()).toBe(0);
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('warns before the tab closes while a draft is unsent', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, institutionId);
      await activate(page, page.getByRole('main').getByRole('link', { name: 'Neue Vermittlung' }));
      await chooseRadio(page, fieldset(page, 'Kindeswohlgefährdung'), 'Nein');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await expectHeading(page, 'Einwilligung');
      await toggle(page, page.getByRole('checkbox', { name: 'Rückmeldung an mich' }));
      // What the browser does before it closes the tab: the page asks it to confirm (a cancelled beforeunload).
      const warns =
        "(() => { const event = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(event); return event.defaultPrevented; })()";
      expect(await page.evaluate(warns)).toBe(true);
      await activate(page, page.getByRole('link', { name: 'Zurück' }));
      await chooseRadio(page, fieldset(page, 'Kindeswohlgefährdung'), 'Ja');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await page.getByRole('alert').filter({ hasText: 'Jugendamt' }).waitFor();
      // "Ja" discarded the draft: nothing is left to warn about.
      expect(await page.evaluate(warns)).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('renews an expired session with the rotating refresh token and repeats the request', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, institutionId);
      const grants: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/oauth2/token'))
          grants.push(new URLSearchParams(request.postData() ?? '').get('grant_type') ?? '');
      });
      // The API refuses the token once, as it would after the token expired in a sleeping laptop.
      let refused = false;
      await page.route('**/v1/referrals?*', (route) => {
        if (refused) return route.continue();
        refused = true;
        return route.fulfill({
          status: 401,
          headers: { 'content-type': 'application/json' },
          body: '{"message":"Unauthorized"}',
        });
      });
      await activate(
        page,
        page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Neue Vermittlung' }),
      );
      await expectHeading(page, 'Kinderschutz');
      await activate(
        page,
        page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Vermittlungen' }),
      );
      await expectHeading(page, 'Meine Vermittlungen');
      await page.getByRole('table').or(page.getByText('Sie haben noch keine Familie vermittelt.')).waitFor();
      expect(refused).toBe(true);
      expect(grants).toEqual(['refresh_token']);
      expect(await page.getByText('Ihre Anmeldung ist abgelaufen').count()).toBe(0);
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('withdraws a referral: the reason is asked, then the family data is gone', async () => {
    const referralId = await submitReferral(institutionId, { note: 'Zum Zurückziehen' });
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, institutionId);
      const short = `${referralId.slice(-6, -3)}-${referralId.slice(-3)}`;
      await activate(page, page.getByRole('link', { name: `Vermittlung ${short}` }));
      await expectHeading(page, `Vermittlung ${short}`);
      await activate(page, page.getByRole('link', { name: 'Vermittlung zurückziehen' }));
      await expectHeading(page, 'Vermittlung zurückziehen');
      await look(page, 'referrer-14-zurueckziehen');
      await activate(page, page.getByRole('button', { name: 'Zurückziehen' }));
      await page.getByRole('alert').filter({ hasText: 'Wählen Sie einen Grund.' }).waitFor();
      await look(page, 'referrer-14-zurueckziehen-fehler');
      await chooseRadio(page, fieldset(page, 'Warum ziehen Sie'), 'Die Vermittlung war ein Versehen');
      await activate(page, page.getByRole('button', { name: 'Zurückziehen' }));
      await page.getByText('Die Vermittlung ist zurückgezogen').waitFor();
      await page.locator('.lotse-milestones').getByText('Zurückgezogen').waitFor();
      expect(await page.getByRole('link', { name: 'Vermittlung zurückziehen' }).count()).toBe(0);
      await look(page, 'referrer-15-vermittlung-zurueckgezogen');
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
