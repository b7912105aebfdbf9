// The Familienbüro's and the coordination's case screens in Debian's chromium: a case found in the inbox and taken
// from new to closed with an outcome by keyboard alone, which the Lotsin then sees; a case declined (the reason
// required), reassigned by the coordinator and found in the other office's inbox; a case changed through the API while
// its page was open (412, reload); lists that fail with a 503 and are tried again; "Weitere laden"; the offers searched.
// axe-core checks every screen filled and in an error state; every screen is saved in tests/browser/artifacts/.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { shortNumber } from '../../web/src/format.ts';
import { act, office, readCase, waitForStatus } from '../integration/support/cases.ts';
import { api, submitReferral } from './support/api.ts';
import { expectHeading, openPage, problemsOf, signIn } from './support/browser.ts';
import { activate, chooseRadio, focusedAttribute, tabTo, typeInto } from './support/keyboard.ts';
import { browserPerFile, fieldset, look } from './support/screens.ts';

const { institutionId, officeId } = inject('example');
/** Another office of the seeded catalogue, and a postal code of a third one's district. */
const OTHER_OFFICE = { id: 'fb-ost', name: 'Familienbüro Ost' };
const THIRD_OFFICE = { id: 'fb-sued-west', postalCode: '44225' };

const session = browserPerFile();

/** A referral of the example institution, routed to its office. */
async function routedCase(overrides: Record<string, unknown> = {}): Promise<string> {
  const caseId = await submitReferral(institutionId, overrides);
  await waitForStatus(api, caseId, 'routed');
  return caseId;
}

const caseLinkName = (caseId: string) => ({ name: `Fall ${shortNumber(caseId)}`, exact: true });
const caseLink = (page: Page, caseId: string) => page.getByRole('main').getByRole('link', caseLinkName(caseId));

/** The confirmation a command leaves (a status message that takes the focus). */
async function confirmation(page: Page, title: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: title }).waitFor();
}

/** Answers the API path with a 503 until `lift` is called, as a backend that is briefly away. */
async function unavailable(page: Page, path: string): Promise<() => Promise<void>> {
  const matches = (url: URL) => url.pathname === path;
  await page.route(matches, (route) =>
    route.fulfill({
      status: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
      body: JSON.stringify({ type: 'unavailable', title: 'Service Unavailable', status: 503, detail: 'Try again.' }),
    }),
  );
  return () => page.unroute(matches);
}

