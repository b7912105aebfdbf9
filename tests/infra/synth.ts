// Shared helpers for the infra tests: synthesize one stage once, and look resources up the way reviewers think of
// them (a function by its `lotse:function` tag, a role's statements, a stateful value as the stateless stack imports it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp } from '#infra/build-app.ts';
import type { Stage } from '#infra/config.ts';
import type { GeneratedSecret } from '#infra/constructs/generated-secret.ts';
import { FUNCTION_TAG } from '#infra/constructs/service-function.ts';
import { EdgeStack } from '#infra/stacks/edge-stack.ts';
import { StatefulStack } from '#infra/stacks/stateful-stack.ts';
import { StatelessStack } from '#infra/stacks/stateless-stack.ts';

export const MUNICIPALITY = 'musterstadt';

export type SynthesizedStage = {
  readonly app: App;
  readonly assemblyDirectory: string;
  readonly statefulStack: StatefulStack;
  readonly statelessStack: StatelessStack;
  /** The us-east-1 stack of the web app's WAF web ACL. */
  readonly edgeStack: EdgeStack;
  readonly stateful: Template;
  readonly stateless: Template;
  readonly edge: Template;
  /** The stateless stack's nested stack of the web app's hosting. */
  readonly web: Template;
};

export type SynthOptions = {
  readonly bundling?: boolean;
  readonly nag?: boolean;
  /** Keep the cloud assembly on disk (the caller removes `assemblyDirectory`); by default it is deleted at once. */
  readonly keepAssembly?: boolean;
};

/** A fresh temporary directory for a cloud assembly. */
export function temporaryOutdir(): string {
  return mkdtempSync(path.join(tmpdir(), 'lotse-infra-test-'));
}

/** Builds and synthesizes one stage (bundling skipped unless asked for), returning both stacks' templates. */
export function synthStage(stage: Stage, options: SynthOptions = {}): SynthesizedStage {
  const context: Record<string, unknown> = { municipality: MUNICIPALITY, stage };
  if (options.bundling !== true) context['aws:cdk:bundling-stacks'] = [];
  const outdir = temporaryOutdir();
  const app = buildApp(context, { nag: options.nag ?? true, templateValidation: false, outdir });
  const assembly = app.synth();
  const statefulStack = app.node.children.find((child) => child instanceof StatefulStack);
  const statelessStack = app.node.children.find((child) => child instanceof StatelessStack);
  const edgeStack = app.node.children.find((child) => child instanceof EdgeStack);
  if (statefulStack === undefined || statelessStack === undefined || edgeStack === undefined) {
    throw new Error('app lacks a stack');
  }
  const stateful = Template.fromJSON(assembly.getStackArtifact(statefulStack.artifactId).template);
  const stateless = Template.fromJSON(assembly.getStackArtifact(statelessStack.artifactId).template);
  const edge = Template.fromJSON(assembly.getStackArtifact(edgeStack.artifactId).template);
  const webStack = Stack.of(statelessStack.webApp);
  const web = Template.fromJSON(JSON.parse(readFileSync(path.join(assembly.directory, webStack.templateFile), 'utf8')));
  if (options.keepAssembly !== true) rmSync(outdir, { recursive: true, force: true });
  return {
    app,
    assemblyDirectory: outdir,
    statefulStack,
    statelessStack,
    edgeStack,
    stateful,
    stateless,
    edge,
    web,
  };
}

export type CfnResource = { Type: string; Properties: Record<string, unknown>; [key: string]: unknown };
export type PolicyStatementJson = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

/** The AWS::Lambda::Function tagged `lotse:function=<name>`, with its logical id. */
export function functionNamed(template: Template, name: string): { logicalId: string; resource: CfnResource } {
  const found = Object.entries(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Tags: Match.arrayWith([{ Key: FUNCTION_TAG, Value: name }]) },
    }),
  );
  const [entry, ...others] = found;
  if (entry === undefined || others.length > 0) throw new Error(`expected exactly one function tagged ${name}`);
  return { logicalId: entry[0], resource: entry[1] as CfnResource };
}

