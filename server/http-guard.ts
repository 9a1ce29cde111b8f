/**
 * What every HTTP request goes through before Next.js sees it: a malformed path is answered 400 here (not 500
 * inside a page), every response carries the security headers, pages get a fresh CSP nonce (Next.js reads it
 * from the request's Content-Security-Policy header and puts it on its own scripts), every browser gets its
 * device cookie, and the client's address is handed to route handlers in a header no client can forge.
 */
import crypto from "node:crypto";
import type http from "node:http";
import { parse as parseCookies, serialize } from "cookie";
import { COOKIE_VALUE, DEVICE_COOKIE } from "./protocol/cookies.ts";

/** Set by this guard only (an incoming header of the same name is dropped): the client's IP address. */
export const CLIENT_IP_HEADER = "x-descent-client-ip";

export type GuardOptions = {
  dev: boolean;
  /** Trust X-Forwarded-For / X-Forwarded-Proto (only behind a reverse proxy that sets them). */
  trustProxy: boolean;
  /** Cookies get the Secure flag, responses Strict-Transport-Security (the app is served over https). */
  secureCookies: boolean;
};

export function clientIp(req: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the address it saw: the last entry. Earlier ones are whatever the client sent.
    const forwarded = req.headers["x-forwarded-for"];
    const list = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded)?.split(",") ?? [];
    const last = list.at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/** The Content-Security-Policy of a page. Only the projector may be framed (e.g. inside slides): it has no controls. */
function contentSecurityPolicy(nonce: string, opts: { dev: boolean; frameable: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts loaded by the nonced scripts of Next.js are trusted; nothing else runs.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // Web Workers (the code editor's analysis) load the app's own bundled scripts only.
    "worker-src 'self'",
    // React and KaTeX set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${opts.frameable ? "*" : "'none'"}`,
  ].join("; ");
}

/**
 * The path as the router will see it: percent-decoded, dot segments resolved, slashes collapsed; null when it
 * cannot be decoded. Decisions about a page (may it be framed?) are made on this, never on the raw URL, so that
 * `/present/../dashboard` is the dashboard.
 */
export function normalisedPath(url: string): string | null {
  const base = "http://descent.invalid";
  let path: string;
  try {
    path = decodeURIComponent(new URL(url.replace(/\\/g, "/").replace(/^\/+/, "/"), base).pathname);
  } catch {
    return null;
  }
  // Decoding may have made new dot segments or slashes (%2f): resolve once more, on the decoded path.
  return new URL(path.replace(/\/+/g, "/").replace(/[?#%]/g, encodeURIComponent), base).pathname;
}

/** Only the projector, `/present/<code>`, may be framed (e.g. inside slides): it has no controls. */
function frameablePath(path: string): boolean {
  return /^\/present\/[^/]+\/?$/.test(path);
}

/** Applies the guard; returns false when the request was answered here. */
export function guardRequest(req: http.IncomingMessage, res: http.ServerResponse, opts: GuardOptions): boolean {
  const url = req.url ?? "/";
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  // Once a browser has seen the app over https, it never falls back to plain http (nor to a forged certificate).
  if (opts.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  const path = normalisedPath(url);
  if (path === null) {
    res.statusCode = 400;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end("Bad request: the address is not valid.");
    return false;
  }
  delete req.headers[CLIENT_IP_HEADER];
  req.headers[CLIENT_IP_HEADER] = clientIp(req, opts.trustProxy);

  const frameable = frameablePath(path);
  if (!frameable) res.setHeader("X-Frame-Options", "DENY");
  // On the routed path too: `/_next/../dashboard` is the dashboard and needs its CSP.
  const isAsset = path.startsWith("/_next/") || path.startsWith("/favicon");
  if (!isAsset) {
    const nonce = crypto.randomBytes(16).toString("base64");
    const csp = contentSecurityPolicy(nonce, { dev: opts.dev, frameable });
    req.headers["content-security-policy"] = csp;
    res.setHeader("Content-Security-Policy", csp);
    const cookies = parseCookies(req.headers.cookie ?? "");
    const device = cookies[DEVICE_COOKIE];
    if (!device || !COOKIE_VALUE.test(device)) {
      res.appendHeader("Set-Cookie", deviceCookie(newCookieValue(), opts.secureCookies));
    }
  }
  return true;
}

export function newCookieValue(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export function deviceCookie(value: string, secure: boolean): string {
  return serialize(DEVICE_COOKIE, value, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: 365 * 24 * 3600 });
}
