// The coordinator's data-protection screens in Debian's chromium: an open case without activity for 30 days counted on
// the overview and listed, its information downloaded as a JSON file (GDPR Art. 15) and the office's read of it among
// the accesses; a family's data erased by keyboard alone after a confirmation (Art. 17), after which the case shows
// its tombstone and the Lotsin sees her referral withdrawn; an erased case on the Familienbüro's page. axe-core checks
// every screen, and every screen is saved in tests/browser/artifacts/.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { shortNumber } from '../../web/src/format.ts';
import { act, office, readCase, waitForStatus } from '../integration/support/cases.ts';
import { api, backdateCase, submitReferral } from './support/api.ts';
import { expectHeading, openPage, problemsOf, signIn } from './support/browser.ts';
import { activate, chooseRadio, focusedAttribute } from './support/keyboard.ts';
import { browserPerFile, fieldset, look, signedInPage } from './support/screens.ts';

const { institutionId, officeId } = inject('example');
/** The example office's name in the seeded catalogue. */
const OFFICE_NAME = 'Familienbüro Nord';
const CONTACT_NAME = 'Maria Muster';
const ERASED = 'Die personenbezogenen Daten dieses Falls wurden gelöscht.';

const session = browserPerFile();

async function routedCase(): Promise<string> {
  const caseId = await submitReferral(institutionId);
  await waitForStatus(api, caseId, 'routed');
  return caseId;
}

/** The office reads the case as its page does (the API records the read in the case's audit trail). */
async function officeReads(caseId: string): Promise<void> {
  const read = await api.as(office(officeId), 'GET', `/v1/cases/${caseId}`);
  expect(read.status, read.text).toBe(200);
}

const caseLinkName = (caseId: string) => ({ name: `Fall ${shortNumber(caseId)}`, exact: true });
const caseLink = (page: Page, caseId: string) => page.getByRole('main').getByRole('link', caseLinkName(caseId));

/** The case's link in a paged list: "Weitere laden" until it shows. */
async function findCase(page: Page, caseId: string): Promise<void> {
  const link = caseLink(page, caseId);
  const more = page.getByRole('button', { name: 'Weitere laden' });
  await expect
    .poll(async () => {
      if ((await link.count()) > 0) return true;
      if ((await more.count()) > 0) await activate(page, more);
      return false;
    })
    .toBe(true);
}

const navigation = (page: Page) => page.getByRole('navigation', { name: 'Hauptnavigation' });

