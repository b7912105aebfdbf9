// The coordinator's catalogue screens in Debian's chromium: an offer edited through its form and check page (a field
// error fixed from the error summary, the API's own 400 mapped back to its field), seen in the list and deactivated;
// an institution added; an office form with the 409 for a district another office serves explained; a catalogue
// imported with a bad entry, refused all or nothing, then applied partially. axe-core checks every screen, filled and
// with its errors, and every screen is saved as a screenshot in tests/browser/artifacts/.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api } from './support/api.ts';
import { expectHeading, problemsOf } from './support/browser.ts';
import { activate, focusedAttribute, tabTo, typeInto } from './support/keyboard.ts';
import { browserPerFile, look, openFromNavigation, signedInPage } from './support/screens.ts';

const coordinator = { role: 'coordinator' } as const;

let page: Page;

browserPerFile(async (browser) => {
  page = await signedInPage(browser, 'koordination', 'Übersicht');
});

async function readOffer(id: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await api.as(coordinator, 'GET', `/v1/offers/${id}`);
  return { status: answer.status, body: answer.body as Record<string, unknown> };
}

describe('the offers catalogue', () => {
  it('edits an offer: a field error fixed from the summary, the API refusing a number, the change in the list', async () => {
    await openFromNavigation(page, 'Angebote', 'Angebotskatalog');
    expect(await page.title()).toBe('Angebotskatalog – Lotse Musterstadt');
    const row = page.getByRole('row', { name: /Treffpunkt Alleinerziehende/ });
    await row.waitFor();
    await look(page, 'koordination-01-angebotskatalog');

    // Search narrows the list; codes never show, their German labels do.
    await typeInto(page, page.getByRole('searchbox', { name: 'Suche' }), 'Alleinerziehende');
    await page.getByText('1 von 25 Angeboten passen zum Filter').waitFor();
    expect(await row.textContent()).toContain('Partnerschaft und Trennung');
    expect(await row.textContent()).not.toContain('relationship');
    await look(page, 'koordination-01-angebotskatalog-suche');

    await activate(page, row.getByRole('link', { name: /Bearbeiten/ }));
    await expectHeading(page, 'Angebot bearbeiten');
    await look(page, 'koordination-02-angebot-bearbeiten');

    // The name emptied: "Weiter" shows the summary, whose link takes the focus to the field.
    await typeInto(page, page.getByLabel('Name des Angebots'), '');
    await activate(page, page.getByRole('button', { name: 'Weiter' }));
    const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
    await summary.waitFor();
    await expect.poll(() => focusedAttribute(page, 'role')).toBe('alert');
    expect(await page.title()).toBe('Fehler: Angebot bearbeiten – Lotse Musterstadt');
    await look(page, 'koordination-02-angebot-bearbeiten-fehler');
    await activate(page, summary.getByRole('link', { name: 'Geben Sie den Namen des Angebots an.' }));
    await expect.poll(() => focusedAttribute(page, 'id')).toBe('f-name');
    await page.keyboard.type('Treffpunkt Alleinerziehende Süd-West');

    // More free places than places at all: only the API knows that rule; its 400 comes back to the field.
    await typeInto(page, page.getByLabel('Freie Plätze'), '20');
    await activate(page, page.getByRole('button', { name: 'Weiter' }));
    await expectHeading(page, 'Angaben prüfen');
    const check = page.locator('dl');
    expect(await check.textContent()).toContain('Treffpunkt Alleinerziehende Süd-West');
    expect(await check.textContent()).toContain('20 frei von 12');
    await look(page, 'koordination-03-angebot-pruefen');
    await activate(page, page.getByRole('button', { name: 'Speichern' }));
    await expectHeading(page, 'Angebot bearbeiten');
    const refused = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
    await refused.waitFor();
    await look(page, 'koordination-03-angebot-api-fehler');
    await activate(
      page,
      refused.getByRole('link', { name: 'Darf nicht größer sein als die Zahl der Plätze insgesamt.' }),
    );
    await expect.poll(() => focusedAttribute(page, 'id')).toBe('f-capacity-available');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('3');

    // "Ändern" on the check page returns to the field.
    await activate(page, page.getByRole('button', { name: 'Weiter' }));
    await expectHeading(page, 'Angaben prüfen');
    await activate(page, page.getByRole('link', { name: 'Ändern: Sprachen' }));
    await expectHeading(page, 'Angebot bearbeiten');
    await expect.poll(() => focusedAttribute(page, 'id')).toBe('f-languages');
    await activate(page, page.getByRole('button', { name: 'Weiter' }));
    await expectHeading(page, 'Angaben prüfen');
    await activate(page, page.getByRole('button', { name: 'Speichern' }));

    await expectHeading(page, 'Angebotskatalog');
    await page
      .getByRole('status')
      .filter({ hasText: '„Treffpunkt Alleinerziehende Süd-West“ ist gespeichert.' })
      .waitFor();
    const saved = page.getByRole('row', { name: /Treffpunkt Alleinerziehende Süd-West/ });
    expect(await saved.textContent()).toContain('3 frei von 12');
    const stored = await readOffer('treffpunkt-alleinerziehende');
    expect(stored.body).toMatchObject({ name: 'Treffpunkt Alleinerziehende Süd-West', capacity: { available: 3 } });
    expect(problemsOf(page).messages).toEqual([]);
  });

  it('adds an offer, then deactivates it after a confirmation', async () => {
    await openFromNavigation(page, 'Angebote', 'Angebotskatalog');
    await activate(page, page.getByRole('link', { name: 'Angebot hinzufügen' }));
    await expectHeading(page, 'Angebot hinzufügen');
    const name = `Babytreff ${randomUUID().slice(0, 6)}`;
    await typeInto(page, page.getByLabel('Name des Angebots'), name);
    const id = await page.getByLabel('Kennung').inputValue();
    expect(id).toMatch(/^babytreff-[a-z0-9]+$/);
    await typeInto(page, page.getByLabel('Träger'), 'Familienzentrum Hafen');
    await page.getByRole('checkbox', { name: 'Familienbildung' }).check();
    await page.getByRole('checkbox', { name: 'Frühe Kindheit' }).check();
    await page.getByRole('checkbox', { name: 'Hafen' }).check();
    await page.getByLabel('Weitere Sprache').selectOption({ label: 'Kurdisch' });
    await page.getByRole('button', { name: 'Sprache hinzufügen' }).click();
    expect(await page.getByRole('checkbox', { name: 'Kurdisch' }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'Vor Ort' }).check();
    await look(page, 'koordination-04-angebot-hinzufuegen');
    await activate(page, page.getByRole('button', { name: 'Weiter' }));
    await expectHeading(page, 'Angaben prüfen');
    await activate(page, page.getByRole('button', { name: 'Speichern' }));
    await expectHeading(page, 'Angebotskatalog');
    expect((await readOffer(id)).body).toMatchObject({ name, status: 'active', languages: ['de', 'ku'] });

    const row = page.getByRole('row', { name: new RegExp(name) });
    await activate(page, row.getByRole('button', { name: `Deaktivieren: ${name}` }));
    const confirmation = page.getByRole('alertdialog', { name: `„${name}“ deaktivieren?` });
    await confirmation.waitFor();
    await expect.poll(() => focusedAttribute(page, 'role')).toBe('alertdialog');
    await look(page, 'koordination-05-angebot-deaktivieren');
    await activate(page, confirmation.getByRole('button', { name: 'Ja, deaktivieren' }));
    await page.getByRole('status').filter({ hasText: 'ist jetzt nicht aktiv' }).waitFor();
    await expect.poll(() => row.textContent()).toContain('Nicht aktiv');
    expect((await readOffer(id)).body.status).toBe('inactive');
  });
});

