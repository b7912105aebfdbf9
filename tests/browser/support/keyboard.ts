// Keyboard-only operation, as a person without a mouse works: Tab (and Shift+Tab) to a control, then Space, Enter,
// arrow keys or typing. Locators only say which control the focus must reach; they never click or fill.
import type { Locator, Page } from 'playwright-core';

const MAX_TABS = 120;

/** Whether the target has the focus; a locator that matches more than one element fails (Playwright's strictness). */
async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === element.ownerDocument.activeElement);
}

/** An attribute (or `tagName`) of the element that has the focus; undefined when nothing has it. */
export async function focusedAttribute(page: Page, name: string): Promise<string | undefined> {
  const value = await page.evaluate(
    `(() => { const element = document.activeElement; if (!element) return null; return ${JSON.stringify(name)} === 'tagName' ? element.tagName : element.getAttribute(${JSON.stringify(name)}); })()`,
  );
  return typeof value === 'string' ? value : undefined;
}

/** Presses Tab (or Shift+Tab with `backwards`) until the target has the focus; fails after a page's worth of stops. */
export async function tabTo(page: Page, target: Locator, options: { backwards?: boolean } = {}): Promise<void> {
  await target.first().waitFor({ state: 'attached' });
  for (let presses = 0; presses < MAX_TABS; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
  }
  const focused = await page.evaluate("document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
  throw new Error(`Tab never reached ${target.toString()}; the focus is on ${focused}`);
}

/** Tabs to a link or button and presses Enter. */
export async function activate(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('Enter');
}

/** Tabs to a checkbox and toggles it with Space. */
export async function toggle(page: Page, checkbox: Locator): Promise<void> {
  await tabTo(page, checkbox);
  await page.keyboard.press('Space');
}

/**
 * Chooses a radio button as a keyboard user does: Tab into its group (which lands on the checked radio, or the first),
 * then the arrow keys to the wanted one (arrows move and select), then Space (selects the first when nothing was).
 */
export async function chooseRadio(page: Page, group: Locator, choice: string | Locator): Promise<void> {
  const radios = group.getByRole('radio');
  // By its exact name within the group, or a locator of its own (which must match one radio).
  const radio = typeof choice === 'string' ? group.getByRole('radio', { name: choice, exact: true }) : choice;
  const count = await radios.count();
  for (let presses = 0; presses < MAX_TABS; presses++) {
    const focusedInGroup = await radios.evaluateAll((elements) =>
      elements.some((element) => element === element.ownerDocument.activeElement),
    );
    if (focusedInGroup) break;
    await page.keyboard.press('Tab');
  }
  for (let presses = 0; presses <= count; presses++) {
    if (await isFocused(radio)) break;
    await page.keyboard.press('ArrowDown');
  }
  if (!(await isFocused(radio))) throw new Error(`the arrow keys never reached ${radio.toString()}`);
  await page.keyboard.press('Space');
}

/** Tabs to a text field and types into it (after selecting what it holds, so the text replaces it). */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}