/** Every statement of every policy attached to the function's execution role. */
export function roleStatements(template: Template, functionName: string): PolicyStatementJson[] {
  const { resource } = functionNamed(template, functionName);
  const roleRef = resource.Properties.Role as { 'Fn::GetAtt': [string, string] };
  const roleId = roleRef['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  const role = template.findResources('AWS::IAM::Role')[roleId] as CfnResource;
  const inline =
    (role.Properties.Policies as { PolicyDocument: { Statement: PolicyStatementJson[] } }[] | undefined) ?? [];
  return [
    ...Object.values(policies).flatMap(
      (policy) => (policy as CfnResource).Properties.PolicyDocument as { Statement: PolicyStatementJson[] },
    ),
    ...inline.map((policy) => policy.PolicyDocument),
  ].flatMap((document) => document.Statement);
}

export function actionsOf(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Actions the function's role allows on `resource` (compared structurally, e.g. an `Fn::ImportValue`). */
export function allowedActionsOn(statements: PolicyStatementJson[], resource: unknown): string[] {
  const target = JSON.stringify(resource);
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .filter((statement) =>
      (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]).some(
        (candidate) => JSON.stringify(candidate) === target,
      ),
    )
    .flatMap(actionsOf);
}

/** Every action the role allows, on any resource. */
export function allAllowedActions(statements: PolicyStatementJson[]): string[] {
  return statements.filter((statement) => statement.Effect === 'Allow').flatMap(actionsOf);
}

/**
 * How the stateless stack refers to a stateful value: `{ 'Fn::ImportValue': <export name> }`, found by the stateful
 * output whose value is `value` (e.g. `{ 'Fn::GetAtt': ['Table…', 'Arn'] }`).
 */
export function importOf(stateful: Template, value: unknown): { 'Fn::ImportValue': string } {
  const target = JSON.stringify(value);
  const outputs = stateful.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
  const exported = Object.values(outputs).find(
    (output) => output.Export !== undefined && JSON.stringify(output.Value) === target,
  );
  if (exported?.Export === undefined) throw new Error(`stateful stack exports no ${target}`);
  return { 'Fn::ImportValue': exported.Export.Name };
}

/** The single logical id of a resource type in a template (fails if there is not exactly one). */
export function onlyLogicalId(template: Template, type: string, props: Record<string, unknown> = {}): string {
  const ids = Object.keys(template.findResources(type, props));
  if (ids.length !== 1 || ids[0] === undefined) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

export type QueueName = 'routing' | 'notification';

/** Logical ids (in the stateful template) of one queue pair of the stateful stack, found by construct, not by guess. */
export function queueIdsOf(
  synthesized: Pick<SynthesizedStage, 'statefulStack'>,
  name: QueueName,
): { queueId: string; deadLetterQueueId: string } {
  const { statefulStack } = synthesized;
  const pair = statefulStack[name];
  const logicalIdOf = (queue: typeof pair.queue): string =>
    statefulStack.resolve((queue.node.defaultChild as CfnElement).logicalId) as string;
  return { queueId: logicalIdOf(pair.queue), deadLetterQueueId: logicalIdOf(pair.deadLetterQueue) };
}

/** The logical id (in its stack's template) of an L2 construct's resource, found by construct, not by guess. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** The logical ids of the stateful stack's two tables and two keys (main: everything else; personal: the family's). */
export function dataIdsOf(synthesized: Pick<SynthesizedStage, 'statefulStack'>): {
  table: string;
  key: string;
  personalTable: string;
  personalKey: string;
} {
  const { statefulStack } = synthesized;
  return {
    table: logicalIdOf(statefulStack.table),
    key: logicalIdOf(statefulStack.key),
    personalTable: logicalIdOf(statefulStack.personalTable),
    personalKey: logicalIdOf(statefulStack.personalKey),
  };
}

/** The logical id (in the stateful template) of a GeneratedSecret's secret, found by construct, not by guess. */
export function generatedSecretIdOf(secret: GeneratedSecret): string {
  return Stack.of(secret).getLogicalId(secret.node.findChild('Secret') as CfnElement);
}
