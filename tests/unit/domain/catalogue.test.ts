// Catalogue validation: schema problems and every referential problem, each reported with its path and entry id.
import { describe, expect, it } from 'vitest';
import { type Catalogue, type CatalogueProblem, validateCatalogue } from '#domain/catalogue.ts';
import { aCatalogue, anOffer } from './fixtures.ts';

function entry<T>(list: T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`the fixture has no entry ${index}`);
  return item;
}

function problemsOf(change: (catalogue: Catalogue) => void): CatalogueProblem[] {
  const catalogue = aCatalogue();
  change(catalogue);
  const result = validateCatalogue(catalogue);
  return result.ok ? [] : result.problems;
}

describe('validateCatalogue accepts', () => {
  it('a valid catalogue and returns it parsed', () => {
    const result = validateCatalogue(aCatalogue());

    expect(result).toEqual({ ok: true, catalogue: aCatalogue() });
  });

  it('an office with an https webhook URL', () => {
    expect(
      problemsOf((c) => {
        c.offices[0] = { ...entry(c.offices, 0), webhookUrl: 'https://fb.example/hook' };
      }),
    ).toEqual([]);
  });

  it.each(['http://127.0.0.1:4010/hook', 'http://localhost:4010/hook', 'http://[::1]:4010/hook'])(
    'an office with an http webhook URL to the loopback host %s (a local receiver)',
    (webhookUrl) => {
      expect(
        problemsOf((c) => {
          c.offices[0] = { ...entry(c.offices, 0), webhookUrl };
        }),
      ).toEqual([]);
    },
  );

  it('a district without an office', () => {
    expect(
      problemsOf((c) => {
        c.offices = [];
      }),
    ).toEqual([]);
  });

  it('the same id for entries of different kinds', () => {
    expect(
      problemsOf((c) => {
        c.offers.push(anOffer({ id: 'nord' }));
      }),
    ).toEqual([]);
  });
});

describe('validateCatalogue reports schema problems', () => {
  it('an unknown need code, at its path and naming the offer', () => {
    const problems = problemsOf((c) => {
      c.offers[1] = anOffer({ id: 'offer-b', needs: ['parenting', 'hze' as never] });
    });

    expect(problems).toEqual([
      {
        path: 'offers.1.needs.1',
        message: expect.stringMatching(/^offer "offer-b": must be one of: financial-support/),
      },
    ]);
  });

  it('an unknown field in an offer', () => {
    const problems = problemsOf((c) => {
      Object.assign(c.offers[0] as object, { colour: 'blue' });
    });

    expect(problems).toEqual([{ path: 'offers.0.colour', message: 'offer "offer-a": is not a known field' }]);
  });

  it('an unknown field at the top level', () => {
    expect(
      problemsOf((c) => {
        Object.assign(c, { services: [] });
      }),
    ).toEqual([{ path: 'services', message: 'is not a known field' }]);
  });

  it('an unknown institution type', () => {
    const problems = problemsOf((c) => {
      Object.assign(c.institutions[0] as object, { type: 'hospital' });
    });

    expect(problems.map((problem) => problem.path)).toEqual(['institutions.0.type']);
  });

  it('more places available than the maximum', () => {
    const problems = problemsOf((c) => {
      c.offers[0] = anOffer({ capacity: { available: 11, maximum: 10 } });
    });

    expect(problems).toEqual([
      { path: 'offers.0.capacity.available', message: 'offer "offer-a": must not exceed maximum' },
    ]);
  });

  it('a negative number of places', () => {
    const problems = problemsOf((c) => {
      c.offers[0] = anOffer({ capacity: { available: -1 } });
    });

    expect(problems.map((problem) => problem.path)).toEqual(['offers.0.capacity.available']);
  });

  it('a webhook URL that is not https', () => {
    const problems = problemsOf((c) => {
      Object.assign(c.offices[0] as object, { webhookUrl: 'http://fb.example' });
    });

    expect(problems.map((problem) => problem.path)).toEqual(['offices.0.webhookUrl']);
  });

  it.each(['http://127.0.0.2:4010/hook', 'http://localhost.fb.example/hook', 'http://10.0.0.1/hook'])(
    'an http webhook URL to the host of %s, which is not one of the loopback hosts',
    (webhookUrl) => {
      const problems = problemsOf((c) => {
        Object.assign(c.offices[0] as object, { webhookUrl });
      });

      expect(problems).toEqual([
        {
          path: 'offices.0.webhookUrl',
          message: `office "${entry(aCatalogue().offices, 0).id}": must be an https URL (http only for a loopback host: 127.0.0.1, localhost or [::1])`,
        },
      ]);
    },
  );

  it('a webhook URL with a scheme other than http or https, reported once', () => {
    const problems = problemsOf((c) => {
      Object.assign(c.offices[0] as object, { webhookUrl: 'ftp://localhost/hook' });
    });

    expect(problems.map((problem) => problem.message)).toEqual([
      `office "${entry(aCatalogue().offices, 0).id}": must be an https URL`,
    ]);
  });

  it('an id that cannot be used in a storage key', () => {
    const problems = problemsOf((c) => {
      c.offers[0] = anOffer({ id: 'OFFER#1' });
    });

    expect(problems.map((problem) => problem.path)).toEqual(['offers.0.id']);
  });

  it('an entry without an id by its index', () => {
    const problems = problemsOf((c) => {
      Object.assign(c.offers[0] as object, { id: undefined });
    });

    expect(problems).toEqual([{ path: 'offers.0.id', message: 'offer 0: is required' }]);
  });

  it('a document that is not an object', () => {
    expect(validateCatalogue('catalogue')).toEqual({
      ok: false,
      problems: [{ path: '', message: expect.stringMatching(/^must be a JSON object/) }],
    });
  });
});