describe('institutions and offices', () => {
  it('adds an institution, with its errors first', async () => {
    await openFromNavigation(page, 'Einrichtungen', 'Einrichtungen');
    await page.getByRole('row', { name: /St.-Beispiel-Klinik/ }).waitFor();
    await look(page, 'koordination-06-einrichtungen');
    await activate(page, page.getByRole('link', { name: 'Hinzufügen' }));
    await expectHeading(page, 'Einrichtung hinzufügen');
    await activate(page, page.getByRole('button', { name: 'Speichern' }));
    const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
    await summary.getByRole('link', { name: 'Wählen Sie die Art der Einrichtung.' }).waitFor();
    await look(page, 'koordination-07-einrichtung-fehler');
    const name = `Hebammenpraxis ${randomUUID().slice(0, 6)}`;
    await typeInto(page, page.getByLabel('Name der Einrichtung'), name);
    await page.getByRole('radio', { name: 'Andere Einrichtung' }).check();
    await look(page, 'koordination-07-einrichtung-hinzufuegen');
    await activate(page, page.getByRole('button', { name: 'Speichern' }));
    await expectHeading(page, 'Einrichtungen');
    await page
      .getByRole('row', { name: new RegExp(name) })
      .getByText('Andere Einrichtung')
      .waitFor();
  });

  it('explains the 409 for a district that another office serves', async () => {
    await openFromNavigation(page, 'Familienbüros', 'Familienbüros');
    await page.getByText('1 Bezirk ohne Familienbüro').waitFor();
    await look(page, 'koordination-08-familienbueros');
    await activate(
      page,
      page.getByRole('row', { name: /Familienbüro Süd-West/ }).getByRole('link', { name: /Bearbeiten/ }),
    );
    await expectHeading(page, 'Familienbüro bearbeiten');
    const nord = page.getByRole('checkbox', { name: 'Nord' });
    await page.getByText('Gehört zurzeit zu: Familienbüro Nord').waitFor();
    await look(page, 'koordination-09-familienbuero-bearbeiten');
    await nord.check();
    await activate(page, page.getByRole('button', { name: 'Speichern' }));
    const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
    await summary.getByRole('link', { name: /Der Bezirk Nord gehört schon zu „Familienbüro Nord“/ }).waitFor();
    await look(page, 'koordination-09-familienbuero-konflikt');
    await activate(page, summary.getByRole('link', { name: /Der Bezirk Nord/ }));
    await expect.poll(() => focusedAttribute(page, 'id')).toBe('f-districts');
    await nord.uncheck();
    await activate(page, page.getByRole('button', { name: 'Speichern' }));
    await expectHeading(page, 'Familienbüros');
    const office = await api.as(coordinator, 'GET', '/v1/offices/fb-sued-west');
    expect((office.body as { districts: string[] }).districts).toEqual(['sued', 'west']);
  });
});

