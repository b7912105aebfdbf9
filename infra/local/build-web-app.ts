// Child process of the local runtime: builds the web app into the directory given as first argument and writes the
// build report next to the files (web-build.json), so a start from the cache can still name the sizes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildWebApp } from '../../web/build.ts';

const [outdir = ''] = process.argv.slice(2);
const report = buildWebApp(outdir);
writeFileSync(path.join(outdir, 'web-build.json'), JSON.stringify(report, null, 2));
