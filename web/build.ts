// Builds the web app with esbuild: ESM, minified, code-split per screen group, content-hashed names, KERN UX's CSS
// bundled and minified, and an index.html that references the hashed files (no inline script, so a strict CSP holds).
// The report lists every file with its raw and gzip size and, per screen group, what a first load of one of its
// screens fetches. `bundleWebApp` is asynchronous (the local runtime awaits it); `buildWebApp` is the same build,
// synchronous, in a child process (the CDK construct calls it at synth as an asset bundler, which must not await).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

export const WEB_ROOT = fileURLToPath(new URL('.', import.meta.url));
const SOURCE = path.join(WEB_ROOT, 'src');

/** The screen groups, each a lazily loaded chunk of the app: the entry module of each, below web/src. */
export const SCREEN_GROUPS = {
  referrer: 'screens/referrer/index.tsx',
  office: 'screens/office/index.tsx',
  coordinator: 'screens/coordinator/index.tsx',
} as const;
export type ScreenGroup = keyof typeof SCREEN_GROUPS | 'shell';

/** Budget of one screen's first load, gzip (issue 10): KERN's fonts aside. */
export const FIRST_LOAD_BUDGET = { jsGzipBytes: 80 * 1024, cssGzipBytes: 40 * 1024 } as const;

export type WebBuildFile = {
  /** Relative to the output directory, with forward slashes. */
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
};

export type FirstLoad = {
  readonly group: ScreenGroup;
  /** The JavaScript and CSS files a first load of a screen of this group fetches (fonts and index.html aside). */
  readonly files: readonly string[];
  readonly jsGzipBytes: number;
  readonly cssGzipBytes: number;
  readonly withinBudget: boolean;
};

export type WebBuildReport = {
  readonly outdir: string;
  readonly files: readonly WebBuildFile[];
  readonly firstLoads: readonly FirstLoad[];
  readonly durationMs: number;
};

const relative = (outdir: string, file: string) => path.relative(outdir, file).split(path.sep).join('/');

const WORKER = fileURLToPath(new URL('./build-worker.ts', import.meta.url));

/** Builds the app into `outdir` (emptied first) and answers what it wrote; blocks until done. */
export function buildWebApp(outdir: string): WebBuildReport {
  const child = spawnSync(process.execPath, [WORKER, path.resolve(outdir)], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (child.status !== 0) {
    throw new Error(`building the web app failed (exit ${child.status}):\n${`${child.stderr}${child.stdout}`.trim()}`);
  }
  return JSON.parse(child.stdout) as WebBuildReport;
}

/**
 * The shared domain code imports zod as `import { z } from 'zod'`, which makes esbuild keep all of zod (about 92 KiB
 * gzip, its JSON-schema and locale code included); as a namespace import (`import * as z`) it keeps what the schemas
 * use (about 25 KiB). Both forms mean the same, so the build reads the one as the other.
 */
const treeShakableZod: Plugin = {
  name: 'tree-shakable-zod',
  setup(context) {
    context.onLoad({ filter: /[\\/]shared[\\/].*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(
        /^import \{ z \} from 'zod';$/gm,
        "import * as z from 'zod';",
      ),
      loader: 'ts',
    }));
  },
};

