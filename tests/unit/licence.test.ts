// The project's licence: the file, and the same SPDX id wherever a package manager or a scanner reads it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(file, 'utf8');

describe('the licence', () => {
  it('is the EUPL 1.2, in LICENSE and as the SPDX id of package.json and its lockfile', () => {
    const pkg = JSON.parse(read('package.json')) as { license?: string };
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { license?: string }> };

    expect(read('LICENSE').startsWith('EUROPEAN UNION PUBLIC LICENCE v. 1.2\n')).toBe(true);
    expect(read('LICENSE')).toContain('Appendix');
    expect(pkg.license).toBe('EUPL-1.2');
    expect(lock.packages['']?.license).toBe('EUPL-1.2');
  });
});