describe('a Familienbüro works a case to its outcome', () => {
  it('finds it in the inbox, accepts, starts and closes it by keyboard alone; the Lotsin sees the outcome', async () => {
    const caseId = await routedCase({ urgency: 'urgent' });
    const short = shortNumber(caseId);
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, officeId);
      await expectHeading(page, 'Eingang');
      expect(await page.title()).toBe('Eingang – Lotse Musterstadt');
      await caseLink(page, caseId).waitFor();
      await expect(page.getByRole('link', { name: /^\d+ (neuer Fall|neue Fälle)$/ }).count()).resolves.toBe(1);
      await expect(page.getByRole('link', { name: /^\d+ (dringender Fall|dringende Fälle)$/ }).count()).resolves.toBe(
        1,
      );
      await look(page, 'office-01-eingang');

      // The count of urgent cases filters the table; the new urgent case is in it.
      await activate(page, page.getByRole('link', { name: /^\d+ (dringender Fall|dringende Fälle)$/ }));
      await page.getByRole('heading', { name: 'Dringende offene Fälle' }).waitFor();
      await caseLink(page, caseId).waitFor();
      await expect.poll(() => focusedAttribute(page, 'tagName')).toBe('H1');

      await activate(page, caseLink(page, caseId));
      await expectHeading(page, `Fall ${short}`);
      await page.getByRole('heading', { name: 'Nächster Schritt' }).waitFor();
      await expect.poll(() => focusedAttribute(page, 'tagName')).toBe('H1');
      expect(await page.title()).toBe(`Fall ${short} – Lotse Musterstadt`);
      const main = page.getByRole('main');
      for (const text of ['Maria Muster', 'Anna Beispiel', 'Kind 1: Geboren am', 'Arabisch', 'Vorschläge', 'Verlauf']) {
        await main.getByText(text).first().waitFor();
      }
      // Opening it was recorded by the API.
      await main.getByRole('cell', { name: 'Vom Familienbüro geöffnet' }).waitFor();
      await look(page, 'office-02-fall-neu');

      // "Ablehnen" without a reason: the summary and the field say what is missing; nothing is sent.
      await activate(page, page.getByRole('button', { name: 'Ablehnen' }));
      const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
      await summary.getByRole('link', { name: 'Bitte wählen Sie einen Grund für die Ablehnung.' }).waitFor();
      await expect.poll(() => focusedAttribute(page, 'role')).toBe('alert');
      expect(await page.title()).toBe(`Fehler: Fall ${short} – Lotse Musterstadt`);
      await fieldset(page, 'Grund der Ablehnung')
        .getByText('Bitte wählen Sie einen Grund für die Ablehnung.')
        .waitFor();
      expect((await readCase(api, caseId)).status).toBe('routed');
      await look(page, 'office-03-fall-ablehnen-fehler');

      await activate(page, page.getByRole('button', { name: 'Annehmen' }));
      await confirmation(page, 'Sie haben den Fall angenommen');
      await expect(summary.count()).resolves.toBe(0);

      await activate(page, page.getByRole('button', { name: 'Bearbeitung beginnen' }));
      await confirmation(page, 'Die Bearbeitung hat begonnen');
      await main.getByText('In Bearbeitung', { exact: true }).first().waitFor();
      await look(page, 'office-04-fall-in-bearbeitung');

      // "Fall abschließen" without an outcome, then with one and the first proposal.
      await activate(page, page.getByRole('button', { name: 'Fall abschließen' }));
      await summary.getByRole('link', { name: 'Bitte wählen Sie ein Ergebnis.' }).waitFor();
      await look(page, 'office-05-fall-abschliessen-fehler');
      await chooseRadio(page, fieldset(page, 'Ergebnis'), 'Vermittelt');
      const offers = fieldset(page, 'Angebot');
      const offerName = (await offers.locator('label').first().textContent()) ?? '';
      await chooseRadio(page, offers, offerName);
      await activate(page, page.getByRole('button', { name: 'Fall abschließen' }));
      await confirmation(page, 'Sie haben den Fall abgeschlossen');
      await page.getByRole('status').getByText('Ergebnis: Vermittelt').waitFor();
      await look(page, 'office-06-fall-abgeschlossen');
      expect(problemsOf(page).messages).toEqual([]);

      const closed = await readCase(api, caseId);
      expect(closed).toMatchObject({ status: 'closed', outcome: 'connected' });
      expect(closed.proposals[0]?.offerId).toBeDefined();
      expect((closed as unknown as { closedOfferId: string }).closedOfferId).toBe(closed.proposals[0]?.offerId);
      expect(offerName).not.toBe('');
    } finally {
      await context.close();
    }

    // The Lotsin (her referral had feedback consent) sees it closed, with the outcome.
    const lotsin = await openPage(session.browser);
    try {
      await signIn(lotsin.page, institutionId);
      await expectHeading(lotsin.page, 'Meine Vermittlungen');
      await activate(lotsin.page, lotsin.page.getByRole('main').getByRole('link', { name: new RegExp(short) }));
      await expectHeading(lotsin.page, `Vermittlung ${short}`);
      const main = lotsin.page.getByRole('main');
      await main.getByText('Abgeschlossen', { exact: true }).first().waitFor();
      await main
        .getByText(/^Vermittelt/)
        .first()
        .waitFor();
    } finally {
      await lotsin.context.close();
    }
  });

  it('tries a command again after a 503, says the case changed meanwhile (412) and reloads it', async () => {
    const caseId = await routedCase();
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, officeId);
      await activate(page, caseLink(page, caseId));
      await expectHeading(page, `Fall ${shortNumber(caseId)}`);
      await page.getByRole('button', { name: 'Annehmen' }).waitFor();

      // "Annehmen" while the API is briefly away: the page offers to try it again.
      const back = await unavailable(page, `/v1/cases/${caseId}/accept`);
      await activate(page, page.getByRole('button', { name: 'Annehmen' }));
      const retry = page.getByRole('alert').getByRole('button', { name: 'Noch einmal versuchen' });
      await retry.waitFor();
      await back();

      // Meanwhile a colleague accepts it; the retry then meets another version.
      const opened = await readCase(api, caseId);
      const accepted = await act(api, office(officeId), caseId, 'accept', { version: opened.version });
      expect(accepted.status, accepted.text).toBe(200);
      await activate(page, retry);
      const notice = page.getByRole('alert').filter({ hasText: 'Der Fall wurde inzwischen geändert' });
      await notice.waitFor();
      await look(page, 'office-07-fall-geaendert');

      await activate(page, notice.getByRole('button', { name: 'Fall neu laden' }));
      await page.getByRole('button', { name: 'Bearbeitung beginnen' }).waitFor();
      await expect(notice.count()).resolves.toBe(0);
      await page.getByRole('main').getByText('Angenommen', { exact: true }).first().waitFor();
      expect((await readCase(api, caseId)).version).toBe(opened.version + 1);
    } finally {
      await context.close();
    }
  });
  it('shows a withdrawn case without its personal data, with a notice that it was deleted', async () => {
    const caseId = await routedCase();
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, officeId);
      await activate(page, caseLink(page, caseId));
      await expectHeading(page, `Fall ${shortNumber(caseId)}`);
      await page.getByRole('main').getByText('Maria Muster').first().waitFor();
      // The Lotsin withdraws it meanwhile. A withdrawn case leaves the office's lists; the office sees what is left
      // when it comes back to the case (here with the browser's back button).
      const withdrawn = await api.as({ role: 'referrer', institutionId }, 'POST', `/v1/referrals/${caseId}/withdraw`, {
        body: { reason: 'consent-withdrawn' },
      });
      expect(withdrawn.status, withdrawn.text).toBe(202);
      await activate(page, page.getByRole('link', { name: 'Zurück zum Eingang' }));
      await expectHeading(page, 'Eingang');
      await page.goBack();
      await expectHeading(page, `Fall ${shortNumber(caseId)}`);
      await page.getByRole('heading', { name: 'Die personenbezogenen Daten dieses Falls wurden gelöscht.' }).waitFor();
      const main = page.getByRole('main');
      await page
        .getByRole('main')
        .locator('.kern-alert')
        .getByText(/Die Familie hat die Einwilligung widerrufen/)
        .waitFor();
      await expect(main.getByText('Maria Muster').count()).resolves.toBe(0);
      await expect(main.getByRole('heading', { name: 'Kontaktperson' }).count()).resolves.toBe(0);
      await main.getByText('Der Fall ist beendet. Es ist nichts mehr zu tun.').waitFor();
      await look(page, 'office-13-fall-geloescht');
    } finally {
      await context.close();
    }
  });
});

