// The web app as the local runtime serves it, from a real build: hashed files with a long cache, index.html for every
// client route a browser asks for (never for the API's paths), /config.json from the runtime, the security headers.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAppServer, type WebAppServer } from '#infra/local/web-app.ts';
import { bundleWebApp, type WebBuildReport } from '../../../web/build.ts';

const CONFIG = {
  authority: 'http://127.0.0.1:3000/_local/issuer',
  clientId: 'web',
  redirectPath: '/anmeldung/rueckkehr',
  logoutEndpoint: 'http://127.0.0.1:3000/_local/issuer/logout',
  logoutPath: '/',
  municipality: { name: 'Musterstadt' },
};

let directory = '';
let report: WebBuildReport;
let server: WebAppServer;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'lotse-web-'));
  report = await bundleWebApp(directory);
  server = createWebAppServer(
    { directory, cached: false, report },
    { config: () => CONFIG, connectOrigins: () => ['http://127.0.0.1:3000'] },
  );
}, 60_000);

afterAll(async () => {
  if (directory !== '') await rm(directory, { recursive: true, force: true });
});

const html = 'text/html,application/xhtml+xml';

describe('the local web app', () => {
  it('answers a client route a browser asks for with index.html, uncached, under the security headers', async () => {
    const answer = await server.handle({ method: 'GET', path: '/vermittlungen/neu/kinder', accept: html });

    expect(answer?.statusCode).toBe(200);
    expect(answer?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer?.headers['cache-control']).toBe('no-store');
    expect(answer?.headers['content-security-policy']).toContain("script-src 'self'");
    expect(answer?.headers['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:3000");
    expect(answer?.headers['x-content-type-options']).toBe('nosniff');
    expect(answer?.body.toString()).toContain('<html lang="de">');
  });

  it('serves the hashed files for a year and the configuration never cached', async () => {
    const script = report.files.find((file) => /^app-.*\.js$/.test(file.path))?.path ?? '';
    const file = await server.handle({ method: 'GET', path: `/${script}`, accept: '*/*' });
    const config = await server.handle({ method: 'GET', path: '/config.json', accept: 'application/json' });

    expect(file?.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(file?.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(config?.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(config?.body.toString() ?? '{}')).toEqual(CONFIG);
  });

  it('leaves the API, the control plane, health, the OpenAPI document and unknown files to the gateway', async () => {
    for (const requestPath of ['/v1/referrals', '/_local/resources', '/health', '/openapi.json']) {
      expect(await server.handle({ method: 'GET', path: requestPath, accept: html }), requestPath).toBeUndefined();
    }
    expect(await server.handle({ method: 'GET', path: '/app-missing.js', accept: '*/*' })).toBeUndefined();
    expect(await server.handle({ method: 'POST', path: '/vermittlungen', accept: html })).toBeUndefined();
    expect(await server.handle({ method: 'GET', path: '/web-build.json', accept: '*/*' })).toBeUndefined();
  });

  it("reports each screen group's first load within the budget", () => {
    expect(report.firstLoads.map((load) => load.group)).toEqual(['shell', 'referrer', 'office', 'coordinator']);
    for (const load of report.firstLoads) expect(load.withinBudget, load.group).toBe(true);
  });
});
