// Formats shared by the screens: dates and times in German, and a case's short number.

const DATE = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Europe/Berlin',
});
const DATE_TIME = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Berlin',
});

/** `2026-11-20T10:00:00Z` → `20.11.2026, 11:00`. */
export function formatDateTime(timestamp: string): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : DATE_TIME.format(date);
}

/** `2026-11-20T10:00:00Z` → `20.11.2026`. */
export function formatDate(timestamp: string): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : DATE.format(date);
}

/** A calendar date `2026-10-01` → `01.10.2026` (no time zone involved). */
export function formatCalendarDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match === null ? date : `${match[3]}.${match[2]}.${match[1]}`;
}

/**
 * A German date as typed (`1.10.2026`, `01.10.2026`, also `2026-10-01`) → `2026-10-01`; undefined when it is none.
 * Two-digit years are not guessed.
 */
export function parseGermanDate(value: string): string | undefined {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : german
      ? [Number(german[3]), Number(german[2]), Number(german[1])]
      : [Number.NaN, Number.NaN, Number.NaN];
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The short number people read out on the phone: the last six characters of the case id (its random part, in
 * Crockford base32 without I, L, O, U), as `7K2-QF9`.
 */
export function shortNumber(id: string): string {
  const tail = id.slice(-6).toUpperCase();
  return tail.length === 6 ? `${tail.slice(0, 3)}-${tail.slice(3)}` : tail;
}
