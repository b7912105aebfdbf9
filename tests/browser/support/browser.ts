// The browser for the browser tier: Debian's chromium driven by playwright-core, one per test file, a fresh context
// (German, Berlin time) per person; every page records what the Content-Security-Policy refused and uncaught errors,
// so a test can assert that the app ran clean. Sign-in goes through the real sign-in form of the local issuer.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { chromiumPath } from './chromium.ts';

export const ARTIFACTS = fileURLToPath(new URL('../artifacts', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}

/** What went wrong in a page without failing a step: CSP refusals, uncaught errors, failed app requests. */
export type PageProblems = { readonly messages: string[] };

const pageProblems = new WeakMap<Page, PageProblems>();

export function problemsOf(page: Page): PageProblems {
  const problems = pageProblems.get(page);
  if (problems === undefined) throw new Error('the page was not opened with openPage');
  return problems;
}

/** A new person at a new browser window: their own cookies and memory, German locale, Berlin time. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 900 },
    baseURL: inject('baseUrl'),
  });
  const page = await context.newPage();
  const problems: PageProblems = { messages: [] };
  pageProblems.set(page, problems);
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.messages.push(`CSP: ${text}`);
  });
  page.on('pageerror', (error) => problems.messages.push(`uncaught: ${error.message}`));
  return { context, page };
}

/**
 * Signs in as the given account through the app: the start page's "Anmelden", the issuer's form (typed, then
 * Enter), back to the app at the account's start page. Resolves once the start page's <h1> shows.
 */
export async function signIn(page: Page, username: string, password: string = inject('localPassword')): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Anmelden' }).click();
  await page.getByLabel('Benutzername oder E-Mail').waitFor();
  await page.getByLabel('Benutzername oder E-Mail').fill(username);
  await page.getByLabel('Passwort').fill(password);
  await page.getByLabel('Passwort').press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/_local/') && !url.pathname.startsWith('/anmeldung'));
  await page.locator('h1').waitFor();
}

/** Saves a full-page screenshot as tests/browser/artifacts/<name>.png (not committed) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The page's <h1> once it shows the given text (screens load their data after the heading). */
export async function expectHeading(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('h1', { hasText: text }).waitFor();
}
