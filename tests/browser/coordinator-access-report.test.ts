// The coordinator's Zugänge and Versorgungsbericht in Debian's chromium: a person invited (errors first, then a taken
// address), locked, unlocked and deleted; a system registered, its secret shown once and working, then gone; the
// coverage report after referrals sent through the API — the heat map with a gap and a suppressed cell, the table, a
// period refused by the API, and the CSV download. axe-core checks every screen, filled and with its errors, and every
// screen is saved as a screenshot in tests/browser/artifacts/.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { LIFE_PHASE_LABELS } from '#domain/labels-de.ts';
import { periodNameDe } from '#domain/reporting-periods.ts';
import { waitForStatus } from '../integration/support/cases.ts';
import { isoDate, yearsAgo } from '../integration/support/referrals.ts';
import { signInSetup } from '../integration/support/sign-in.ts';
import { api, submitReferral } from './support/api.ts';
import { ARTIFACTS, problemsOf } from './support/browser.ts';
import { activate, chooseRadio, focusedAttribute, tabTo, typeInto } from './support/keyboard.ts';
import { browserPerFile, look, openFromNavigation, signedInPage } from './support/screens.ts';

let page: Page;

browserPerFile(async (browser) => {
  page = await signedInPage(browser, 'koordination', 'Übersicht');
});

const fieldset = (scope: Page | ReturnType<Page['locator']>, legend: string) =>
  scope.locator('fieldset', { has: page.locator('legend', { hasText: legend }) });

function germanDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}.${month}.${year}`;
}

function lastDayOfMonth(iso: string): string {
  const [year, month] = iso.split('-').map(Number);
  return new Date(Date.UTC(year ?? 0, month ?? 1, 0)).toISOString().slice(0, 10);
}

describe('Zugänge', () => {
  it('invites a person, refuses a taken address, locks, unlocks and deletes the account', async () => {
    await openFromNavigation(page, 'Zugänge', 'Zugänge');
    const people = page.getByRole('region', { name: 'Liste der Personen' });
    await people.getByRole('row').nth(1).waitFor();
    await look(page, 'koordination-20-zugaenge');
    // One's own account cannot be locked or deleted from here.
    const own = people.getByRole('row', { name: /koordination@/ });
    expect(await own.textContent()).toContain('Ihr eigener Zugang');
    expect(await own.getByRole('button').count()).toBe(0);

    const invite = page.locator('section', { has: page.getByRole('heading', { name: 'Person einladen' }) });
    await activate(page, invite.getByRole('button', { name: 'Person einladen' }));
    const summary = invite.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
    await summary.getByRole('link', { name: 'Geben Sie die E-Mail-Adresse der Person an.' }).waitFor();
    await expect.poll(() => focusedAttribute(page, 'role')).toBe('alert');
    expect(await page.title()).toBe('Fehler: Zugänge – Lotse Musterstadt');
    await look(page, 'koordination-21-person-einladen-fehler');

    const email = `lotsin-${randomUUID().slice(0, 8)}@klinik.example`;
    await activate(page, summary.getByRole('link', { name: 'Geben Sie die E-Mail-Adresse der Person an.' }));
    await expect.poll(() => focusedAttribute(page, 'id')).toBe('f-invite-email');
    await page.keyboard.type(email);
    await typeInto(page, invite.getByLabel('Name'), 'Lena Beispiel');
    await chooseRadio(page, fieldset(invite, 'Rolle'), invite.getByRole('radio', { name: 'Vermittelnde Fachkraft' }));
    await invite.getByLabel('Einrichtung').selectOption({ label: 'St.-Beispiel-Klinik' });
    await activate(page, invite.getByRole('button', { name: 'Person einladen' }));
    await invite
      .getByRole('status')
      .filter({ hasText: `Die Einladung geht an ${email}` })
      .waitFor();

    // The list narrowed to the clinic shows the new account, invited.
    await page
      .getByLabel('Einrichtung oder Familienbüro')
      .first()
      .selectOption({ label: 'Einrichtung: St.-Beispiel-Klinik' });
    const row = people.getByRole('row', { name: /Lena Beispiel/ });
    await expect.poll(() => row.textContent()).toContain('Eingeladen');
    expect(await row.textContent()).toContain('Vermittelnde Fachkraft');
    expect(await row.textContent()).toContain('St.-Beispiel-Klinik');
    const mail = (await (await fetch(`${inject('baseUrl')}/_local/mail`)).json()) as { items: { to: string }[] };
    expect(mail.items.some((item) => JSON.stringify(item).includes(email))).toBe(true);

    // More accounts than a page holds: "Weitere laden" adds the next page and takes the focus to its first row.
    const batch = randomUUID().slice(0, 6);
    for (let index = 0; index < 27; index++) {
      const answer = await api.as({ role: 'coordinator' }, 'POST', '/v1/accounts', {
        body: {
          email: `fb-ost-${batch}-${index}@musterstadt.example`,
          name: `Fachkraft ${batch} ${index}`,
          role: 'office',
          organizationId: 'fb-ost',
        },
      });
      expect(answer.status, answer.text).toBe(201);
    }
    await page
      .getByLabel('Einrichtung oder Familienbüro')
      .first()
      .selectOption({ label: 'Familienbüro: Familienbüro Ost' });
    const ost = people.getByRole('row', { name: new RegExp(`Fachkraft ${batch}`) });
    await expect.poll(() => ost.count()).toBeGreaterThan(0);
    expect(await people.getByRole('row').count()).toBe(26);
    await activate(page, page.getByRole('button', { name: 'Weitere laden' }));
    await expect.poll(() => ost.count()).toBe(27);
    await expect.poll(() => focusedAttribute(page, 'tagName')).toBe('TR');
    expect(await page.getByRole('button', { name: 'Weitere laden' }).count()).toBe(0);
    await page
      .getByLabel('Einrichtung oder Familienbüro')
      .first()
      .selectOption({ label: 'Einrichtung: St.-Beispiel-Klinik' });
    await row.waitFor();

    // The same address again: 409, explained at the field.
    await typeInto(page, invite.getByLabel('E-Mail-Adresse'), email.toUpperCase());
    await typeInto(page, invite.getByLabel('Name'), 'Lena Beispiel');
    await chooseRadio(page, fieldset(invite, 'Rolle'), invite.getByRole('radio', { name: 'Vermittelnde Fachkraft' }));
    await invite.getByLabel('Einrichtung').selectOption({ label: 'St.-Beispiel-Klinik' });
    await activate(page, invite.getByRole('button', { name: 'Person einladen' }));
    await summary.getByRole('link', { name: 'Für diese E-Mail-Adresse gibt es schon einen Zugang.' }).waitFor();
    await look(page, 'koordination-22-person-einladen-vergeben');

    await activate(page, row.getByRole('button', { name: 'Sperren: Lena Beispiel', exact: true }));
    await expect.poll(() => row.textContent()).toContain('Gesperrt');
    await activate(page, row.getByRole('button', { name: 'Entsperren: Lena Beispiel' }));
    await row.getByRole('button', { name: 'Sperren: Lena Beispiel', exact: true }).waitFor();
    expect(await row.textContent()).not.toContain('Gesperrt');

    await activate(page, row.getByRole('button', { name: 'Löschen: Lena Beispiel' }));
    const confirmation = page.getByRole('alertdialog', { name: 'Zugang von Lena Beispiel löschen?' });
    await confirmation.waitFor();
    await expect.poll(() => focusedAttribute(page, 'role')).toBe('alertdialog');
    await look(page, 'koordination-23-zugang-loeschen');
    await activate(page, confirmation.getByRole('button', { name: 'Ja, Zugang löschen' }));
    await page.getByRole('status').filter({ hasText: 'Der Zugang von Lena Beispiel ist gelöscht.' }).waitFor();
    expect(await row.count()).toBe(0);
    expect(problemsOf(page).messages).toEqual([]);
  });

  it('registers a client whose secret shows once and works', async () => {
    await openFromNavigation(page, 'Zugänge', 'Zugänge');
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Client registrieren' }) });
    const name = `Kliniksoftware ${randomUUID().slice(0, 6)}`;
    await typeInto(page, form.getByLabel('Name des Systems'), name);
    await chooseRadio(page, fieldset(form, 'Rolle'), form.getByRole('radio', { name: 'Vermittelnde Fachkraft' }));
    await form.getByLabel('Einrichtung').selectOption({ label: 'St.-Beispiel-Klinik' });
    await activate(page, form.getByRole('button', { name: 'Client registrieren' }));

    const panel = page.getByRole('region', { name: 'Geheimnis des neuen Clients' });
    await panel.waitFor();
    await expect.poll(() => focusedAttribute(page, 'aria-label')).toBe('Geheimnis des neuen Clients');
    expect(await panel.textContent()).toContain('Lotse zeigt es nie wieder an');
    const clientId = (await panel.getByTestId('client-id').textContent()) ?? '';
    const secret = (await panel.getByTestId('client-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    await look(page, 'koordination-24-client-geheimnis');

    // The secret shown is the real one: the system gets a token with it.
    const { discovery } = await signInSetup(inject('baseUrl'));
    const token = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'lotse/referrer' }).toString(),
    });
    expect(token.status).toBe(200);

    await activate(page, panel.getByRole('button', { name: 'Ich habe das Geheimnis gespeichert' }));
    await expect.poll(() => panel.count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    const row = page.getByRole('region', { name: 'Liste der Systeme' }).getByRole('row', { name: new RegExp(name) });
    expect(await row.textContent()).toContain(clientId);

    // Leaving the page and coming back: the secret is nowhere.
    await openFromNavigation(page, 'Bericht', 'Versorgungsbericht');
    await openFromNavigation(page, 'Zugänge', 'Zugänge');
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await activate(page, row.getByRole('button', { name: `Löschen: ${name}` }));
    const confirmation = page.getByRole('alertdialog', { name: `Client „${name}“ löschen?` });
    await activate(page, confirmation.getByRole('button', { name: 'Ja, Client löschen' }));
    await page
      .getByRole('status')
      .filter({ hasText: `Der Client „${name}“ ist gelöscht.` })
      .waitFor();
    await expect.poll(() => row.count()).toBe(0);
  });
});

describe('Versorgungsbericht', () => {
  it('shows the gaps as a heat map and a table, refuses a reversed period and downloads the CSV', async () => {
    // Five families in Ost with a secondary-school child who need early intervention: no offer serves that phase, so
    // all five are unmatched (a published cell). Two in Süd: a suppressed cell.
    const gap = { children: [{ birthDate: yearsAgo(12) }], needs: ['early-intervention'] };
    const ids = await Promise.all([
      ...Array.from({ length: 5 }, () => submitReferral('klinik-mitte', { ...gap, postalCode: '44141' })),
      ...Array.from({ length: 2 }, () => submitReferral('klinik-mitte', { ...gap, postalCode: '44225' })),
    ]);
    for (const id of ids) await waitForStatus(api, id, 'routed');

    await openFromNavigation(page, 'Bericht', 'Versorgungsbericht');
    const figure = page.locator('figure');
    await figure.waitFor();
    const map = figure.locator('svg[role="img"]');
    expect(await map.getAttribute('aria-labelledby')).toBe('heatmap-titel heatmap-beschreibung');
    expect(await figure.locator('desc').textContent()).toContain('Frühförderung in Ost: 5');
    expect(await map.locator('text', { hasText: '< 5' }).count()).toBeGreaterThan(0);
    // The answer covers whole months: the last 30 days widened, named as the months they touch.
    const [firstMonth, lastMonth] = [isoDate(-29).slice(0, 7), isoDate(0).slice(0, 7)];
    const covered =
      firstMonth === lastMonth
        ? `Zeitraum: ${periodNameDe(lastMonth)} (ganzer Monat)`
        : `Zeitraum: ${periodNameDe(firstMonth)} bis ${periodNameDe(lastMonth)} (ganze Monate)`;
    expect(await page.getByText(covered, { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Von').inputValue()).toBe(germanDate(`${firstMonth}-01`));
    await look(page, 'koordination-30-bericht');
    await figure.screenshot({ path: path.join(ARTIFACTS, 'koordination-30-bericht-heatmap.png') });

    // The table: the gap highlighted, the suppressed cell as "< 5" (UI.md; read out as "weniger als 5, nicht ausgewiesen").
    const table = page.getByRole('region', { name: 'Versorgungsbericht' });
    const gapRow = table.getByRole('row', { name: /Ost Sekundarstufe I Frühförderung Geburtsklinik/ });
    expect((await gapRow.locator('td').allTextContents()).slice(3, 6)).toEqual(['5', '5', '5']);
    expect(await gapRow.getAttribute('class')).toContain('lotse-gap-row');
    const suppressedRow = table.getByRole('row', { name: /Süd Sekundarstufe I Frühförderung Geburtsklinik/ });
    expect(await suppressedRow.locator('td').nth(3).textContent()).toBe('< 5weniger als 5, nicht ausgewiesen');

    // The figures of the map as a table, for screen readers and keyboard users.
    await activate(page, page.getByText('Die Zahlen der Grafik als Tabelle'));
    const mapTable = page.getByRole('region', { name: 'Lücken als Tabelle' });
    await mapTable.waitFor();
    const mapRow = mapTable.getByRole('row', { name: /Frühförderung/ });
    expect(await mapRow.textContent()).toContain('5 ohne passendes Angebot');
    expect(await mapRow.textContent()).toContain('nicht ausgewiesen');
    await look(page, 'koordination-31-bericht-tabelle');

    // The CSV: the same route with Accept: text/csv, saved as a file; nothing personal in any URL.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      activate(page, page.getByRole('button', { name: 'Als CSV herunterladen' })),
    ]);
    expect(download.suggestedFilename()).toMatch(/^versorgungsbericht-\d{4}-\d{2}-\d{2}-bis-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    // German words from the labels module for people's spreadsheets, with a byte-order mark for the umlauts.
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFBezirk,Lebensphase,Bedarf,Art der Einrichtung,Eingegangen,Weitergeleitet,Ohne passendes Angebot,Angenommen,Vermittelt,Median Stunden bis zur ersten Reaktion',
    );
    expect(csv).toContain(`\r\nost,${LIFE_PHASE_LABELS.secondary.label},Frühförderung,Geburtsklinik,5,5,5,0,0,\r\n`);
    expect(csv).toContain(
      `\r\nsued,${LIFE_PHASE_LABELS.secondary.label},Frühförderung,Geburtsklinik,${'nicht ausgewiesen,'.repeat(5)}\r\n`,
    );

    // A period that ends before it starts: the API's 400, at the field.
    await typeInto(page, page.getByLabel('Von'), germanDate(isoDate(0)));
    await typeInto(page, page.getByLabel('Bis'), germanDate(isoDate(-30)));
    await activate(page, page.getByRole('button', { name: 'Zeitraum anzeigen' }));
    const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
    await summary.getByRole('link', { name: 'Das Ende darf nicht vor dem Anfang liegen.' }).waitFor();
    await look(page, 'koordination-32-bericht-fehler');
    await activate(page, summary.getByRole('link', { name: 'Das Ende darf nicht vor dem Anfang liegen.' }));
    await expect.poll(() => focusedAttribute(page, 'id')).toBe('f-to');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(germanDate(isoDate(0)));
    await tabTo(page, page.getByRole('button', { name: 'Zeitraum anzeigen' }));
    await page.keyboard.press('Enter');
    await figure.waitFor();
    // One day asked for: its whole month shown, the fields widened to it.
    expect(await page.getByText(`Zeitraum: ${periodNameDe(lastMonth)} (ganzer Monat)`, { exact: true }).count()).toBe(
      1,
    );
    expect(await page.getByLabel('Bis').inputValue()).toBe(germanDate(lastDayOfMonth(isoDate(0))));
    await look(page, 'koordination-33-bericht-monat');
    expect(problemsOf(page).messages).toEqual([]);
  });
});
