// The referral schema: every field rule of API.md with a failing example at its exact path, and strictness.
import { describe, expect, it } from 'vitest';
import { NEED_CODES } from '#domain/codes.ts';
import { idempotencyKeySchema, referralSchema } from '#domain/referral.ts';
import { type FieldError, toFieldErrors } from '#domain/zod-issues.ts';
import { exampleReferral, NOW } from './fixtures.ts';

type Part = Record<string, unknown>;
/** The example body, typed loosely on purpose: tests put wrong values in. */
type Body = {
  referrer: Part;
  consent: Part;
  contact: Part;
  children: Part[];
  accessibility: Part;
  [field: string]: unknown;
};

/** The example body after `change` has edited it. */
function bodyWith(change: (body: Body) => void): Body {
  const body = exampleReferral() as Body;
  change(body);
  return body;
}

function errorsOf(body: unknown, now: Date = NOW): FieldError[] {
  const result = referralSchema(now).safeParse(body);
  return result.success ? [] : toFieldErrors(result.error);
}

/** Asserts that exactly one field is reported, at `path`, and returns its message. */
function onlyViolation(body: unknown, path: string, now: Date = NOW): string {
  const errors = errorsOf(body, now);
  expect(errors.map((error) => error.path)).toEqual([path]);
  return errors[0]?.message ?? '';
}

describe('a valid referral', () => {
  it('accepts the API.md example', () => {
    expect(errorsOf(exampleReferral())).toEqual([]);
  });

  it('defaults interpreterNeeded to false', () => {
    const body = bodyWith((b) => {
      delete b.interpreterNeeded;
    });

    expect(referralSchema(NOW).parse(body).interpreterNeeded).toBe(false);
  });

  it('accepts a referral without the optional fields', () => {
    const body = bodyWith((b) => {
      Reflect.deleteProperty(b, 'accessibility');
      delete b.note;
      delete b.interpreterNeeded;
      delete b.contact.bestTime;
      delete b.contact.email;
      delete b.referrer.email;
    });

    expect(errorsOf(body)).toEqual([]);
  });

  it('defaults missing accessibility wishes to false', () => {
    const body = bodyWith((b) => {
      b.accessibility = { homeVisit: true };
    });

    expect(referralSchema(NOW).parse(body).accessibility).toEqual({
      homeVisit: true,
      barrierFree: false,
      childcareDuringAppointment: false,
    });
  });
});

describe('referrer', () => {
  it('requires the name', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        delete b.referrer.name;
      }),
      'referrer.name',
    );

    expect(message).toBe('is required');
  });

  it('requires a phone number or an e-mail address', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        b.referrer = { name: 'Anna Beispiel' };
      }),
      'referrer',
    );

    expect(message).toBe('needs a phone number or an e-mail address (or both)');
  });

  it('accepts an e-mail address alone', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          delete b.referrer.phone;
        }),
      ),
    ).toEqual([]);
  });

  it('rejects an invalid e-mail address', () => {
    onlyViolation(
      bodyWith((b) => {
        b.referrer.email = 'not-an-address';
      }),
      'referrer.email',
    );
  });

  it('rejects a phone number with letters', () => {
    onlyViolation(
      bodyWith((b) => {
        b.referrer.phone = '0231 CALL ME';
      }),
      'referrer.phone',
    );
  });
});

describe('consent', () => {
  it('rejects a scope outside office, offer and feedback', () => {
    onlyViolation(
      bodyWith((b) => {
        b.consent.scopes = ['office', 'marketing'];
      }),
      'consent.scopes.1',
    );
  });

  it('rejects a repeated scope', () => {
    onlyViolation(
      bodyWith((b) => {
        b.consent.scopes = ['office', 'office'];
      }),
      'consent.scopes.1',
    );
  });

  it('accepts scopes without office (the use case answers consent-required)', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.consent.scopes = ['offer'];
        }),
      ),
    ).toEqual([]);
  });

  it('rejects an unknown givenBy', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        b.consent.givenBy = 'neighbour';
      }),
      'consent.givenBy',
    );

    expect(message).toBe('must be one of: parent, guardian, young-person');
  });

  it('rejects an unknown method', () => {
    onlyViolation(
      bodyWith((b) => {
        b.consent.method = 'email';
      }),
      'consent.method',
    );
  });

  it('rejects a givenAt in the future', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        b.consent.givenAt = '2026-11-25T13:00:00Z';
      }),
      'consent.givenAt',
    );

    expect(message).toBe('must not be in the future');
  });

  it('tolerates a givenAt a minute ahead of our clock (clock skew)', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.consent.givenAt = '2026-11-25T12:01:00Z';
        }),
      ),
    ).toEqual([]);
  });

  it('accepts a givenAt with a time-zone offset', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.consent.givenAt = '2026-11-20T11:00:00+01:00';
        }),
      ),
    ).toEqual([]);
  });

  it('rejects a givenAt that is not a timestamp', () => {
    onlyViolation(
      bodyWith((b) => {
        b.consent.givenAt = '20.11.2026';
      }),
      'consent.givenAt',
    );
  });
});

