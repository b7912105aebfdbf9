// The values of the stacks' generated secrets (AWS::SecretsManager::Secret with GenerateSecretString), made locally
// at every start the way Secrets Manager makes them at deployment: random, of the template's length and characters.
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

/** A fresh random value for each secret, under its name and the ARN the functions were given. */
export function generatedSecrets(secrets: readonly SecretModel[]): SecretWithArn[] {
  return secrets.map((secret) => {
    const alphabet = secretAlphabet(secret.generate);
    if (alphabet.length === 0) throw new Error(`secret ${secret.logicalId}: its settings leave no character to use`);
    const value = Array.from({ length: secret.generate.length }, () => alphabet[randomInt(alphabet.length)]).join('');
    return { name: secret.name, arn: secret.arn, value };
  });
}
