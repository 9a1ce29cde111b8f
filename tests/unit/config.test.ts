import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientIp, deviceCookie } from "../../server/http-guard.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";

describe("loadConfig", () => {
  it("uses the documented defaults when nothing is set", () => {
    const c = loadConfig({}, "/srv/descent");
    expect(c.port).toBe(3000);
    expect(c.host).toBe("0.0.0.0");
    expect(c.sqlitePath).toBe("/srv/descent/data/descent.db");
    expect(c.databaseUrl).toBe("file:/srv/descent/data/descent.db");
    expect(c.publicUrl).toBeUndefined();
  });

  it("resolves a relative SQLite path against the working directory", () => {
    const c = loadConfig({ DATABASE_URL: "file:./x/y.db" }, "/a/b");
    expect(c.sqlitePath).toBe(path.join("/a/b", "x", "y.db"));
  });

  it("accepts PostgreSQL URLs and leaves them alone", () => {
    const c = loadConfig({ DATABASE_URL: "postgresql://127.0.0.1:5432/test" });
    expect(c.sqlitePath).toBeNull();
    expect(c.databaseUrl).toBe("postgresql://127.0.0.1:5432/test");
  });

  it.each([
    [{ PORT: "abc" }, 'PORT must be a whole number from 1 to 65535 (got "abc")'],
    [{ PORT: "70000" }, 'PORT must be a whole number from 1 to 65535 (got "70000")'],
    [{ PORT: "" }, 'PORT must be a whole number from 1 to 65535 (got "")'],
    [{ DATABASE_URL: "" }, 'DATABASE_URL must not be empty (got "")'],
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL must be a SQLite file URL"],
    [{ DATABASE_URL: "file:" }, 'DATABASE_URL must name a file after "file:"'],
    [{ PUBLIC_URL: "descent.local" }, "PUBLIC_URL must be an absolute http(s) URL"],
    [{ TRUST_PROXY: "yes" }, 'TRUST_PROXY must be "1" or "0"'],
    [{ MAX_PARTICIPANTS: "0" }, "MAX_PARTICIPANTS must be a whole number from 1 to 100000"],
    [{ MAX_PARTICIPANTS: "lots" }, "MAX_PARTICIPANTS must be a whole number from 1 to 100000"],
  ])("rejects %j with one clear line", (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain("\n");
  });
});

describe("seats", () => {
  it("a session seats 5,000 unless MAX_PARTICIPANTS says otherwise", () => {
    expect(loadConfig({}).maxParticipants).toBe(5000);
    expect(loadConfig({ MAX_PARTICIPANTS: "2000" }).maxParticipants).toBe(2000);
  });
});

describe("cookies and proxies", () => {
  it("cookies are Secure exactly when PUBLIC_URL is https, whatever a request's X-Forwarded-Proto says", () => {
    expect(loadConfig({}).secureCookies).toBe(false);
    expect(loadConfig({ PUBLIC_URL: "http://10.0.0.5:3000" }).secureCookies).toBe(false);
    expect(loadConfig({ PUBLIC_URL: "https://descent.example.edu" }).secureCookies).toBe(true);
    expect(deviceCookie("x".repeat(43), true)).toMatch(/; Secure/);
    expect(deviceCookie("x".repeat(43), false)).not.toMatch(/Secure/);
  });

  it("behind a proxy, the client is the address the proxy appended (the last), not one the client wrote", () => {
    const req = { headers: { "x-forwarded-for": "6.6.6.6, 10.1.2.3" }, socket: { remoteAddress: "127.0.0.1" } } as unknown as Parameters<typeof clientIp>[0];
    expect(clientIp(req, true)).toBe("10.1.2.3");
    expect(clientIp(req, false)).toBe("127.0.0.1");
  });

  it("forwarded client addresses are trusted only when TRUST_PROXY is set", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(true);
  });
});