describe('a declined case goes to the coordination and on to another office', () => {
  it('declines it with a reason and a note; the coordinator assigns it; the other office finds it', async () => {
    const caseId = await routedCase();
    const short = shortNumber(caseId);
    const note = 'Die Familie zieht nächste Woche in den Osten der Stadt.';

    const desk = await openPage(session.browser);
    try {
      const { page } = desk;
      await signIn(page, officeId);
      await activate(page, caseLink(page, caseId));
      await expectHeading(page, `Fall ${short}`);
      await chooseRadio(page, fieldset(page, 'Grund der Ablehnung'), 'Nicht zuständig');
      await typeInto(page, page.getByLabel('Notiz für die Koordination'), note);
      await activate(page, page.getByRole('button', { name: 'Ablehnen' }));
      await confirmation(page, 'Sie haben den Fall abgelehnt');
      // The office no longer holds the case: its data is gone from the page.
      await expect(page.getByRole('main').getByText('Maria Muster').count()).resolves.toBe(0);
      await look(page, 'office-08-fall-abgelehnt');
    } finally {
      await desk.context.close();
    }
    expect(await readCase(api, caseId)).toMatchObject({ status: 'escalated', escalationReason: 'declined' });

    const coordination = await openPage(session.browser);
    try {
      const { page } = coordination;
      await signIn(page, 'koordination');
      await expectHeading(page, 'Übersicht');
      const declined = page.getByRole('link', { name: /^Abgelehnt: \d+ (Fall|Fälle)$/ });
      await declined.waitFor();
      await page.getByRole('link', { name: /^Familienbüro Nord: \d+ (neuer Fall|neue Fälle)$/ }).waitFor();
      await look(page, 'coordination-01-uebersicht');

      await activate(page, declined);
      await expectHeading(page, 'Eskalierte Fälle');
      const row = page.getByRole('row').filter({ has: page.getByRole('link', caseLinkName(caseId)) });
      await row.getByRole('cell', { name: 'Abgelehnt', exact: true }).waitFor();
      await look(page, 'coordination-02-eskalierte-faelle');

      // The case is also among all cases below; the row of the escalated ones leads to it.
      await activate(
        page,
        page.getByRole('region', { name: 'Warten auf Zuweisung' }).getByRole('link', caseLinkName(caseId)),
      );
      await expectHeading(page, `Fall ${short}`);
      const main = page.getByRole('main');
      await main.getByText(note).waitFor();
      await main.getByText('Grund: Nicht zuständig').first().waitFor();
      await look(page, 'coordination-03-fall');

      // "Zuweisen" without an office.
      await activate(page, page.getByRole('button', { name: 'Zuweisen' }));
      const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
      await summary.getByRole('link', { name: 'Bitte wählen Sie ein Familienbüro.' }).waitFor();
      await look(page, 'coordination-04-fall-zuweisen-fehler');

      await tabTo(page, page.locator('#f-officeId'));
      await page.locator('#f-officeId').selectOption(OTHER_OFFICE.id);
      await activate(page, page.getByRole('button', { name: 'Zuweisen' }));
      await confirmation(page, 'Der Fall ist zugewiesen');
      await main.getByText(`${OTHER_OFFICE.name} hat den Fall jetzt in seinem Eingang.`).waitFor();
      await look(page, 'coordination-05-fall-zugewiesen');
      expect(await readCase(api, caseId)).toMatchObject({ status: 'routed', officeId: OTHER_OFFICE.id });

      // All cases, filtered by the office: the case is there now.
      await activate(
        page,
        page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Eskalierte Fälle' }),
      );
      await expectHeading(page, 'Eskalierte Fälle');
      await tabTo(page, page.getByLabel('Familienbüro', { exact: true }));
      await page.getByLabel('Familienbüro', { exact: true }).selectOption(OTHER_OFFICE.id);
      await activate(page, page.getByRole('button', { name: 'Anzeigen' }));
      await page.waitForURL((url) => url.searchParams.get('buero') === OTHER_OFFICE.id);
      await caseLink(page, caseId).waitFor();
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await coordination.context.close();
    }

    const other = await openPage(session.browser);
    try {
      await signIn(other.page, OTHER_OFFICE.id);
      await expectHeading(other.page, 'Eingang');
      await caseLink(other.page, caseId).waitFor();
    } finally {
      await other.context.close();
    }
  });
});

