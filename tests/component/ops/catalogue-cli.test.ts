// The catalogue CLI's offline validation: exit codes and per-entry messages an operator can act on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['infra/ops/catalogue-cli.ts', ...args], { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function tempFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lotse-cli-')), 'catalogue.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('npm run catalogue -- validate', () => {
  it('accepts the seed catalogue with exit code 0', () => {
    const { code, output } = cli('validate', 'infra/local/catalogues/musterstadt.json');

    expect(code).toBe(0);
    expect(output).toContain('valid');
  });

  it('names every bad entry of a catalogue document and exits 1', () => {
    const { code, output } = cli('validate', 'tests/integration/fixtures/broken.catalogue.json');

    expect(code).toBe(1);
    expect(output).toContain('offices.2.districts.0: office "fb-broken"');
    expect(output).toContain('offers.0.needs.0: offer "e-same-capacity-later-id"');
  });

  it('names the position and reason of a bad HSDS service and exits 1', () => {
    const file = tempFile([
      { id: 'ok', name: 'Beratung', status: 'active', languages: [{ code: 'de' }], attributes: [] },
    ]);

    const { code, output } = cli('validate', file);

    expect(code).toBe(1);
    expect(output).toContain('0.attributes: service "ok"');
  });

  it('exits 2 for a file that is not JSON', () => {
    const { code } = cli('validate', tempFile('{ not json'));

    expect(code).toBe(2);
  });

  it('exits 2 for an unknown command', () => {
    const { code, output } = cli('publish');

    expect(code).toBe(2);
    expect(output).toContain('Usage');
  });
});
