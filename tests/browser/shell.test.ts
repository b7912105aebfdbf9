import { describe, expect, inject, it } from 'vitest';
import { expectHeading, openPage, problemsOf, signIn } from './support/browser.ts';
import { activate, focusedAttribute } from './support/keyboard.ts';
import { browserPerFile, look } from './support/screens.ts';

const { institutionId } = inject('example');

const session = browserPerFile();

describe('every page', () => {
  it('welcomes a visitor in German with a way to sign in, and the footer pages open from every page', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await page.goto('/');
      await expectHeading(page, 'Willkommen bei Lotse Musterstadt');
      expect(await page.locator('html').getAttribute('lang')).toBe('de');
      expect(await page.title()).toBe('Willkommen – Lotse Musterstadt');
      await look(page, 'shell-01-willkommen');
      for (const [link, file] of [
        ['Barrierefreiheit', 'shell-02-barrierefreiheit'],
        ['Datenschutz', 'shell-03-datenschutz'],
        ['Impressum', 'shell-04-impressum'],
      ] as const) {
        await activate(page, page.getByRole('contentinfo').getByRole('link', { name: link }));
        await expectHeading(page, link);
        expect(await page.title()).toBe(`${link} – Lotse Musterstadt`);
        await expect.poll(() => focusedAttribute(page, 'tagName')).toBe('H1');
        await look(page, file);
      }
      await page.goto('/gibt-es-nicht');
      await expectHeading(page, 'Seite nicht gefunden');
      await look(page, 'shell-05-nicht-gefunden');
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is served with a strict Content-Security-Policy and the other security headers; index.html is never cached', async () => {
    const answer = await fetch(`${inject('baseUrl')}/vermittlungen/neu`, { headers: { accept: 'text/html' } });
    expect(answer.status).toBe(200);
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const html = await answer.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1] ?? '';
    const asset = await fetch(`${inject('baseUrl')}${script}`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // The API's own paths are never answered with the app.
    const api = await fetch(`${inject('baseUrl')}/v1/referrals`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(401);
  });

  it('signs out with "Abmelden": the token service forgets the session, and the app asks for a new sign-in', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await signIn(page, institutionId);
      const revocations: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/oauth2/revoke')) revocations.push(request.method());
      });
      await activate(page, page.getByRole('button', { name: 'Abmelden' }));
      await expectHeading(page, 'Willkommen bei Lotse Musterstadt');
      expect(revocations).toEqual(['POST']);
      expect(new URL(page.url()).pathname).toBe('/');
      // Nothing of the session survives in the browser: a protected page starts the sign-in again.
      await page.goto('/vermittlungen');
      await page.getByLabel('Benutzername oder E-Mail').waitFor();
      // Only the sign-in just started keeps its PKCE verifier and state for the way back (nothing personal).
      expect(
        await page.evaluate('({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) })'),
      ).toEqual({
        local: [],
        session: ['lotse.signin'],
      });
      expect(problemsOf(page).messages).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