describe('lists that fail, and lists that go on', () => {
  it('offers to try the inbox and the offers again after a 503; the offers are searched and filtered', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, officeId);
      await expectHeading(page, 'Eingang');
      const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });

      const offersBack = await unavailable(page, '/v1/offers');
      await activate(page, navigation.getByRole('link', { name: 'Angebote' }));
      await expectHeading(page, 'Angebote');
      const retry = page.getByRole('alert').getByRole('button', { name: 'Noch einmal versuchen' });
      await retry.waitFor();
      await look(page, 'office-09-angebote-fehler');
      await offersBack();
      await activate(page, retry);
      await page
        .getByRole('status')
        .filter({ hasText: /Angebote? gefunden/ })
        .waitFor();
      await look(page, 'office-10-angebote');

      await typeInto(page, page.getByLabel('Suche nach Name oder Träger'), 'elterncafe');
      await page.getByRole('status').filter({ hasText: '2 Angebote gefunden.' }).waitFor();
      await page.getByLabel('Sozialraum').selectOption('ost');
      await page.getByRole('status').filter({ hasText: '1 Angebot gefunden.' }).waitFor();
      await page.getByRole('rowheader', { name: /Razom/ }).waitFor();

      const casesBack = await unavailable(page, '/v1/cases');
      await activate(page, navigation.getByRole('link', { name: 'Eingang' }));
      await expectHeading(page, 'Eingang');
      await retry.waitFor();
      await look(page, 'office-11-eingang-fehler');
      await casesBack();
      await activate(page, retry);
      await page.getByRole('heading', { name: 'Was zu tun ist' }).waitFor();
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('loads more cases with "Weitere laden" and moves the focus to the first of them', async () => {
    // More than a page (25) of cases for an office no other test uses.
    const ids: string[] = [];
    for (let i = 0; i < 26; i++) {
      ids.push(await submitReferral(institutionId, { postalCode: THIRD_OFFICE.postalCode, urgency: 'routine' }));
    }
    for (const id of ids) await waitForStatus(api, id, 'routed');
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, THIRD_OFFICE.id);
      await expectHeading(page, 'Eingang');
      await activate(page, page.getByRole('link', { name: 'Alle Fälle, auch abgeschlossene' }));
      const rows = page.getByRole('main').getByRole('table').getByRole('row');
      await page.getByRole('button', { name: 'Weitere laden' }).waitFor();
      await expect(rows.count()).resolves.toBe(26);
      await look(page, 'office-12-eingang-alle');
      await activate(page, page.getByRole('button', { name: 'Weitere laden' }));
      await expect.poll(() => rows.count()).toBeGreaterThan(26);
      await page
        .getByRole('status')
        .filter({ hasText: /weitere[rn]? Fall|weitere Fälle geladen/ })
        .waitFor();
      await expect.poll(() => focusedAttribute(page, 'href')).toMatch(/^\/faelle\//);
    } finally {
      await context.close();
    }
  });

  it('offers to try the coordination overview and the escalated cases again after a 503', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, 'koordination');
      await expectHeading(page, 'Übersicht');
      await page.getByRole('heading', { name: 'Neue Fälle je Familienbüro' }).waitFor();
      const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
      const retry = page.getByRole('alert').getByRole('button', { name: 'Noch einmal versuchen' });

      const casesBack = await unavailable(page, '/v1/cases');
      await activate(page, navigation.getByRole('link', { name: 'Eskalierte Fälle' }));
      await expectHeading(page, 'Eskalierte Fälle');
      await retry.waitFor();
      await look(page, 'coordination-06-eskalierte-faelle-fehler');
      await activate(page, navigation.getByRole('link', { name: 'Übersicht' }));
      await expectHeading(page, 'Übersicht');
      await retry.waitFor();
      await look(page, 'coordination-07-uebersicht-fehler');
      await casesBack();
      await activate(page, retry);
      await page.getByRole('heading', { name: 'Neue Fälle je Familienbüro' }).waitFor();
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
