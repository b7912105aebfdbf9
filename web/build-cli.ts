// `npm run build:web`: builds the web app into web/dist and prints its files and each screen group's first load.
import path from 'node:path';
import { bundleWebApp, describeFirstLoads, WEB_ROOT } from './build.ts';

const report = await bundleWebApp(path.join(WEB_ROOT, 'dist'));
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
process.stdout.write(
  `Web app built in ${report.durationMs} ms into ${path.relative(process.cwd(), report.outdir)}/\n\n`,
);
for (const file of report.files) {
  process.stdout.write(
    `  ${file.path.padEnd(48)} ${kib(file.bytes).padStart(10)}  ${kib(file.gzipBytes).padStart(10)} gzip\n`,
  );
}
process.stdout.write('\nFirst load per screen group (gzip, fonts aside):\n');
for (const line of describeFirstLoads(report)) process.stdout.write(`  ${line}\n`);
