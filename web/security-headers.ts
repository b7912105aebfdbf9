// The response headers the web app is served with, locally by the runtime and in the cloud by CloudFront's response
// headers policy: a strict Content-Security-Policy (no inline script or style, nothing from elsewhere but the token
// service the app talks to), no framing, no MIME sniffing, no referrer. One definition, so both serve the same.

export type WebSecurityOptions = {
  /** Origins the app fetches from besides its own: the token service (discovery, token, revocation). */
  readonly connectOrigins: readonly string[];
  /** Adds Strict-Transport-Security (https deployments only). */
  readonly https?: boolean;
};

export function contentSecurityPolicy(connectOrigins: readonly string[]): string {
  const connect = ["'self'", ...new Set(connectOrigins)].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // KERN's icons are SVG data URIs in its stylesheet.
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function webSecurityHeaders(options: WebSecurityOptions): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options.connectOrigins),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(options.https ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

/** Cache-Control for a file of the build: hashed names never change; index.html and config.json always may. */
export function cacheControlOf(file: string): string {
  return file === 'index.html' || file === 'config.json' ? 'no-store' : 'public, max-age=31536000, immutable';
}
