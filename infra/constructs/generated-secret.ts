// A secret whose value Secrets Manager generates at deployment and nobody ever writes down: not in the template, not
// in an output, not in a function's environment (functions get its ARN and read it; ServiceFunction.bindSecret).
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../nag.ts';

/** At least as many bytes as an HMAC-SHA256 key should have (the hash's own length). */
export const MIN_GENERATED_SECRET_LENGTH = 32;

export type GeneratedSecretProps = {
  readonly description: string;
  /** The customer-managed key the value is encrypted with. */
  readonly encryptionKey: IKey;
  /** Characters of the value (letters and digits only, so that every reader takes it as the same bytes). */
  readonly length: number;
  readonly removalPolicy: RemovalPolicy;
  /** Why the value is never rotated by Secrets Manager (the cdk-nag SMG4 acknowledgement); mandatory and specific. */
  readonly noRotationReason: string;
  /**
   * A JSON value instead of a plain string: `template` (a JSON object) with the generated string added under `key`,
   * e.g. `{"generations":{}}` and `key` → `{"generations":{},"key":"<generated>"}`.
   */
  readonly json?: { readonly template: Readonly<Record<string, unknown>>; readonly key: string };
};

export class GeneratedSecret extends Construct {
  /** The full ARN (with Secrets Manager's random suffix): what a function is given and what its grant names. */
  readonly secretArn: string;
  readonly encryptionKey: IKey;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    if (props.json !== undefined && props.json.key in props.json.template) {
      throw new Error(`GeneratedSecret ${id}: the template must not hold the generated key ${props.json.key}`);
    }
    if (!Number.isInteger(props.length) || props.length < MIN_GENERATED_SECRET_LENGTH) {
      throw new Error(
        `GeneratedSecret ${id}: length must be a whole number of at least ${MIN_GENERATED_SECRET_LENGTH}`,
      );
    }
    // The L1 resource, not the L2 Secret: the L2 adds a statement for the whole account via Secrets Manager to the
    // key's policy, which the key's account statement already covers; the readers' own grants name this secret.
    const secret = new CfnSecret(this, 'Secret', {
      description: props.description,
      kmsKeyId: props.encryptionKey.keyArn,
      generateSecretString: {
        passwordLength: props.length,
        excludePunctuation: true,
        includeSpace: false,
        ...(props.json && {
          secretStringTemplate: JSON.stringify(props.json.template),
          generateStringKey: props.json.key,
        }),
      },
    });
    secret.applyRemovalPolicy(props.removalPolicy);
    this.secretArn = secret.ref;
    this.encryptionKey = props.encryptionKey;
    acknowledgeNag(this, 'AwsSolutions-SMG4', props.noRotationReason);
  }
}
