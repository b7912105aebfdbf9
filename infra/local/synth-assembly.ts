// Child process of the local runtime: synthesizes the CDK app (functions bundled, cdk-nag off: the infra tests run
// it) into the directory given as first argument, for the municipality and stage given as second and third.
import { buildApp } from '#infra/build-app.ts';

const [outdir = '', municipality = '', stage = 'dev'] = process.argv.slice(2);

buildApp({ municipality, stage, 'aws:cdk:enable-asset-metadata': true }, { outdir, nag: false }).synth();
