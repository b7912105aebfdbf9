// The options of an operations command (`npm run first-coordinator`, `npm run reapply-erasures`, `npm run
// webhook-secret`): every option a string, the listed ones required, listed flags true or false, `--region` an EU
// region (default eu-central-1). A usage problem is written with the command's usage text and answers undefined, so
// the command exits with its usage code.
import { parseArgs } from 'node:util';
import { EU_REGIONS } from '../config.ts';

export type CommandIo = { stdout: (text: string) => void; stderr: (text: string) => void };

export type CommandOptions<R extends string, O extends string, F extends string = never> = Record<R, string> &
  Partial<Record<O, string>> &
  Record<F, boolean> & { region: string };

export function readCommandOptions<R extends string, O extends string = never, F extends string = never>(
  args: readonly string[],
  spec: { required: readonly R[]; optional?: readonly O[]; flags?: readonly F[]; usage: string },
  io: CommandIo,
): CommandOptions<R, O, F> | undefined {
  const names = [...spec.required, ...(spec.optional ?? [])];
  const flags: readonly string[] = spec.flags ?? [];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        ...Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
        ...Object.fromEntries(flags.map((name) => [name, { type: 'boolean' as const }])),
        region: { type: 'string', default: 'eu-central-1' },
      },
    }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${spec.usage}\n`);
    return undefined;
  }
  const missing = spec.required.filter((name) => !values[name]).map((name) => `--${name}`);
  if (missing.length > 0) {
    io.stderr(`missing: ${missing.join(', ')}\n\n${spec.usage}\n`);
    return undefined;
  }
  const region = typeof values.region === 'string' ? values.region : 'eu-central-1';
  if (!(EU_REGIONS as readonly string[]).includes(region)) {
    io.stderr(`--region must be an EU region (one of ${EU_REGIONS.join(', ')})\n`);
    return undefined;
  }
  const flagValues = Object.fromEntries(flags.map((name) => [name, values[name] === true]));
  return { ...values, ...flagValues, region } as CommandOptions<R, O, F>;
}
