// The referral request body (API.md "POST /v1/referrals") as a strict zod schema, and the Idempotency-Key header.
import * as z from 'zod';
import {
  addMonths,
  ageInYears,
  compareDates,
  formatCalendarDate,
  parseCalendarDate,
  utcDateOf,
} from './calendar-date.ts';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_SCOPES,
  CONTACT_CHANNELS,
  CONTACT_ROLES,
  NEED_CODES,
  URGENCIES,
} from './codes.ts';
import {
  calendarDate,
  distinctList,
  emailAddress,
  expecting,
  flag,
  isPresent,
  languageCode,
  oneOf,
  phoneNumber,
  postalCode,
  printableText,
  text,
} from './field-rules.ts';
import { lazily } from './lazily.ts';

export const NOTE_MAX_CHARACTERS = 500;
/** The referring institution's own reference (e.g. its file number): API.md "POST /v1/referrals". */
export const REFERRER_REFERENCE_MAX_CHARACTERS = 40;
export const MAX_CHILDREN = 10;
export const MAX_LANGUAGES = 5;
/** Oldest age (exclusive) the prevention chain serves: the `transition` phase ends before 27 (SGB VIII § 7). */
export const MAX_CHILD_AGE_YEARS = 27;
/** How far ahead an expected birth date may lie: a pregnancy is known at most about ten months ahead. */
export const MAX_EXPECTED_BIRTH_MONTHS = 10;
/**
 * Tolerance for `consent.givenAt` ahead of our clock: referrers' clocks drift by seconds to minutes, and rejecting
 * a consent recorded "just now" would be wrong. Anything later than this is in the future.
 */
export const CONSENT_CLOCK_SKEW_MS = 5 * 60_000;

/** Per-object cross-field rules must also run when a sibling field is invalid, so every problem is reported at once. */
const ALWAYS = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/**
 * The referral schema. A factory because the date rules (consent not in the future, child age, expected birth within
 * ten months) are relative to `now`, which the caller injects.
 */