describe('childProtectionConcern', () => {
  it('is required', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        delete b.childProtectionConcern;
      }),
      'childProtectionConcern',
    );

    expect(message).toBe('is required');
  });

  it('must be a boolean, not a string', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        b.childProtectionConcern = 'false';
      }),
      'childProtectionConcern',
    );

    expect(message).toBe('must be true or false');
  });

  it('accepts true (the use case refuses the referral)', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.childProtectionConcern = true;
        }),
      ),
    ).toEqual([]);
  });
});

describe('contact', () => {
  it('rejects an unknown role', () => {
    onlyViolation(
      bodyWith((b) => {
        b.contact.role = 'aunt';
      }),
      'contact.role',
    );
  });

  it('requires a phone number or an e-mail address (a null e-mail does not count)', () => {
    onlyViolation(
      bodyWith((b) => {
        delete b.contact.phone;
        b.contact.email = null;
      }),
      'contact',
    );
  });

  it('accepts an e-mail address alone with e-mail as preferred channel', () => {
    const body = bodyWith((b) => {
      delete b.contact.phone;
      b.contact.email = 'maria@example.org';
      b.contact.preferredChannel = 'email';
    });

    expect(errorsOf(body)).toEqual([]);
  });

  it('rejects an unknown preferred channel', () => {
    onlyViolation(
      bodyWith((b) => {
        b.contact.preferredChannel = 'fax';
      }),
      'contact.preferredChannel',
    );
  });

  it('rejects e-mail as preferred channel without an e-mail address', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        b.contact.preferredChannel = 'email';
      }),
      'contact.preferredChannel',
    );

    expect(message).toBe('is "email" but no e-mail address is given');
  });

  it('rejects sms as preferred channel without a phone number', () => {
    onlyViolation(
      bodyWith((b) => {
        delete b.contact.phone;
        b.contact.email = 'maria@example.org';
        b.contact.preferredChannel = 'sms';
      }),
      'contact.preferredChannel',
    );
  });

  it('requires mayLeaveMessage', () => {
    onlyViolation(
      bodyWith((b) => {
        delete b.contact.mayLeaveMessage;
      }),
      'contact.mayLeaveMessage',
    );
  });

  it('requires a non-blank name', () => {
    onlyViolation(
      bodyWith((b) => {
        b.contact.name = '   ';
      }),
      'contact.name',
    );
  });
});

