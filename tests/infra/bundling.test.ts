// Real bundling of every function (minified ESM `.mjs` with the require shim, a source map, and the SDK inside) and
// of the web app (its build as the asset the deployment copies).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionNamed, type SynthesizedStage, synthStage } from './synth.ts';

const FUNCTION_NAMES = ['intake', 'referrer', 'office', 'router', 'sweeper', 'notifier', 'coordinator'] as const;

// One bundled synthesis for the whole file: it builds every function and the web app.
let synthesized: SynthesizedStage;
let assemblyDirectory: string;

beforeAll(() => {
  synthesized = synthStage('dev', { bundling: true, nag: false, keepAssembly: true });
  assemblyDirectory = synthesized.assemblyDirectory;
});

afterAll(() => {
  rmSync(assemblyDirectory, { recursive: true, force: true });
});

describe('function bundles', () => {
  const bundleDirectory = (name: string): string => {
    // The code asset's S3 key is `<hash>.zip`; the assembly keeps the bundle in the directory `asset.<hash>`.
    const code = functionNamed(synthesized.stateless, name).resource.Properties.Code as { S3Key: string };
    return path.join(assemblyDirectory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
  };

  it.each(FUNCTION_NAMES)('%s is one ESM file index.mjs with its source map', (name) => {
    const directory = bundleDirectory(name);

    expect(existsSync(path.join(directory, 'index.mjs'))).toBe(true);
    expect(existsSync(path.join(directory, 'index.mjs.map'))).toBe(true);
  });

  it.each(FUNCTION_NAMES)('%s starts with the createRequire shim and imports nothing but Node built-ins', (name) => {
    const code = readFileSync(path.join(bundleDirectory(name), 'index.mjs'), 'utf8');

    // A specifier is quoted with one kind of quote and holds no blank, so prose such as `"Catalogue import" in the
    // API description.` inside a string (the route table is bundled) is not taken for an import.
    const imported = [...code.matchAll(/(?:^|[;\s}])import\s*(?:[^'"();]*?from\s*)?(["'])([^"'\s]+)\1/g)].map(
      (match) => match[2],
    );

    expect(code.startsWith("import { createRequire as lotseCreateRequire } from 'node:module';")).toBe(true);
    const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier);

    expect(imported.filter((specifier) => specifier !== undefined && !isBuiltin(specifier))).toEqual([]);
  });

  it.each(FUNCTION_NAMES)('%s is minified', (name) => {
    const code = readFileSync(path.join(bundleDirectory(name), 'index.mjs'), 'utf8');

    // Minified code is a few very long lines (only template literals keep their line breaks).
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
  });
});

describe('web app bundle', () => {
  it('is the built app: index.html and the hashed script and stylesheet it loads', () => {
    const deployment = Object.values(synthesized.web.findResources('Custom::CDKBucketDeployment'))[0] as {
      Properties: { SourceObjectKeys: string[] };
    };
    const key = deployment.Properties.SourceObjectKeys[0] ?? '';
    const directory = path.join(assemblyDirectory, `asset.${key.replace(/\.zip$/, '')}`);
    const page = readFileSync(path.join(directory, 'index.html'), 'utf8');
    const loaded = [...page.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((match) => match[1] ?? '');

    expect(loaded.some((file) => /^app-[A-Z0-9]+\.js$/.test(file))).toBe(true);
    expect(loaded.some((file) => /\.css$/.test(file))).toBe(true);
    for (const file of loaded) expect(existsSync(path.join(directory, file))).toBe(true);
    expect(existsSync(path.join(directory, 'config.json'))).toBe(false);
  });
});