export function referralSchema(now: Date) {
  const today = utcDateOf(now);
  const latestExpectedBirth = addMonths(today, MAX_EXPECTED_BIRTH_MONTHS);

  const referrer = z
    .strictObject(
      {
        name: text(200),
        phone: phoneNumber().nullable().optional(),
        email: emailAddress().nullable().optional(),
      },
      expecting('an object with the referring professional'),
    )
    .superRefine((value, ctx) => {
      if (!isPresent(value.phone) && !isPresent(value.email)) {
        ctx.addIssue({ code: 'custom', path: [], message: 'needs a phone number or an e-mail address (or both)' });
      }
    }, ALWAYS);

  const consent = z.strictObject(
    {
      // Any subset, even one without `office`: that case is answered with 422 consent-required, not 400.
      scopes: distinctList(oneOf(CONSENT_SCOPES), {
        min: 0,
        max: CONSENT_SCOPES.length,
        singular: 'scope',
        plural: 'scopes',
      }),
      givenBy: oneOf(CONSENT_GIVERS),
      givenAt: z.iso
        .datetime({ offset: true, ...expecting('an RFC 3339 timestamp, e.g. 2026-11-20T10:00:00Z') })
        .refine((value) => Date.parse(value) <= now.getTime() + CONSENT_CLOCK_SKEW_MS, {
          error: 'must not be in the future',
        }),
      method: oneOf(CONSENT_METHODS),
    },
    expecting('an object with the consent record'),
  );

  const contact = z
    .strictObject(
      {
        name: text(200),
        role: oneOf(CONTACT_ROLES),
        phone: phoneNumber().nullable().optional(),
        email: emailAddress().nullable().optional(),
        preferredChannel: oneOf(CONTACT_CHANNELS),
        bestTime: text(100, { allowBlank: true }).nullable().optional(),
        mayLeaveMessage: flag(),
      },
      expecting('an object with the family contact person'),
    )
    .superRefine((value, ctx) => {
      const hasPhone = isPresent(value.phone);
      const hasEmail = isPresent(value.email);
      if (!hasPhone && !hasEmail) {
        ctx.addIssue({ code: 'custom', path: [], message: 'needs a phone number or an e-mail address (or both)' });
        return;
      }
      // A preferred channel the office cannot use would make the first contact fail.
      if (value.preferredChannel === 'email' && !hasEmail) {
        ctx.addIssue({
          code: 'custom',
          path: ['preferredChannel'],
          message: 'is "email" but no e-mail address is given',
        });
      }
      if ((value.preferredChannel === 'phone' || value.preferredChannel === 'sms') && !hasPhone) {
        ctx.addIssue({
          code: 'custom',
          path: ['preferredChannel'],
          message: `is "${value.preferredChannel}" but no phone number is given`,
        });
      }
    }, ALWAYS);

  const birthDate = calendarDate().superRefine((value, ctx) => {
    const date = parseCalendarDate(value);
    if (!date) return;
    if (compareDates(date, today) > 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'must not be in the future (for an unborn child give expectedBirthDate)',
      });
    } else if (ageInYears(date, today) >= MAX_CHILD_AGE_YEARS) {
      ctx.addIssue({ code: 'custom', message: `must be less than ${MAX_CHILD_AGE_YEARS} years ago` });
    }
  });

  const expectedBirthDate = calendarDate().superRefine((value, ctx) => {
    const date = parseCalendarDate(value);
    if (!date) return;
    // Today counts as "within the next 10 months"; a date already past means the child is born: give birthDate.
    if (compareDates(date, today) < 0) {
      ctx.addIssue({ code: 'custom', message: 'must not be in the past (for a born child give birthDate)' });
    } else if (compareDates(date, latestExpectedBirth) > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be within the next ${MAX_EXPECTED_BIRTH_MONTHS} months (on or before ${formatCalendarDate(latestExpectedBirth)})`,
      });
    }
  });

  const child = z
    .strictObject(
      { birthDate: birthDate.optional(), expectedBirthDate: expectedBirthDate.optional() },
      expecting('an object with birthDate or expectedBirthDate'),
    )
    .superRefine((value, ctx) => {
      const given = Number(value.birthDate !== undefined) + Number(value.expectedBirthDate !== undefined);
      if (given !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message:
            given === 0
              ? 'needs a birthDate or an expectedBirthDate'
              : 'must have either a birthDate or an expectedBirthDate, not both',
        });
      }
    }, ALWAYS);

  const accessibility = z.strictObject(
    {
      homeVisit: flag().default(false),
      barrierFree: flag().default(false),
      childcareDuringAppointment: flag().default(false),
    },
    expecting('an object with accessibility wishes'),
  );

  return z.strictObject(
    {
      referrer,
      consent,
      childProtectionConcern: flag(),
      contact,
      children: z
        .array(child, expecting('a list of children'))
        .min(1, { error: 'must contain at least one child' })
        .max(MAX_CHILDREN, { error: `must contain at most ${MAX_CHILDREN} children` }),
      languages: distinctList(languageCode(), {
        min: 1,
        max: MAX_LANGUAGES,
        singular: 'language',
        plural: 'languages',
      }),
      interpreterNeeded: flag().default(false),
      needs: distinctList(oneOf(NEED_CODES), { min: 1, max: NEED_CODES.length, singular: 'need', plural: 'needs' }),
      urgency: oneOf(URGENCIES),
      postalCode: postalCode(),
      accessibility: accessibility.optional(),
      note: text(NOTE_MAX_CHARACTERS, { allowBlank: true, multiline: true }).optional(),
      // Stored with the family's personal data (erased with it) and shown back to the submitting institution only.
      referrerReference: printableText(REFERRER_REFERENCE_MAX_CHARACTERS).optional(),
    },
    expecting('a JSON object'),
  );
}

export type ReferralSchema = ReturnType<typeof referralSchema>;
/** A validated referral (defaults applied); the only place the family's personal data lives. */
export type Referral = z.output<ReferralSchema>;
/** The request body as a client sends it. */
export type ReferralInput = z.input<ReferralSchema>;

/** `Idempotency-Key` header: 1–128 visible ASCII characters (0x21–0x7E, so no spaces or control characters). */
export const idempotencyKeySchema = lazily(() =>
  z.string(expecting('a string')).regex(/^[\x21-\x7E]{1,128}$/, { error: 'must be 1–128 visible ASCII characters' }),
);
