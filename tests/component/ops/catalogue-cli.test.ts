// The catalogue CLI's offline validation: exit codes and per-entry messages an operator can act on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Offer } from '#domain/catalogue.ts';
import { hsdsServiceFromOffer } from '#domain/hsds.ts';

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

  it('accepts an HSDS export (UUID ids, lotse-id attribute, capacities) and the older service_capacity', () => {
    const context = { municipalityId: 'musterstadt', exportedAt: new Date('2026-03-02T08:15:00.000Z') };
    const offer: Offer = {
      id: 'elterncafe-nord',
      name: 'Elterncafé Nord',
      organization: 'Familienzentrum Nord',
      status: 'active',
      needs: ['parenting'],
      lifePhases: ['infant'],
      districts: ['nord'],
      languages: ['de'],
      modes: ['on-site', 'phone'],
      capacity: { available: 2, maximum: 5 },
    };
    const exported = { services: [hsdsServiceFromOffer(offer, context)] };
    const older = exported.services.map(({ capacities, ...service }) => ({
      ...service,
      service_capacity: capacities?.map(({ available, maximum }) => ({ available, maximum })),
    }));

    const current = cli('validate', tempFile(exported), '--catalogue', 'infra/local/catalogues/musterstadt.json');
    const previous = cli('validate', tempFile(older));

    expect(exported.services[0]?.capacities).toHaveLength(1);
    expect(current).toEqual({ code: 0, output: expect.stringContaining('valid (1 entries)') });
    expect(previous).toEqual({ code: 0, output: expect.stringContaining('valid (1 entries)') });
  });

  it('names a bad exported service by its Lotse offer id, not its UUID', () => {
    const context = { municipalityId: 'musterstadt', exportedAt: new Date('2026-03-02T08:15:00.000Z') };
    const offer: Offer = {
      id: 'elterncafe-nord',
      name: 'Elterncafé Nord',
      organization: 'Familienzentrum Nord',
      status: 'active',
      needs: ['parenting'],
      lifePhases: ['infant'],
      districts: ['atlantis'],
      languages: ['de'],
      modes: ['on-site'],
    };
    const file = tempFile([hsdsServiceFromOffer(offer, context)]);

    const { code, output } = cli('validate', file, '--catalogue', 'infra/local/catalogues/musterstadt.json');

    expect(code).toBe(1);
    expect(output).toContain('0.service_areas.0.uri: service "elterncafe-nord": unknown district "atlantis"');
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
