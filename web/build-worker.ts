// Child process of buildWebApp: bundles the web app into the directory given as first argument and prints the report.
import { bundleWebApp } from './build.ts';

const [outdir = ''] = process.argv.slice(2);
process.stdout.write(JSON.stringify(await bundleWebApp(outdir)));
