// Reads a synthesized cloud assembly (manifest.json and the stack templates it lists) from disk.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type CfnResource = {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
};

export type CfnTemplate = {
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }>;
};

export type StackTemplate = {
  readonly stackName: string;
  readonly template: CfnTemplate;
  /** The assembly directory the stack's template and asset paths are relative to. */
  readonly directory: string;
};

type ManifestArtifact = {
  readonly type: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
};

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Every stack template of the assembly in `directory`. */
export function readCloudAssembly(directory: string): StackTemplate[] {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`no cloud assembly in ${directory} (manifest.json missing)`);
  const manifest = readJson<{ artifacts?: Record<string, ManifestArtifact> }>(manifestFile);
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]) =>
    artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile !== undefined
      ? [
          {
            stackName: artifact.properties.stackName ?? id,
            template: readJson<CfnTemplate>(path.join(directory, artifact.properties.templateFile)),
            directory,
          },
        ]
      : [],
  );
}
