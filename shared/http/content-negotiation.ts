// Proactive content negotiation on the Accept header (RFC 9110 §12.5.1): media ranges with their q-values.

/** One media range of an Accept header: `type/subtype` (either may be `*`) and its weight. */
interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly quality: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** The ranges of an Accept header; an element that is not a media range is ignored, a malformed weight too. */
function mediaRanges(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const element of accept.split(',')) {
    const [range = '', ...parameters] = element.split(';');
    const [type = '', subtype = '', ...rest] = range.trim().toLowerCase().split('/');
    if (rest.length > 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue;
    let quality = 1;
    for (const parameter of parameters) {
      const [name = '', value = ''] = parameter.split('=').map((part) => part.trim());
      if (name.toLowerCase() !== 'q') continue;
      quality = QVALUE.test(value) ? Number(value) : 1;
    }
    ranges.push({ type, subtype, quality });
  }
  return ranges;
}

/** The weight the client gives `mediaType`: that of the most specific range that matches it (0: none matches). */
function qualityOf(ranges: readonly MediaRange[], mediaType: string): number {
  const [type, subtype] = mediaType.toLowerCase().split('/');
  let best: { specificity: number; quality: number } | undefined;
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*'
            ? 0
            : -1;
    if (specificity < 0) continue;
    if (best === undefined || specificity > best.specificity) best = { specificity, quality: range.quality };
  }
  return best?.quality ?? 0;
}

/**
 * Which of the `offered` media types (the first is the default) to answer with: the one the client weighs highest,
 * ties going to the earlier offered. No Accept header means any type (the default). When the client accepts none of
 * them (every one absent or `q=0`), the default: RFC 9110 lets a server answer with it rather than 406.
 */
export function negotiateMediaType<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T {
  const [fallback] = offered;
  if (accept === undefined || accept.trim() === '') return fallback;
  const ranges = mediaRanges(accept);
  let chosen: { mediaType: T; quality: number } | undefined;
  for (const mediaType of offered) {
    const quality = qualityOf(ranges, mediaType);
    if (quality > 0 && (chosen === undefined || quality > chosen.quality)) chosen = { mediaType, quality };
  }
  return chosen?.mediaType ?? fallback;
}
