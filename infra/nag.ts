// cdk-nag 3 wiring: the AwsSolutions pack as a CDK policy-validation plugin, and the one way to acknowledge a rule.
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** Registers the AwsSolutions pack; synthesis then fails on any unacknowledged finding. */
export function addNagChecks(app: App): AwsSolutionsChecks {
  const pack = new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true });
  Validations.of(app).addPlugins(pack);
  return pack;
}

/**
 * Acknowledges one cdk-nag finding on a construct (and everything below it). The reason is mandatory and says
 * why the finding does not apply or is accepted here; `RuleId[FindingId]` narrows it to a single finding.
 */
export function acknowledgeNag(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 20) throw new Error(`cdk-nag acknowledgement ${id} needs a specific reason`);
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The text cdk-nag shows for a policy resource in a finding id (`AwsSolutions-IAM5[Resource::<text>]`): tokens are
 * resolved and flattened the way cdk-nag flattens them (`Ref` → `<Name>`, `Fn::Join` joined, `Fn::GetAtt` →
 * `<Id.Attr>`, `Fn::Sub`'s `${Name}` → `<Name>`), so an acknowledgement can name exactly one wildcard resource.
 */
export function nagResourceText(scope: IConstruct, resource: string): string {
  return flatten(Stack.of(scope).resolve(resource));
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    const join = record['Fn::Join'] as [string, unknown[]] | undefined;
    if (join !== undefined) return join[1].map(flatten).join(join[0]);
    if ('Ref' in record) return `<${flatten(record.Ref)}>`;
    const getAtt = record['Fn::GetAtt'] as [unknown, unknown] | undefined;
    if (getAtt !== undefined) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
    if ('Fn::ImportValue' in record) return flatten(record['Fn::ImportValue']);
    if (typeof record['Fn::Sub'] === 'string') return flatten(record['Fn::Sub']);
  }
  return JSON.stringify(node);
}
