/** The HTTP guard on a real (in-process) Node server: HSTS only over https, the framing decision on the routed path. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { guardRequest, normalisedPath } from "../../server/http-guard.ts";

let server: http.Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(secureCookies: boolean): Promise<string> {
  server = http.createServer((req, res) => {
    if (guardRequest(req, res, { dev: false, trustProxy: false, secureCookies })) res.end("ok");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("Strict-Transport-Security", () => {
  it("is sent when the app is served over https, and not over plain http (where it would be ignored or lock a dev out)", async () => {
    const https = await serve(true);
    expect((await fetch(`${https}/`)).headers.get("strict-transport-security")).toMatch(/^max-age=31536000/);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const plain = await serve(false);
    expect((await fetch(`${plain}/`)).headers.get("strict-transport-security")).toBeNull();
  });
});

describe("normalisedPath", () => {
  it.each([
    ["/present/ABCDEF", "/present/ABCDEF"],
    ["/present/../dashboard", "/dashboard"],
    ["/present/%2e%2e/dashboard", "/dashboard"],
    ["/present/x%2f..%2f..%2fdashboard", "/dashboard"],
    ["/present\\..\\dashboard", "/dashboard"],
    ["/present/AB?next=/x", "/present/AB"],
    ["//present//AB", "/present/AB"],
  ])("%s is routed as %s", (url, expected) => {
    expect(normalisedPath(url)).toBe(expected);
  });

  it("a page reached through a static-asset prefix still gets its CSP and may not be framed", async () => {
    const base = await serve(false);
    for (const pathname of ["/_next/../dashboard", "/_next/%2e%2e/dashboard", "/favicon/../dashboard"]) {
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        // A path given apart from the URL is sent as written (a URL string would have its dot segments resolved).
        const { hostname, port } = new URL(base);
        const req = http.request({ hostname, port, path: pathname }, (r) => resolve(r.resume()));
        req.on("error", reject);
        req.end();
      });
      expect(res.headers["content-security-policy"], pathname).toContain("frame-ancestors 'none'");
      expect(res.headers["x-frame-options"], pathname).toBe("DENY");
    }
  });

  it("an address that cannot be decoded has no path", () => {
    expect(normalisedPath("/%E0%A4%A")).toBeNull();
  });
});
