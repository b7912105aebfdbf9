// The values of the stacks' generated secrets (AWS::SecretsManager::Secret with GenerateSecretString), made locally
// at every start the way Secrets Manager makes them at deployment: random, of the template's length and characters,
// and, with a SecretStringTemplate, put into that JSON object under the GenerateStringKey.
import { randomInt } from 'node:crypto';
import type { SecretModel } from './app-model.ts';
import type { SecretWithArn } from './secrets-manager-local.ts';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
// The punctuation Secrets Manager's GetRandomPassword draws from.
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** The characters a value may contain under the template's settings. */
export function secretAlphabet(generate: SecretModel['generate']): string {
  const candidates = `${LETTERS}${DIGITS}${generate.excludePunctuation ? '' : PUNCTUATION}${generate.includeSpace ? ' ' : ''}`;
  return [...candidates].filter((character) => !generate.excludeCharacters.includes(character)).join('');
}

/**
 * A fresh random value for each secret, under its name and the ARN the functions were given. `given` fixes the
 * generated string of a secret (by ARN) instead, e.g. the webhook master key a developer keeps across restarts.
 */
export function generatedSecrets(
  secrets: readonly SecretModel[],
  given: ReadonlyMap<string, string> = new Map(),
): SecretWithArn[] {
  return secrets.map((secret) => {
    const alphabet = secretAlphabet(secret.generate);
    if (alphabet.length === 0) throw new Error(`secret ${secret.logicalId}: its settings leave no character to use`);
    const generated =
      given.get(secret.arn) ??
      Array.from({ length: secret.generate.length }, () => alphabet[randomInt(alphabet.length)]).join('');
    const { json } = secret.generate;
    const value =
      json === undefined
        ? generated
        : JSON.stringify({ ...(JSON.parse(json.template) as Record<string, unknown>), [json.key]: generated });
    return { name: secret.name, arn: secret.arn, value };
  });
}
