// The web app in the local runtime: built on start (esbuild works in its own process) into the local cache,
// `cdk.out.local/web-<hash>`, under a hash of everything it is built from — web/ and the shared code it imports, the
// lockfile — so an unchanged app starts without building; and served at `/` on the gateway's origin as CloudFront
// serves it: hashed files with a long cache, index.html for every client route (no-store), /config.json generated
// from the local issuer and web client, and the same security headers.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWebApp, type WebBuildReport } from '../../web/build.ts';
import { cacheControlOf, webSecurityHeaders } from '../../web/security-headers.ts';
import type { HttpResponse } from './http-api-event.ts';
import { CACHE_ROOT, hashInputs } from './synth.ts';

const REPORT_FILE = 'web-build.json';
/** What the app is built from (web/dist, the output of `npm run build:web`, is not). */
const INPUT_DIRECTORIES = ['web', 'shared'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json'];
const EXCLUDED = [path.join('web', 'dist')];

/** Paths that are never the app's, whatever the Accept header says. */
const NOT_THE_APP = [/^\/v1(\/|$)/, /^\/_local(\/|$)/, /^\/health$/, /^\/openapi\.json$/];

export type BuiltWebApp = {
  readonly directory: string;
  readonly cached: boolean;
  readonly report: WebBuildReport;
};

/** The built app: from the cache when no input changed, else built now (LOTSE_LOCAL_SYNTH_CACHE=off: always). */
export async function buildLocalWebApp(): Promise<BuiltWebApp> {
  const useCache = process.env.LOTSE_LOCAL_SYNTH_CACHE !== 'off';
  const hash = await hashInputs([process.version], INPUT_DIRECTORIES, INPUT_FILES, EXCLUDED);
  const final = path.join(CACHE_ROOT, `web-${hash}`);
  const readReport = async (directory: string) =>
    JSON.parse(await readFile(path.join(directory, REPORT_FILE), 'utf8')) as WebBuildReport;
  if (useCache && existsSync(path.join(final, REPORT_FILE))) {
    // A recent entry is never pruned (synth.ts prunes the cache root by age).
    const now = new Date();
    await utimes(final, now, now);
    return { directory: final, cached: true, report: await readReport(final) };
  }
  await mkdir(CACHE_ROOT, { recursive: true });
  const temporary = path.join(CACHE_ROOT, `.tmp-web-${randomUUID()}`);
  try {
    const report = await bundleWebApp(temporary);
    // Beside the files (and never served: only the report's files are), so a start from the cache can name the sizes.
    await writeFile(path.join(temporary, REPORT_FILE), JSON.stringify(report));
    await rm(final, { recursive: true, force: true });
    await rename(temporary, final);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    // Another runtime built the same inputs at the same time: use its copy.
    if (!existsSync(path.join(final, REPORT_FILE))) throw error;
  }
  return { directory: final, cached: false, report: await readReport(final) };
}

/** The app's runtime configuration (web/src/config.ts), as the stack publishes it in the cloud. */
export type WebAppConfig = {
  readonly authority: string;
  readonly clientId: string;
  readonly redirectPath: string;
  readonly logoutEndpoint: string;
  readonly logoutPath: string;
  readonly municipality: { readonly name: string };
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export type WebAppRequest = {
  readonly method: string;
  readonly path: string;
  readonly accept: string | undefined;
};

export type WebAppServer = {
  /** The answer for a request that is the app's, or undefined for one that is not (the API's, the control plane's). */
  handle(request: WebAppRequest): Promise<HttpResponse | undefined>;
};

export function createWebAppServer(
  app: BuiltWebApp,
  options: { readonly config: () => WebAppConfig | undefined; readonly connectOrigins: () => readonly string[] },
): WebAppServer {
  const files = new Set([...app.report.files.map((file) => file.path), 'index.html']);
  const contents = new Map<string, Buffer>();
  const read = async (file: string) => {
    let content = contents.get(file);
    if (content === undefined) {
      content = await readFile(path.join(app.directory, ...file.split('/')));
      contents.set(file, content);
    }
    return content;
  };
  const respond = (file: string, body: Buffer, method: string, statusCode = 200): HttpResponse => ({
    statusCode,
    headers: {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': cacheControlOf(file),
      ...webSecurityHeaders({ connectOrigins: options.connectOrigins() }),
    },
    cookies: [],
    body: method === 'HEAD' ? Buffer.alloc(0) : body,
  });
  return {
    async handle({ method, path: requestPath, accept }) {
      if (method !== 'GET' && method !== 'HEAD') return undefined;
      if (NOT_THE_APP.some((pattern) => pattern.test(requestPath))) return undefined;
      if (requestPath === '/config.json') {
        const config = options.config();
        if (config === undefined) return undefined;
        return respond('config.json', Buffer.from(JSON.stringify(config)), method);
      }
      const file = requestPath.replace(/^\/+/, '');
      if (file !== 'index.html' && files.has(file)) return respond(file, await read(file), method);
      // Client routes: a browser asking for a page gets the app, which routes itself.
      if ((accept ?? '').includes('text/html')) return respond('index.html', await read('index.html'), method);
      return undefined;
    },
  };
}
