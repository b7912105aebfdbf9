// `npm run first-coordinator -- …`: invites the first coordinator of a new deployment, who then invites everyone
// else through the API. Runs with the operator's AWS credentials against the deployed user pool and table.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createDocumentClient } from '#adapters/aws-clients.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createCognitoIdentityProvider } from '#adapters/cognito-identity-provider.ts';
import { createIdentityRegistry } from '#adapters/identity-registry.ts';
import { createIdGenerator } from '#adapters/ids.ts';
import { inviteAccount } from '#application/identity/accounts.ts';
import { DomainError, ValidationFailed } from '#domain/errors.ts';
import { accountBodySchema } from '#domain/identity.ts';
import { toFieldErrors } from '#domain/zod-issues.ts';
import { type CommandIo, readCommandOptions } from './command-options.ts';

/** Exit codes: 0 invited; 1 refused (bad input, e-mail taken); 2 wrong usage; 3 AWS failed. */
export const EXIT = { ok: 0, refused: 1, usage: 2, failed: 3 } as const;

const USAGE = `Usage:
  npm run first-coordinator -- --user-pool-id <UserPoolId> --table <TableName> --email <address> --name <full name>
                               [--region <EU region, default eu-central-1>]
  UserPoolId and TableName are outputs of the stack Lotse-<municipality>-<stage>-Stateful. The person receives the
  user pool's invitation e-mail with a temporary password and sets a password and an authenticator app on first
  sign-in. Exit codes: 0 invited, 1 refused, 2 usage, 3 AWS request failed.`;

export type FirstCoordinatorIo = CommandIo;

export async function runFirstCoordinator(args: readonly string[], io: FirstCoordinatorIo): Promise<number> {
  const options = readCommandOptions(args, { required: ['user-pool-id', 'table', 'email', 'name'], usage: USAGE }, io);
  if (!options) return EXIT.usage;
  const { 'user-pool-id': userPoolId, table, email, name, region } = options;
  const body = accountBodySchema().safeParse({ email, name, role: 'coordinator' });
  if (!body.success) {
    for (const problem of toFieldErrors(body.error)) io.stderr(`--${problem.path}: ${problem.message}\n`);
    return EXIT.refused;
  }
  const documents = createDocumentClient({ region });
  const tableName = table;
  try {
    const account = await inviteAccount(
      {
        registry: createIdentityRegistry({ client: documents, tableName }),
        provider: createCognitoIdentityProvider({
          client: new CognitoIdentityProviderClient({ region }),
          userPoolId,
          clientAccessTokenMinutes: 60,
        }),
        catalogue: createCatalogueRepository({ client: documents, tableName }),
        clock: systemClock,
        ids: createIdGenerator(),
      },
      { body: body.data },
    );
    io.stdout(`Invited coordinator ${account.accountId}: the invitation e-mail is on its way.\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ValidationFailed) {
      for (const problem of error.errors) io.stderr(`${problem.path}: ${problem.message}\n`);
      return EXIT.refused;
    }
    if (error instanceof DomainError && error.name !== 'TemporaryFailure') {
      io.stderr(`${error.message}\n`);
      return EXIT.refused;
    }
    io.stderr(`AWS request failed: ${error instanceof Error ? error.name : String(error)}\n`);
    return EXIT.failed;
  }
}

if (import.meta.main) {
  process.exitCode = await runFirstCoordinator(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