/** Builds the app into `outdir` (emptied first) and answers what it wrote. */
export async function bundleWebApp(outdir: string): Promise<WebBuildReport> {
  const startedAt = performance.now();
  const absoluteOut = path.resolve(outdir);
  rmSync(absoluteOut, { recursive: true, force: true });
  mkdirSync(absoluteOut, { recursive: true });
  const result = await build({
    plugins: [treeShakableZod],
    absWorkingDir: WEB_ROOT,
    entryPoints: { app: path.join(SOURCE, 'main.tsx'), styles: path.join(SOURCE, 'styles.css') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(WEB_ROOT, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    loader: { '.woff2': 'file', '.woff': 'file' },
    outdir: absoluteOut,
    publicPath: '/',
    metafile: true,
    write: true,
    logLevel: 'silent',
  });
  const metafile = result.metafile;
  const outputs = Object.entries(metafile.outputs).map(([file, output]) => ({
    file: relative(absoluteOut, path.resolve(WEB_ROOT, file)),
    output,
  }));
  const entryOf = (source: string) => {
    const wanted = relative(WEB_ROOT, path.join(SOURCE, source));
    const found = outputs.find(({ output }) => output.entryPoint === wanted);
    if (found === undefined) throw new Error(`the web build has no output for ${wanted}`);
    return found;
  };
  const app = entryOf('main.tsx');
  const styles = outputs.find(
    ({ file, output }) =>
      file.endsWith('.css') && output.entryPoint === relative(WEB_ROOT, path.join(SOURCE, 'styles.css')),
  );
  if (styles === undefined) throw new Error('the web build wrote no stylesheet');
  writeFileSync(path.join(absoluteOut, 'index.html'), indexHtml(`/${app.file}`, `/${styles.file}`));

  const files = listFiles(absoluteOut, outputs);
  const sizes = new Map(files.map((file) => [file.path, file]));
  const staticClosure = (start: string): string[] => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const output = outputs.find((candidate) => candidate.file === file)?.output;
      for (const imported of output?.imports ?? []) {
        if (imported.kind !== 'import-statement' || imported.external) continue;
        visit(relative(absoluteOut, path.resolve(WEB_ROOT, imported.path)));
      }
    };
    visit(start);
    return [...seen];
  };
  const firstLoad = (group: ScreenGroup, js: string[]): FirstLoad => {
    const loaded = [...new Set(js), styles.file];
    const gzip = (suffix: string) =>
      loaded.filter((file) => file.endsWith(suffix)).reduce((sum, file) => sum + (sizes.get(file)?.gzipBytes ?? 0), 0);
    const jsGzipBytes = gzip('.js');
    const cssGzipBytes = gzip('.css');
    return {
      group,
      files: loaded,
      jsGzipBytes,
      cssGzipBytes,
      withinBudget: jsGzipBytes <= FIRST_LOAD_BUDGET.jsGzipBytes && cssGzipBytes <= FIRST_LOAD_BUDGET.cssGzipBytes,
    };
  };
  const shell = staticClosure(app.file);
  const firstLoads = [
    firstLoad('shell', shell),
    ...Object.entries(SCREEN_GROUPS).map(([group, source]) =>
      firstLoad(group as ScreenGroup, [...shell, ...staticClosure(entryOf(source).file)]),
    ),
  ];
  return { outdir: absoluteOut, files, firstLoads, durationMs: Math.round(performance.now() - startedAt) };
}

function listFiles(outdir: string, outputs: readonly { readonly file: string }[]): WebBuildFile[] {
  const names = [...outputs.map(({ file }) => file), 'index.html'];
  return names.sort().map((name) => {
    const content = readFileSync(path.join(outdir, name));
    return { path: name, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
}

/** The page every client route answers with: the stylesheet and the module, nothing inline. */
function indexHtml(script: string, stylesheet: string): string {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lotse</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${stylesheet}">
<script type="module" src="${script}"></script>
</head>
<body class="kern-body">
<div id="app">
<noscript><p>Lotse braucht JavaScript. Bitte schalten Sie JavaScript in Ihrem Browser ein.</p></noscript>
</div>
</body>
</html>
`;
}

const KIB = 1024;

/** One line per screen group: first-load JS and CSS, gzip, against the budget. */
export function describeFirstLoads(report: WebBuildReport): string[] {
  return report.firstLoads.map(
    (load) =>
      `${load.group.padEnd(12)} JS ${(load.jsGzipBytes / KIB).toFixed(1).padStart(5)} KiB gzip (≤ ${FIRST_LOAD_BUDGET.jsGzipBytes / KIB})  ` +
      `CSS ${(load.cssGzipBytes / KIB).toFixed(1).padStart(5)} KiB gzip (≤ ${FIRST_LOAD_BUDGET.cssGzipBytes / KIB})  ` +
      (load.withinBudget ? 'within budget' : 'OVER BUDGET'),
  );
}
