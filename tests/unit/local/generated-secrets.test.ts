// The stacks' generated secrets in the local runtime: the template reader gives the function the secret's ARN as the
// cloud would, the runtime makes a random value of the template's form at every start, and the local Secrets Manager
// answers it under that ARN and under its name.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAppModel, type SecretModel } from '#infra/local/app-model.ts';
import { type CfnResource, readCloudAssembly, type StackTemplate } from '#infra/local/cloud-assembly.ts';
import { generatedSecrets, secretAlphabet } from '#infra/local/generated-secrets.ts';
import { createSecretsStore } from '#infra/local/secrets-manager-local.ts';

const ASSEMBLY = path.resolve(import.meta.dirname, 'fixtures', 'assembly');
const bindings = {
  region: 'eu-central-1',
  accountId: '000000000000',
  queueUrl: (name: string) => `http://127.0.0.1:9324/000000000000/${name}`,
  apiUrl: 'http://127.0.0.1:3000',
};
const SECRET_ID = 'BodyHashSecretA8772BD4';

/** The fixture assembly with the stateful stack's generated secret, handed to intake as the stacks hand it. */
function withSecret(secret: Partial<CfnResource> = {}): StackTemplate[] {
  return readCloudAssembly(ASSEMBLY).map((stack) => {
    const template = structuredClone(stack.template);
    if (stack.stackName === 'Test-Stateful') {
      const secretResource: CfnResource = {
        Type: 'AWS::SecretsManager::Secret',
        Properties: {
          Description: 'the key of the body hashes',
          KmsKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] },
          GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
        },
        ...secret,
      };
      const exported = { Value: { Ref: SECRET_ID }, Export: { Name: 'Test-Stateful:BodyHashSecret' } };
      return {
        ...stack,
        template: {
          ...template,
          Resources: { ...template.Resources, [SECRET_ID]: secretResource },
          Outputs: { ...template.Outputs, ExportsBodyHashSecret: exported },
        },
      };
    }
    const intake = template.Resources?.IntakeFunction1;
    const variables = (intake?.Properties?.Environment as { Variables: Record<string, unknown> } | undefined)
      ?.Variables;
    if (variables === undefined) throw new Error('the fixture has no intake function with variables');
    variables.BODY_HASH_SECRET_ARN = { 'Fn::ImportValue': 'Test-Stateful:BodyHashSecret' };
    return { ...stack, template };
  });
}

const secretOf = (model: ReturnType<typeof readAppModel>): SecretModel => {
  const [secret, ...others] = model.secrets;
  if (secret === undefined || others.length > 0) throw new Error(`expected one secret, read ${model.secrets.length}`);
  return secret;
};

