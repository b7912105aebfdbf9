// What every browser test file does the same way: one chromium per file, a person signed in at their start page,
// axe and a screenshot of the screen as it is, a screen opened from the header's navigation, a fieldset by legend.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { expectAccessible } from './axe.ts';
import { expectHeading, launchBrowser, openPage, screenshot, signIn } from './browser.ts';
import { focusedAttribute } from './keyboard.ts';

/**
 * Launches chromium before the file's tests and closes it after them; `setup` runs once it is up (a page signed in
 * for the whole file, say). The browser is read as `session.browser` inside the tests.
 */
export function browserPerFile(setup?: (browser: Browser) => Promise<void>): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    await setup?.(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser(): Browser {
      if (browser === undefined) throw new Error('the browser is launched before the tests of a file');
      return browser;
    },
  };
}

/** A new window of the browser, signed in as `username`, once its start page shows `heading`. */
export async function signedInPage(browser: Browser, username: string, heading: string): Promise<Page> {
  const { page } = await openPage(browser);
  await signIn(page, username);
  await expectHeading(page, heading);
  return page;
}

/** Axe on the screen as it is now, and its screenshot. */
export async function look(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

/** Follows a link of the header's navigation, as a person finds a screen; its <h1> takes the focus. */
export async function openFromNavigation(page: Page, label: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: label }).click();
  await expectHeading(page, heading);
  await expect.poll(() => focusedAttribute(page, 'tagName')).toBe('H1');
}

/** The fieldset of the page with the given legend. */
export const fieldset = (page: Page, legend: string) =>
  page.locator('fieldset', { has: page.locator('legend', { hasText: legend }) });