describe('children', () => {
  it('requires at least one child', () => {
    onlyViolation(
      bodyWith((b) => {
        b.children = [];
      }),
      'children',
    );
  });

  it('accepts ten children', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.children = Array(10).fill({ birthDate: '2020-01-01' });
        }),
      ),
    ).toEqual([]);
  });

  it('rejects eleven children', () => {
    onlyViolation(
      bodyWith((b) => {
        b.children = Array(11).fill({ birthDate: '2020-01-01' });
      }),
      'children',
    );
  });

  it('rejects a child with neither birthDate nor expectedBirthDate', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        b.children = [{}];
      }),
      'children.0',
    );

    expect(message).toBe('needs a birthDate or an expectedBirthDate');
  });

  it('rejects a child with both birthDate and expectedBirthDate', () => {
    onlyViolation(
      bodyWith((b) => {
        b.children = [{ birthDate: '2020-01-01', expectedBirthDate: '2027-01-01' }];
      }),
      'children.0',
    );
  });

  it('rejects a birthDate tomorrow', () => {
    onlyViolation(
      bodyWith((b) => {
        b.children = [{ birthDate: '2020-01-01' }, { birthDate: '2026-11-26' }];
      }),
      'children.1.birthDate',
    );
  });

  it('accepts a birthDate today', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.children = [{ birthDate: '2026-11-25' }];
        }),
      ),
    ).toEqual([]);
  });

  it('rejects a birthDate exactly 27 years ago', () => {
    onlyViolation(
      bodyWith((b) => {
        b.children = [{ birthDate: '1999-11-25' }];
      }),
      'children.0.birthDate',
    );
  });

  it('accepts a birthDate one day less than 27 years ago', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.children = [{ birthDate: '1999-11-26' }];
        }),
      ),
    ).toEqual([]);
  });

  it('rejects a date that does not exist (29 Feb in a common year)', () => {
    onlyViolation(
      bodyWith((b) => {
        b.children = [{ birthDate: '2023-02-29' }];
      }),
      'children.0.birthDate',
    );
  });

  it('rejects a birthDate that is not YYYY-MM-DD', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        b.children = [{ birthDate: '01.10.2026' }];
      }),
      'children.0.birthDate',
    );

    expect(message).toBe('must be a date in the form YYYY-MM-DD');
  });

  it('rejects an expectedBirthDate yesterday', () => {
    onlyViolation(
      bodyWith((b) => {
        b.children = [{ expectedBirthDate: '2026-11-24' }];
      }),
      'children.0.expectedBirthDate',
    );
  });

  it('accepts an expectedBirthDate today', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.children = [{ expectedBirthDate: '2026-11-25' }];
        }),
      ),
    ).toEqual([]);
  });

  it('accepts an expectedBirthDate exactly 10 months ahead', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.children = [{ expectedBirthDate: '2027-09-25' }];
        }),
      ),
    ).toEqual([]);
  });

  it('rejects an expectedBirthDate one day more than 10 months ahead', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        b.children = [{ expectedBirthDate: '2027-09-26' }];
      }),
      'children.0.expectedBirthDate',
    );

    expect(message).toBe('must be within the next 10 months (on or before 2027-09-25)');
  });

  it('clamps the 10-month limit to the end of a shorter month', () => {
    const now = new Date('2026-04-30T08:00:00Z');
    const body = bodyWith((b) => {
      b.consent.givenAt = '2026-04-30T07:00:00Z';
      b.children = [{ expectedBirthDate: '2027-03-01' }];
    });

    onlyViolation(body, 'children.0.expectedBirthDate', now);
  });
});

describe('languages', () => {
  it('requires at least one language', () => {
    onlyViolation(
      bodyWith((b) => {
        b.languages = [];
      }),
      'languages',
    );
  });

  it('rejects six languages', () => {
    onlyViolation(
      bodyWith((b) => {
        b.languages = ['de', 'ar', 'tr', 'uk', 'ru', 'en'];
      }),
      'languages',
    );
  });

  it.each([
    ['xx', 'a two-letter code that is not in ISO 639-1'],
    ['DE', 'an uppercase code'],
    ['deu', 'a three-letter code'],
    ['bh', 'a code withdrawn from ISO 639-1'],
  ])('rejects %s (%s)', (code) => {
    onlyViolation(
      bodyWith((b) => {
        b.languages = ['de', code];
      }),
      'languages.1',
    );
  });

  it('rejects a repeated language', () => {
    onlyViolation(
      bodyWith((b) => {
        b.languages = ['ar', 'de', 'ar'];
      }),
      'languages.2',
    );
  });
});

describe('needs', () => {
  it('requires at least one need', () => {
    onlyViolation(
      bodyWith((b) => {
        b.needs = [];
      }),
      'needs',
    );
  });

  it('accepts all fourteen needs', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.needs = [...NEED_CODES];
        }),
      ),
    ).toEqual([]);
  });

  it('rejects an unknown need, e.g. a diagnosis', () => {
    onlyViolation(
      bodyWith((b) => {
        b.needs = ['parenting', 'adhd'];
      }),
      'needs.1',
    );
  });

  it('rejects a repeated need', () => {
    onlyViolation(
      bodyWith((b) => {
        b.needs = ['parenting', 'parenting'];
      }),
      'needs.1',
    );
  });
});

