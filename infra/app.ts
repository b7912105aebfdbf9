// CDK entry point (cdk.json: `node infra/app.ts`): `cdk synth -c municipality=<id> -c stage=<dev|prod>`
// [-c region=<EU region, default eu-central-1>].
import { buildApp } from './build-app.ts';
import { InvalidDeploymentContext } from './config.ts';

try {
  buildApp().synth();
} catch (error) {
  // A wrong -c value is a usage error: say what is wrong without a stack trace.
  if (!(error instanceof InvalidDeploymentContext)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