describe('generated secrets in the local runtime', () => {
  it("gives the function the secret's ARN, in the cloud's form, and reads how its value is made", () => {
    const model = readAppModel(withSecret(), bindings);
    const intake = model.functions.find((fn) => fn.name === 'intake');

    expect(secretOf(model)).toEqual({
      logicalId: SECRET_ID,
      name: SECRET_ID,
      arn: expect.stringMatching(
        new RegExp(`^arn:aws:secretsmanager:eu-central-1:000000000000:secret:${SECRET_ID}-[A-Za-z0-9]{6}$`),
      ),
      generate: { length: 64, excludePunctuation: true, includeSpace: false, excludeCharacters: '' },
    });
    expect(intake?.environment.BODY_HASH_SECRET_ARN).toBe(secretOf(model).arn);
  });

  it('reads no secret from an assembly without one', () => {
    expect(readAppModel(readCloudAssembly(ASSEMBLY), bindings).secrets).toEqual([]);
  });

  it.each([
    ['a value in the template', { Properties: { SecretString: 'written-down' } }],
    [
      'replicas',
      { Properties: { GenerateSecretString: { PasswordLength: 64 }, ReplicaRegions: [{ Region: 'eu-west-1' }] } },
    ],
    [
      'a rotation rule',
      { Properties: { GenerateSecretString: { PasswordLength: 64, RequireEachIncludedType: true } } },
    ],
  ])('refuses a secret with %s', (_, secret) => {
    expect(() => readAppModel(withSecret(secret), bindings)).toThrow(
      new RegExp(`secret ${SECRET_ID}: only generated values run locally`),
    );
  });

  it.each([
    ['a template without its key', { SecretStringTemplate: '{}' }],
    ['a key without its template', { GenerateStringKey: 'key' }],
    ['a template that is no JSON object', { SecretStringTemplate: '[]', GenerateStringKey: 'key' }],
  ])('refuses %s', (_, generate) => {
    expect(() =>
      readAppModel(withSecret({ Properties: { GenerateSecretString: { PasswordLength: 64, ...generate } } }), bindings),
    ).toThrow(/SecretStringTemplate \(a JSON object\) and GenerateStringKey/);
  });

  it('makes a JSON value from a template: the object with the generated string under its key', () => {
    const model = readAppModel(
      withSecret({
        Properties: {
          GenerateSecretString: {
            PasswordLength: 64,
            ExcludePunctuation: true,
            SecretStringTemplate: '{"generations":{}}',
            GenerateStringKey: 'key',
          },
        },
      }),
      bindings,
    );

    expect(secretOf(model).generate.json).toEqual({ template: '{"generations":{}}', key: 'key' });
    const value = JSON.parse(generatedSecrets(model.secrets)[0]?.value ?? '') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['generations', 'key']);
    expect(value.generations).toEqual({});
    expect(value.key).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('takes a given generated string for a secret instead of a random one', () => {
    const secret = secretOf(readAppModel(withSecret(), bindings));
    const given = 'G'.repeat(64);

    expect(generatedSecrets([secret], new Map([[secret.arn, given]]))[0]?.value).toBe(given);
    expect(generatedSecrets([secret], new Map([['arn:other', given]]))[0]?.value).not.toBe(given);
  });

  it("makes a fresh random value of the template's length and characters at every start", () => {
    const secret = secretOf(readAppModel(withSecret(), bindings));

    const [first] = generatedSecrets([secret]);
    const [second] = generatedSecrets([secret]);

    expect(first?.value).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(second?.value).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(first?.value).not.toBe(second?.value);
    expect(first).toMatchObject({ name: secret.name, arn: secret.arn });
  });

  it('leaves out punctuation, spaces and excluded characters as the template says', () => {
    const generate = { length: 32, excludePunctuation: false, includeSpace: true, excludeCharacters: 'abc"' };

    const alphabet = secretAlphabet(generate);

    expect(alphabet).toContain('!');
    expect(alphabet).toContain(' ');
    expect(alphabet).not.toMatch(/[abc"]/);
    expect(secretAlphabet({ ...generate, excludePunctuation: true, includeSpace: false })).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('is answered by the local Secrets Manager under the ARN the function has, and under its name', () => {
    const model = readAppModel(withSecret(), bindings);
    const [secret] = generatedSecrets(model.secrets);
    const webhook = new Map([['lotse/x/webhook/fb-nord', 'w']]);
    const store = createSecretsStore(webhook, 'eu-central-1', '000000000000', secret === undefined ? [] : [secret]);
    const ask = (secretId: string) =>
      store.answer('secretsmanager.GetSecretValue', JSON.stringify({ SecretId: secretId }));

    const byArn = ask(model.functions.find((fn) => fn.name === 'intake')?.environment.BODY_HASH_SECRET_ARN ?? '');

    expect(byArn).toMatchObject({ statusCode: 200, body: { ARN: secret?.arn, SecretString: secret?.value } });
    expect(ask(SECRET_ID).body.SecretString).toBe(secret?.value);
    expect(ask('lotse/x/webhook/fb-nord').body.SecretString).toBe('w');
    expect(store.currentValue(secret?.arn ?? '')).toBe(secret?.value);
  });
});