describe('urgency, postal code, note, accessibility, interpreterNeeded', () => {
  it('rejects an unknown urgency', () => {
    onlyViolation(
      bodyWith((b) => {
        b.urgency = 'asap';
      }),
      'urgency',
    );
  });

  it.each(['4413', '441370', '4413a', ' 44137'])('rejects the postal code "%s"', (postalCode) => {
    onlyViolation(
      bodyWith((b) => {
        b.postalCode = postalCode;
      }),
      'postalCode',
    );
  });

  it('rejects a postal code given as a number', () => {
    onlyViolation(
      bodyWith((b) => {
        b.postalCode = 44137;
      }),
      'postalCode',
    );
  });

  it('accepts a note of 500 characters, counting an umlaut or emoji as one', () => {
    expect(
      errorsOf(
        bodyWith((b) => {
          b.note = `${'ü'.repeat(498)}👍🏽`;
        }),
      ),
    ).toEqual([]);
  });

  it('rejects a note of 501 characters', () => {
    const message = onlyViolation(
      bodyWith((b) => {
        b.note = 'x'.repeat(501);
      }),
      'note',
    );

    expect(message).toBe('must be at most 500 characters long');
  });

  it('rejects a non-boolean accessibility wish', () => {
    onlyViolation(
      bodyWith((b) => {
        b.accessibility.homeVisit = 'yes';
      }),
      'accessibility.homeVisit',
    );
  });

  it('rejects a non-boolean interpreterNeeded', () => {
    onlyViolation(
      bodyWith((b) => {
        b.interpreterNeeded = 1;
      }),
      'interpreterNeeded',
    );
  });
});

describe('referrerReference', () => {
  it.each([
    ['a file number', 'KM-2026/0815'],
    ['one character', 'X'],
    ['40 characters with umlauts and emoji', `Akte Müller ${'ä'.repeat(27)}🙂`],
  ])('accepts %s', (_, reference) => {
    const parsed = referralSchema(NOW).parse(
      bodyWith((b) => {
        b.referrerReference = reference;
      }),
    );

    expect(parsed.referrerReference).toBe(reference);
  });

  it('is optional', () => {
    expect(referralSchema(NOW).parse(exampleReferral())).not.toHaveProperty('referrerReference');
  });

  it.each([
    ['41 characters', 'x'.repeat(41)],
    ['an empty string', ''],
    ['blanks only', '   '],
    ['a line break', 'Akte\n0815'],
    ['a tab', 'Akte\t0815'],
    ['a C1 control character', 'Akte\u00850815'],
    ['an unpaired surrogate', 'Akte \ud83d'],
    ['a number', 815],
    ['null', null],
  ])('rejects %s at its path', (_, reference) => {
    onlyViolation(
      bodyWith((b) => {
        b.referrerReference = reference;
      }),
      'referrerReference',
    );
  });
});

describe('strictness', () => {
  it.each([
    [
      'the body',
      (b: Body) => {
        b.diagnosis = 'x';
      },
      'diagnosis',
    ],
    [
      'referrer',
      (b: Body) => {
        b.referrer.fax = 'x';
      },
      'referrer.fax',
    ],
    [
      'consent',
      (b: Body) => {
        b.consent.signature = 'x';
      },
      'consent.signature',
    ],
    [
      'contact',
      (b: Body) => {
        b.contact.nationality = 'x';
      },
      'contact.nationality',
    ],
    [
      'a child',
      (b: Body) => {
        (b.children[1] as Part).name = 'x';
      },
      'children.1.name',
    ],
    [
      'accessibility',
      (b: Body) => {
        b.accessibility.sauna = true;
      },
      'accessibility.sauna',
    ],
  ])('rejects an unknown field in %s at its own path', (_where, change, path) => {
    const message = onlyViolation(bodyWith(change), path);

    expect(message).toBe('is not a known field');
  });

  it('reports one entry per violated field, all at once', () => {
    const body = bodyWith((b) => {
      b.urgency = 'asap';
      b.postalCode = '1';
      b.contact = { ...b.contact, phone: undefined, role: 'aunt' };
      b.children = [{ birthDate: '2030-01-01' }];
    });

    expect(errorsOf(body).map((error) => error.path)).toEqual([
      'contact.role',
      'contact',
      'children.0.birthDate',
      'urgency',
      'postalCode',
    ]);
  });

  it('rejects a body that is not an object at the root path', () => {
    onlyViolation([], '');
  });

  it('does not echo personal data in messages', () => {
    const errors = errorsOf(
      bodyWith((b) => {
        b.contact.name = 42;
        b.contact.phone = 'Maria ruft zurück';
      }),
    );

    expect(JSON.stringify(errors)).not.toContain('Maria');
  });
});

describe('idempotencyKeySchema', () => {
  it.each(['a', 'x'.repeat(128), '2f1c-4e!~', 'abc_DEF.123'])('accepts "%s"', (key) => {
    expect(idempotencyKeySchema().safeParse(key).success).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(129), '129 characters'],
    ['with space', 'a space'],
    ['schlüssel', 'a non-ASCII letter'],
    ['tab\there', 'a control character'],
  ])('rejects "%s" (%s)', (key) => {
    expect(idempotencyKeySchema().safeParse(key).success).toBe(false);
  });
});