describe('the catalogue import', () => {
  it('refuses a file with a bad entry all or nothing, then applies the valid entries', async () => {
    const good = `import-${randomUUID().slice(0, 8)}`;
    const services = [
      {
        id: good,
        name: 'Elternberatung am Hafen',
        status: 'active',
        organization: { name: 'Beratungsstelle Hafen' },
        languages: [{ code: 'de' }],
        minimum_age: 0,
        maximum_age: 6,
        service_areas: [{ uri: 'urn:lotse:district:hafen' }],
        attributes: [{ taxonomy_term: { taxonomy: 'lotse-needs', code: 'parenting' } }],
      },
      {
        id: `${good}-bad`,
        name: 'Ohne Bedarf',
        status: 'active',
        organization: { name: 'Träger' },
        languages: [{ code: 'de' }],
        attributes: [{ taxonomy_term: { taxonomy: 'lotse-needs', code: 'astrology' } }],
      },
    ];
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lotse-import-')), 'dienste.json');
    writeFileSync(file, JSON.stringify({ services }));

    await openFromNavigation(page, 'Import', 'Katalog importieren');
    await look(page, 'koordination-10-import');
    await activate(page, page.getByRole('button', { name: 'Importieren' }));
    await page.getByRole('alert').getByRole('link', { name: 'Wählen Sie die Datei mit dem Katalog aus.' }).waitFor();
    await look(page, 'koordination-10-import-fehler');

    await page.getByLabel('Datei mit dem Katalog').setInputFiles(file);
    await activate(page, page.getByRole('button', { name: 'Importieren' }));
    const refused = page.getByRole('alert').filter({ hasText: 'Nichts übernommen' });
    await refused.waitFor();
    const result = page.locator('section', { has: page.getByRole('heading', { name: 'Ergebnis des Imports' }) });
    expect(await result.textContent()).toContain(`${good}-bad`);
    expect(await result.textContent()).toContain('Unbekannter Code „astrology“');
    expect((await readOffer(good)).status).toBe(404);
    await look(page, 'koordination-11-import-abgelehnt');

    await tabTo(page, page.getByRole('checkbox', { name: 'gültige Einträge trotzdem übernehmen' }));
    await page.keyboard.press('Space');
    await activate(page, page.getByRole('button', { name: 'Importieren' }));
    await page.getByRole('alert').filter({ hasText: 'Gültige Einträge übernommen, 1 Eintrag abgelehnt' }).waitFor();
    expect(await result.textContent()).toContain('Unbekannter Code „astrology“');
    expect((await readOffer(good)).body).toMatchObject({ name: 'Elternberatung am Hafen', districts: ['hafen'] });
    expect((await readOffer(`${good}-bad`)).status).toBe(404);
    await look(page, 'koordination-12-import-teilweise');

    // The catalogue as it is now, downloaded and imported again: every entry unchanged.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      activate(page, page.getByRole('button', { name: 'Katalog herunterladen' })),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lotse-katalog-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { offers: { id: string }[] };
    expect(exported.offers.map((offer) => offer.id)).toContain(good);
    await page.getByLabel('Datei mit dem Katalog').setInputFiles(await download.path());
    await activate(page, page.getByRole('button', { name: 'Importieren' }));
    await page.getByRole('alert').filter({ hasText: 'Import abgeschlossen' }).waitFor();
    const counts = page.locator('dl');
    expect(await counts.textContent()).toContain(`Neu angelegt0Geändert0Unverändert`);
    expect(problemsOf(page).messages).toEqual([]);
  });
});
