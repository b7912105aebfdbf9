// Section 6, the web app's first load: per screen group, the gzip bytes of JavaScript and CSS a browser fetches to
// show one of its screens (KERN's fonts aside), from the production build. The floor is what any such app ships
// before its first own line: Preact with the oauth4webapi functions the sign-in uses (JavaScript, bundled and
// minified the same way) and KERN UX's stylesheet as published (CSS).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleWebApp, FIRST_LOAD_BUDGET, WEB_ROOT } from '../../web/build.ts';
import { type Row, type SectionResult, verdict } from './report.ts';

const KIB = 1024;

const FLOOR_ENTRY = `
import { render, h } from 'preact';
import { useState } from 'preact/hooks';
import * as oauth from 'oauth4webapi';
function App() { const [value] = useState(0); return h('p', null, value); }
render(h(App, null), document.body);
globalThis.oauth = [oauth.discoveryRequest, oauth.processDiscoveryResponse, oauth.generateRandomCodeVerifier,
  oauth.generateRandomState, oauth.calculatePKCECodeChallenge, oauth.validateAuthResponse,
  oauth.authorizationCodeGrantRequest, oauth.processAuthorizationCodeResponse, oauth.refreshTokenGrantRequest,
  oauth.processRefreshTokenResponse, oauth.revocationRequest, oauth.processRevocationResponse, oauth.None];
`;

async function floorJsGzipBytes(): Promise<number> {
  const result = await build({
    stdin: { contents: FLOOR_ENTRY, resolveDir: WEB_ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return gzipSync(code, { level: 9 }).length;
}

async function floorCssGzipBytes(): Promise<number> {
  const require = createRequire(path.join(WEB_ROOT, 'build.ts'));
  const css = await readFile(require.resolve('@kern-ux/native/dist/kern.min.css'));
  return gzipSync(css, { level: 9 }).length;
}

export async function webAppSection(): Promise<SectionResult> {
  const startedAt = performance.now();
  const outdir = await mkdtemp(path.join(os.tmpdir(), 'lotse-bench-web-'));
  try {
    const [report, floorJs, floorCss] = await Promise.all([
      bundleWebApp(outdir),
      floorJsGzipBytes(),
      floorCssGzipBytes(),
    ]);
    const rows: Row[] = report.firstLoads.flatMap((load) => [
      {
        measure: `web ${load.group}: first-load JS (gzip)`,
        figure: load.jsGzipBytes / KIB,
        floor: floorJs / KIB,
        unit: 'KiB',
        ratio: load.jsGzipBytes / floorJs,
        target: `≤ ${FIRST_LOAD_BUDGET.jsGzipBytes / KIB} KiB`,
        verdict: verdict(load.jsGzipBytes <= FIRST_LOAD_BUDGET.jsGzipBytes),
      },
      {
        measure: `web ${load.group}: first-load CSS (gzip)`,
        figure: load.cssGzipBytes / KIB,
        floor: floorCss / KIB,
        unit: 'KiB',
        ratio: load.cssGzipBytes / floorCss,
        target: `≤ ${FIRST_LOAD_BUDGET.cssGzipBytes / KIB} KiB`,
        verdict: verdict(load.cssGzipBytes <= FIRST_LOAD_BUDGET.cssGzipBytes),
      },
    ]);
    return {
      id: '6',
      title: 'Web app first load',
      floor:
        'Preact with the oauth4webapi functions the sign-in uses, bundled and minified alike (JS); KERN UX kern.min.css as published (CSS); both gzip -9.',
      rows,
      notes: [
        "A first load is index.html's module with its static imports plus the screen group's lazily loaded chunk and its static imports, and the one stylesheet; KERN's Fira Sans faces are fetched only as used and are not counted.",
        `Built in ${report.durationMs} ms (npm run build:web prints the same figures for web/dist).`,
      ],
      details: {
        files: report.files,
        firstLoads: report.firstLoads,
        floorJsGzipBytes: floorJs,
        floorCssGzipBytes: floorCss,
      },
      durationMs: Math.round(performance.now() - startedAt),
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
