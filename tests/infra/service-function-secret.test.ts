// ServiceFunction.bindSecret and GeneratedSecret: one secret, its ARN in the environment (never its value), exactly
// GetSecretValue on it and the decryption of its key through Secrets Manager for that secret only.
import { rmSync } from 'node:fs';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { GeneratedSecret } from '#infra/constructs/generated-secret.ts';
import { ServiceFunction } from '#infra/constructs/service-function.ts';
import { type CfnResource, functionNamed, onlyLogicalId, roleStatements, temporaryOutdir } from './synth.ts';

const outdirs: string[] = [];
const NO_ROTATION = 'Not rotated: replays compare under the key a record was written with, for its 24 hours.';

function fixture() {
  const outdir = temporaryOutdir();
  outdirs.push(outdir);
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Fixture', { env: { region: 'eu-central-1' } });
  const key = new Key(stack, 'Key');
  const generated = (length = 64) =>
    new GeneratedSecret(stack, 'HashKey', {
      description: 'test',
      encryptionKey: key,
      length,
      removalPolicy: RemovalPolicy.DESTROY,
      noRotationReason: NO_ROTATION,
    });
  const fn = () =>
    new ServiceFunction(stack, 'Intake', {
      name: 'intake',
      defaults: {
        municipality: 'musterstadt',
        stage: 'dev',
        logLevel: 'INFO',
        logRetention: RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
        logEncryptionKey: key,
      },
      timeout: Duration.seconds(10),
      memorySize: 512,
      reservedConcurrency: 5,
    });
  return { stack, key, generated, fn };
}

afterEach(() => {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
});

describe('GeneratedSecret', () => {
  it('lets Secrets Manager generate the value under the given key, with no value in the template', () => {
    const { stack, generated } = fixture();
    generated();

    const template = Template.fromStack(stack);
    const secret = template.findResources('AWS::SecretsManager::Secret')[
      onlyLogicalId(template, 'AWS::SecretsManager::Secret')
    ] as CfnResource;
    expect(secret.Properties).toEqual({
      Description: 'test',
      KmsKeyId: { 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::KMS::Key'), 'Arn'] },
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
  });

  it.each([31, 0, 40.5])('refuses a length of %d (an HMAC-SHA256 key needs at least 32 bytes)', (length) => {
    const { generated } = fixture();

    expect(() => generated(length)).toThrow(/at least 32/);
  });

  it("leaves the key's policy as it was (the readers' grants name the secret)", () => {
    const keyPolicy = (stack: Stack) => {
      const template = Template.fromStack(stack);
      return (template.findResources('AWS::KMS::Key')[onlyLogicalId(template, 'AWS::KMS::Key')] as CfnResource)
        .Properties.KeyPolicy;
    };
    const without = fixture();
    const withSecret = fixture();
    withSecret.generated();

    expect(keyPolicy(withSecret.stack)).toEqual(keyPolicy(without.stack));
    expect(JSON.stringify(keyPolicy(withSecret.stack))).not.toContain('secretsmanager');
  });
});

describe('ServiceFunction.bindSecret', () => {
  it("sets the variable to the secret's ARN and grants GetSecretValue on that secret alone", () => {
    const { stack, generated, fn } = fixture();
    const secret = generated();

    fn().bindSecret(secret, 'BODY_HASH_SECRET_ARN');

    const template = Template.fromStack(stack);
    const secretRef = { Ref: onlyLogicalId(template, 'AWS::SecretsManager::Secret') };
    const variables = (
      functionNamed(template, 'intake').resource.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables.BODY_HASH_SECRET_ARN).toEqual(secretRef);
    const secretStatements = roleStatements(template, 'intake').filter((statement) =>
      JSON.stringify(statement.Action).includes('secretsmanager:'),
    );
    expect(secretStatements).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretRef },
    ]);
  });

  it('grants kms:Decrypt of its key only through Secrets Manager and only for that secret', () => {
    const { stack, generated, fn } = fixture();
    const secret = generated();

    fn().bindSecret(secret, 'BODY_HASH_SECRET_ARN');

    const template = Template.fromStack(stack);
    const keyArn = { 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::KMS::Key'), 'Arn'] };
    const viaSecretsManager = roleStatements(template, 'intake').filter((statement) =>
      JSON.stringify(statement.Condition ?? {}).includes('secretsmanager.'),
    );
    expect(viaSecretsManager).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: keyArn,
        Condition: {
          StringEquals: {
            'kms:EncryptionContext:SecretARN': { Ref: onlyLogicalId(template, 'AWS::SecretsManager::Secret') },
            'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com',
          },
        },
      },
    ]);
  });

  it('refuses to bind a second secret to the same variable', () => {
    const { generated, fn } = fixture();
    const intake = fn().bindSecret(generated(), 'BODY_HASH_SECRET_ARN');

    expect(() => intake.bindSecret({ secretArn: 'arn:other' }, 'BODY_HASH_SECRET_ARN')).toThrow(/already bound/);
  });
});
