// The Secrets Manager client of a function instance, created once at cold start and reused by every invocation.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

// No endpoint or region here: the SDK reads AWS_REGION and AWS_ENDPOINT_URL_SECRETS_MANAGER, which is how the local
// runtime points the same bundle at its minimal Secrets Manager.
export const secretsManagerClient = new SecretsManagerClient({});