describe('an open case without activity, its information and who read it', () => {
  it('counts the case on the overview, lists it, downloads its information and lists the office’s read', async () => {
    const caseId = await routedCase();
    await officeReads(caseId);
    await backdateCase(caseId, 40);
    // A case with recent activity, which must not be among them.
    const fresh = await routedCase();
    const short = shortNumber(caseId);

    const page = await signedInPage(session.browser, 'koordination', 'Übersicht');
    try {
      const inactive = page.getByRole('link', { name: /^\d+ (Fall|Fälle) seit 30 Tagen ohne Aktivität$/ });
      await inactive.waitFor();
      expect(Number((await inactive.textContent())?.split(' ')[0])).toBeGreaterThanOrEqual(1);
      await look(page, 'koordination-40-uebersicht-ohne-aktivitaet');

      await activate(page, inactive);
      await expectHeading(page, 'Eskalierte Fälle');
      await expect.poll(() => focusedAttribute(page, 'tagName')).toBe('H1');
      const list = page.getByRole('region', { name: 'Seit 30 Tagen ohne Aktivität' });
      const row = list.getByRole('row').filter({ has: page.getByRole('link', caseLinkName(caseId)) });
      await row.waitFor();
      await row.getByRole('cell', { name: OFFICE_NAME }).waitFor();
      await expect(list.getByRole('link', { name: `Fall ${shortNumber(fresh)}`, exact: true }).count()).resolves.toBe(
        0,
      );
      await look(page, 'koordination-41-faelle-ohne-aktivitaet');

      await activate(page, caseLink(page, caseId));
      await expectHeading(page, `Fall ${short}`);
      const main = page.getByRole('main');
      await main.getByText(CONTACT_NAME).first().waitFor();

      // Zugriffe: the office's read, by its name, with the role's label and the action's.
      const accesses = page.getByRole('region', { name: 'Zugriffe' });
      const officeRead = accesses
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: OFFICE_NAME, exact: true }) })
        .filter({ has: page.getByRole('cell', { name: 'Fall gelesen', exact: true }) });
      await officeRead.first().waitFor();
      await officeRead.first().getByRole('cell', { name: 'Familienbüro', exact: true }).waitFor();
      await look(page, 'koordination-42-fall-zugriffe');

      // Auskunft: a JSON file named by the case's number only, with everything about the family in it.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        activate(page, page.getByRole('button', { name: 'Auskunft herunterladen' })),
      ]);
      expect(download.suggestedFilename()).toBe(`lotse-auskunft-${short}.json`);
      const text = await readFile(await download.path(), 'utf8');
      const document = JSON.parse(text) as unknown;
      expect(JSON.stringify(document)).toContain(CONTACT_NAME);
      expect(text).toContain(caseId);
      await page
        .getByRole('status')
        .filter({ hasText: `Die Auskunft ist gespeichert: lotse-auskunft-${short}.json` })
        .waitFor();
      // The export is an access of its own, which the list shows once it is read again.
      await accesses.getByRole('cell', { name: 'Auskunft heruntergeladen', exact: true }).first().waitFor();
      // Nothing of it stays in the browser, and the address names the case only.
      expect(await page.evaluate('window.localStorage.length + window.sessionStorage.length')).toBe(0);
      expect(new URL(page.url()).pathname).toBe(`/koordination/faelle/${caseId}`);
      expect(new URL(page.url()).search).toBe('');
      await look(page, 'koordination-43-fall-auskunft');
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe('a family’s data erased on request', () => {
  it('erases it by keyboard after a confirmation; the case shows its tombstone, the Lotsin sees it withdrawn', async () => {
    const caseId = await routedCase();
    const short = shortNumber(caseId);
    // The office declines it: an escalated case, which the coordinator finds among those waiting for her.
    const opened = await readCase(api, caseId);
    const declined = await act(api, office(officeId), caseId, 'decline', {
      version: opened.version,
      body: { reason: 'other' },
    });
    expect(declined.status, declined.text).toBe(200);

    const page = await signedInPage(session.browser, 'koordination', 'Übersicht');
    try {
      await activate(page, navigation(page).getByRole('link', { name: 'Eskalierte Fälle' }));
      await expectHeading(page, 'Eskalierte Fälle');
      await activate(
        page,
        page.getByRole('region', { name: 'Warten auf Zuweisung' }).getByRole('link', {
          name: `Fall ${short}`,
          exact: true,
        }),
      );
      await expectHeading(page, `Fall ${short}`);
      const main = page.getByRole('main');
      await main.getByText(CONTACT_NAME).first().waitFor();

      // "Daten löschen" opens the confirmation, which takes the focus; "Abbrechen" closes it and returns there.
      const open = page.getByRole('button', { name: 'Daten löschen' });
      await activate(page, open);
      const confirm = page.getByRole('heading', { name: 'Daten wirklich löschen?' });
      await confirm.waitFor();
      await expect.poll(() => focusedAttribute(page, 'id')).toBe('loeschen-titel');
      await main.getByText('Sie lassen sich nicht wiederherstellen.', { exact: false }).waitFor();
      await look(page, 'koordination-44-fall-loeschen');
      await activate(page, page.getByRole('button', { name: 'Abbrechen' }));
      await expect.poll(() => focusedAttribute(page, 'id')).toBe('daten-loeschen-oeffnen');
      await expect(confirm.count()).resolves.toBe(0);

      // "Endgültig löschen" without a reason: the summary says what is missing and leads to the field.
      await page.keyboard.press('Enter');
      await confirm.waitFor();
      await activate(page, page.getByRole('button', { name: 'Endgültig löschen' }));
      const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
      const missing = summary.getByRole('link', { name: 'Bitte wählen Sie einen Grund für die Löschung.' });
      await missing.waitFor();
      await expect.poll(() => focusedAttribute(page, 'role')).toBe('alert');
      expect(await page.title()).toBe(`Fehler: Fall ${short} – Lotse Musterstadt`);
      expect((await readCase(api, caseId)).personalData).toBe('present');
      await look(page, 'koordination-45-fall-loeschen-fehler');
      await activate(page, missing);
      await expect.poll(() => focusedAttribute(page, 'id')).toBe('f-reason');

      await chooseRadio(
        page,
        fieldset(page, 'Warum werden die Daten gelöscht?'),
        'Die Familie hat die Löschung verlangt',
      );
      // The API briefly away: the page says so and offers to try again; nothing is erased yet.
      const erasePath = (url: URL) => url.pathname === `/v1/cases/${caseId}/erase`;
      await page.route(erasePath, (route) =>
        route.fulfill({
          status: 503,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
          body: JSON.stringify({
            type: 'unavailable',
            title: 'Service Unavailable',
            status: 503,
            detail: 'Try again.',
          }),
        }),
      );
      await activate(page, page.getByRole('button', { name: 'Endgültig löschen' }));
      const retry = page.getByRole('alert').getByRole('button', { name: 'Noch einmal versuchen' });
      await retry.waitFor();
      expect((await readCase(api, caseId)).personalData).toBe('present');
      await look(page, 'koordination-46-fall-loeschen-nicht-erreichbar');
      await page.unroute(erasePath);
      await activate(page, retry);
      await page.getByRole('status').filter({ hasText: 'Die Daten der Familie sind gelöscht' }).waitFor();
      await page.getByRole('heading', { name: ERASED }).waitFor();
      await expect(summary.count()).resolves.toBe(0);
      await expect(main.getByText(CONTACT_NAME).count()).resolves.toBe(0);
      await expect(main.getByRole('heading', { name: 'Kontaktperson' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Daten löschen' }).count()).resolves.toBe(0);
      await look(page, 'koordination-47-fall-geloescht');
      expect(problemsOf(page).messages).toEqual([]);

      const tombstone = await readCase(api, caseId);
      expect(tombstone).toMatchObject({ status: 'withdrawn', personalData: 'erased' });
      expect(tombstone.contact).toBeUndefined();
    } finally {
      await page.context().close();
    }

    // The Lotsin finds her referral withdrawn.
    const lotsin = await signedInPage(session.browser, institutionId, 'Meine Vermittlungen');
    try {
      await activate(lotsin, lotsin.getByRole('main').getByRole('link', { name: new RegExp(short) }));
      await expectHeading(lotsin, `Vermittlung ${short}`);
      await lotsin.getByRole('main').getByText('Zurückgezogen', { exact: true }).first().waitFor();
      await look(lotsin, 'referrer-16-vermittlung-geloescht');
    } finally {
      await lotsin.context().close();
    }
  });

  it('shows the Familienbüro a case erased while it had it, without its data and with the notice', async () => {
    const caseId = await routedCase();
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, officeId);
      await expectHeading(page, 'Eingang');
      await page.getByRole('main').getByRole('table').first().waitFor();
      await findCase(page, caseId);
      await activate(page, caseLink(page, caseId));
      await expectHeading(page, `Fall ${shortNumber(caseId)}`);
      const main = page.getByRole('main');
      await main.getByText(CONTACT_NAME).first().waitFor();

      // Meanwhile the family asks the municipality to erase its data. The erased case leaves the office's lists; the
      // office sees what is left when it comes back to the case (here with the browser's back button).
      const erased = await api.as({ role: 'coordinator' }, 'POST', `/v1/cases/${caseId}/erase`, {
        body: { reason: 'consent-withdrawn' },
      });
      expect(erased.status, erased.text).toBe(202);
      await activate(page, page.getByRole('link', { name: 'Zurück zum Eingang' }));
      await expectHeading(page, 'Eingang');
      await page.goBack();
      await expectHeading(page, `Fall ${shortNumber(caseId)}`);
      await page.getByRole('heading', { name: ERASED }).waitFor();
      await main
        .locator('.kern-alert')
        .getByText(/Die Familie hat die Einwilligung widerrufen/)
        .waitFor();
      await expect(main.getByText(CONTACT_NAME).count()).resolves.toBe(0);
      await expect(main.getByRole('heading', { name: 'Kontaktperson' }).count()).resolves.toBe(0);
      await main.getByText('Der Fall ist beendet. Es ist nichts mehr zu tun.').waitFor();
      await look(page, 'office-14-fall-geloescht-auf-antrag');
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