describe('validateCatalogue reports referential problems', () => {
  it('a repeated offer id', () => {
    expect(
      problemsOf((c) => {
        c.offers.push(anOffer({ id: 'offer-a' }));
      }),
    ).toEqual([{ path: 'offers.2.id', message: 'offer "offer-a": id is already used by offers.0' }]);
  });

  it('a repeated district id', () => {
    const problems = problemsOf((c) => {
      c.districts.push({ id: 'nord', name: 'Nord 2', postalCodes: ['10009'] });
    });

    expect(problems).toEqual([
      { path: 'districts.2.id', message: 'district "nord": id is already used by districts.0' },
    ]);
  });

  it('a repeated office id', () => {
    const problems = problemsOf((c) => {
      c.offices.push({ id: 'fb-nord', name: 'Zweites Büro', districts: ['sued'], email: 'x@testheim.example' });
    });

    expect(problems).toEqual([{ path: 'offices.1.id', message: 'office "fb-nord": id is already used by offices.0' }]);
  });

  it('a repeated institution id', () => {
    const problems = problemsOf((c) => {
      c.institutions.push({ id: 'klinik', name: 'Praxis', type: 'kita' });
    });

    expect(problems).toEqual([
      { path: 'institutions.1.id', message: 'institution "klinik": id is already used by institutions.0' },
    ]);
  });

  it('an offer in an unknown district', () => {
    const problems = problemsOf((c) => {
      c.offers[0] = anOffer({ districts: ['nord', 'mitte'] });
    });

    expect(problems).toEqual([{ path: 'offers.0.districts.1', message: 'offer "offer-a": unknown district "mitte"' }]);
  });

  it('an office in an unknown district', () => {
    const problems = problemsOf((c) => {
      entry(c.offices, 0).districts = ['mitte'];
    });

    expect(problems).toEqual([
      { path: 'offices.0.districts.0', message: 'office "fb-nord": unknown district "mitte"' },
    ]);
  });

  it('two offices serving the same district', () => {
    const problems = problemsOf((c) => {
      c.offices.push({
        id: 'fb-2',
        name: 'Zweites Büro',
        districts: ['sued', 'nord'],
        email: 'x@testheim.example',
      });
    });

    expect(problems).toEqual([
      {
        path: 'offices.1.districts.1',
        message: 'office "fb-2": district "nord" is already served by office "fb-nord"',
      },
    ]);
  });

  it('a postal code in two districts', () => {
    const problems = problemsOf((c) => {
      entry(c.districts, 1).postalCodes = ['10003', '10002'];
    });

    expect(problems).toEqual([
      {
        path: 'districts.1.postalCodes.1',
        message: 'district "sued": postal code 10002 already belongs to district "nord"',
      },
    ]);
  });

  it('a postal code twice in one district, as a repeat', () => {
    const problems = problemsOf((c) => {
      entry(c.districts, 0).postalCodes = ['10001', '10001'];
    });

    expect(problems.map((problem) => problem.path)).toEqual(['districts.0.postalCodes.1']);
  });

  it('every problem at once', () => {
    const problems = problemsOf((c) => {
      c.offers.push(anOffer({ id: 'offer-a', districts: ['mitte'] }));
      entry(c.offices, 0).districts = ['west'];
    });

    expect(problems.map((problem) => problem.path)).toEqual([
      'offers.2.id',
      'offices.0.districts.0',
      'offers.2.districts.0',
    ]);
  });

  it('alongside schema problems, so one run lists every bad entry', () => {
    const problems = problemsOf((c) => {
      entry(c.offices, 0).districts = ['mitte'];
      c.offers[0] = { ...anOffer(), needs: ['astrology' as never] };
    });

    expect(problems.map((problem) => problem.path)).toEqual(['offers.0.needs.0', 'offices.0.districts.0']);
  });
});
