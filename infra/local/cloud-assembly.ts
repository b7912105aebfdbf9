// Reads a synthesized cloud assembly (manifest.json, nested assemblies, templates, asset manifests) from disk.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type CfnResource = {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
  readonly DependsOn?: unknown;
};

export type CfnTemplate = {
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }>;
  readonly Parameters?: Record<string, { readonly Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
};

export type StackTemplate = {
  readonly stackName: string;
  readonly template: CfnTemplate;
  /** The assembly directory the stack's template and asset paths are relative to. */
  readonly directory: string;
  /** File assets by S3 object key (e.g. `<hash>.zip`) → absolute source path, from the stack's asset manifest. */
  readonly assetsByObjectKey: ReadonlyMap<string, string>;
};

type ManifestArtifact = {
  readonly type: string;
  readonly properties?: {
    readonly templateFile?: string;
    readonly stackName?: string;
    readonly directoryName?: string;
    readonly file?: string;
  };
  readonly dependencies?: readonly string[];
};

type AssetManifest = {
  readonly files?: Record<
    string,
    {
      readonly source?: { readonly path?: string };
      readonly destinations?: Record<string, { readonly objectKey?: string }>;
    }
  >;
};

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function assetsOf(directory: string, artifacts: Record<string, ManifestArtifact>, dependencies: readonly string[]) {
  const assets = new Map<string, string>();
  for (const dependency of dependencies) {
    const artifact = artifacts[dependency];
    const file = artifact?.type === 'cdk:asset-manifest' ? artifact.properties?.file : undefined;
    if (file === undefined) continue;
    const manifest = readJson<AssetManifest>(path.join(directory, file));
    for (const [hash, asset] of Object.entries(manifest.files ?? {})) {
      const source = asset.source?.path;
      if (source === undefined) continue;
      const absolute = path.resolve(directory, source);
      assets.set(`${hash}.zip`, absolute);
      for (const destination of Object.values(asset.destinations ?? {})) {
        if (destination.objectKey !== undefined) assets.set(destination.objectKey, absolute);
      }
    }
  }
  return assets;
}

/** Every stack template of the assembly in `directory`, including stacks of nested assemblies (CDK stages). */
export function readCloudAssembly(directory: string): StackTemplate[] {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`no cloud assembly in ${directory} (manifest.json missing)`);
  const manifest = readJson<{ artifacts?: Record<string, ManifestArtifact> }>(manifestFile);
  const artifacts = manifest.artifacts ?? {};
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile !== undefined) {
      stacks.push({
        stackName: artifact.properties.stackName ?? id,
        template: readJson<CfnTemplate>(path.join(directory, artifact.properties.templateFile)),
        directory,
        assetsByObjectKey: assetsOf(directory, artifacts, artifact.dependencies ?? []),
      });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName !== undefined) {
      stacks.push(...readCloudAssembly(path.join(directory, artifact.properties.directoryName)));
    }
  }
  return stacks;
}
