// Reusable zod building blocks with clear, specific messages, shared by the referral and catalogue schemas.
import * as z from 'zod';
import { isIso6391Code } from './iso-639-1.ts';

type IssueInput = { readonly input?: unknown };

/** Message for a missing value versus a value of the wrong type. Never echoes the input (it may be personal). */
export function expecting(what: string): { error: (issue: IssueInput) => string } {
  return { error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) };
}

/** Length in Unicode code points, so that an umlaut or emoji counts as one character. */
function characters(value: string): number {
  return [...value].length;
}

/** Control characters (C0, DEL, C1): never part of a printable text. */
const CONTROL_CHARACTER = /\p{Cc}/u;
/** The line breaks a multi-line text keeps: LF and CRLF (a lone CR is a control character like any other). */
const LINE_BREAK = /\r?\n/g;

/** Whether `value` holds a control character (other than a line break, where `multiline`). */
export function hasControlCharacter(value: string, multiline = false): boolean {
  return CONTROL_CHARACTER.test(multiline ? value.replace(LINE_BREAK, '') : value);
}

/**
 * THE building block of every free-text field of a request (API.md Conventions: text fields hold printable Unicode):
 * a string without control characters (C0, DEL, C1; line breaks, LF or CRLF, only where `multiline`: note-like
 * fields) and without unpaired UTF-16 surrogates, which no system on the other side could show or store faithfully.
 * Every string a caller sends is either such a text or has a pattern of its own that admits no control character
 * (ids, codes, e-mail addresses, phone numbers, dates); tests/unit/http/text-fields.test.ts walks the route table to
 * keep it so.
 */
export function printableString(what = 'a string', options: { multiline?: boolean } = {}) {
  const multiline = options.multiline === true;
  return z
    .string(expecting(what))
    .refine((value) => !hasControlCharacter(value, multiline), {
      error: multiline
        ? 'must not contain control characters other than line breaks'
        : 'must not contain control characters',
    })
    .refine((value) => value.isWellFormed(), { error: 'must not contain unpaired surrogates' });
}

/**
 * A printable text (`printableString`) of at most `max` characters; blank only where `allowBlank` (free-text extras
 * such as a note); line breaks only where `multiline`.
 */
export function text(max: number, options: { allowBlank?: boolean; multiline?: boolean } = {}) {
  const string = printableString('a string', { multiline: options.multiline === true });
  const nonBlank = options.allowBlank
    ? string
    : string.refine((value) => value.trim().length > 0, { error: 'must not be empty' });
  return nonBlank.refine((value) => characters(value) <= max, { error: `must be at most ${max} characters long` });
}

/** A single-line printable text of at most `max` characters (the same as `text(max)`). */
export function printableText(max: number) {
  return text(max);
}

/** A reference to an entity by its id as a caller sends it (looked up later): printable, 1–`max` characters. */
export function reference(what: string, max = 128) {
  return printableString(what)
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters long` });
}

/** Loose on purpose: people write numbers in many ways; we require 5–20 digits and typical separators only. */
const PHONE_PATTERN = /^\+?[0-9][0-9 ()/-]*$/;
export function phoneNumber() {
  return z
    .string(expecting('a phone number'))
    .refine((value) => PHONE_PATTERN.test(value), {
      error: 'must be a phone number: digits with an optional leading +, spaces, -, / or parentheses',
    })
    .refine(
      (value) => {
        const digits = value.replace(/\D/g, '').length;
        return digits >= 5 && digits <= 20;
      },
      { error: 'must contain between 5 and 20 digits' },
    );
}

export function emailAddress() {
  return z.email(expecting('an e-mail address')).max(254, { error: 'must be at most 254 characters long' });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, expecting(`one of: ${values.join(', ')}`));
}

export function flag() {
  return z.boolean(expecting('true or false'));
}

export function calendarDate() {
  return z.iso.date(expecting('a date in the form YYYY-MM-DD'));
}

export function languageCode() {
  return z.string(expecting('an ISO 639-1 language code')).refine((value) => isIso6391Code(value), {
    error: 'must be an ISO 639-1 language code (two lowercase letters, e.g. "de")',
  });
}

/** Catalogue and entity ids: they end up inside storage keys, so `#` and whitespace are ruled out. */
export function entityId() {
  return z.string(expecting('an id')).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: 'must be 1–64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit',
  });
}

export function postalCode() {
  return z.string(expecting('a postal code')).regex(/^\d{5}$/, { error: 'must be exactly five digits' });
}

/** An array of `min`–`max` items in which no item repeats; a repeat is reported at its own index. */
export function distinctList<T extends z.ZodType<string>>(
  item: T,
  limits: { min: number; max: number; singular: string; plural: string },
) {
  const { min, max, singular, plural } = limits;
  return z
    .array(item, expecting(`a list of ${plural}`))
    .min(min, { error: min === 1 ? `must contain at least one ${singular}` : `must contain at least ${min} ${plural}` })
    .max(max, { error: `must contain at most ${max} ${plural}` })
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: `repeats an earlier ${singular}` });
        seen.add(value);
      });
    });
}

/** True when a value is a non-blank string; used by cross-field rules that also run when a sibling is invalid. */
export function isPresent(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}
