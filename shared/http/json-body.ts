// Middleware: reads a JSON request body (413 above 32 KiB or the route's own cap, 415 for another media type, 400
// when malformed or absent).
import type { MiddlewareObj } from '@middy/core';
import { MalformedJson, PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '#domain/errors.ts';
import { type HttpEvent, type HttpResult, header, requestState } from './http-event.ts';

export const MAX_BODY_BYTES = 32 * 1024;
/** The cap of the catalogue import: a whole catalogue (2,000 offers and more) in one request. */
export const IMPORT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** application/json or a structured +json type; a charset other than UTF-8 is refused (API.md: UTF-8). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [mediaType = '', ...parameters] = contentType.split(';');
  const type = mediaType.trim().toLowerCase();
  if (type !== 'application/json' && !(type.startsWith('application/') && type.endsWith('+json'))) return false;
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() === 'charset' && value.trim().replace(/"/g, '').toLowerCase() !== 'utf-8') {
      return false;
    }
  }
  return true;
}

/**
 * The parsed body of `event`. Checks run cheapest first: presence, size (before decoding anything big), media
 * type, then JSON syntax.
 */
export function readJsonBody(event: HttpEvent, maxBytes: number = MAX_BODY_BYTES): unknown {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === '') {
    throw new ValidationFailed([{ path: '', message: 'a JSON request body is required' }]);
  }
  // base64 grows by 4/3, so its decoded size is computed, not guessed from the encoded length.
  const bytes = event.isBase64Encoded ? Buffer.byteLength(raw, 'base64') : Buffer.byteLength(raw, 'utf8');
  if (bytes > maxBytes) throw new PayloadTooLarge(maxBytes);
  if (!isJsonContentType(header(event, 'content-type'))) throw new UnsupportedMediaType();
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedJson({ cause: error });
  }
}

export function jsonBody(maxBytes: number = MAX_BODY_BYTES): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    name: 'jsonBody',
    before: (request) => {
      requestState(request.event).body = readJsonBody(request.event, maxBytes);
    },
  };
}
