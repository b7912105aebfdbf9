// cdk-nag 3 wiring: the AwsSolutions pack as a CDK policy-validation plugin, and the one way to acknowledge a rule.
import { type App, Validations } from 'aws-cdk-lib';
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
