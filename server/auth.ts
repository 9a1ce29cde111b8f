/**
 * Teachers' accounts: better-auth with email and password, on the same Prisma client (its session model is
 * `AuthSession`: "Session" is a live lecture here). Sessions live in httpOnly cookies; sign-in and sign-up are
 * rate-limited per client address; nothing depends on sending email.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { Config } from "./config.ts";
import { dialectOf, type Db } from "./db.ts";
import { CLIENT_IP_HEADER } from "./http-guard.ts";

export const PASSWORD_MIN = 10;

/**
 * The secret that signs auth cookies: AUTH_SECRET, or one made once and kept beside the SQLite file (so the quick
 * start needs no set-up and sign-ins survive a restart).
 */
export function authSecret(config: Config): string {
  if (config.authSecret) return config.authSecret;
  const file = path.join(config.sqlitePath ? path.dirname(config.sqlitePath) : path.join(process.cwd(), "data"), "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = crypto.randomBytes(32).toString("base64url");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export function makeAuth(db: Db, config: Config, port: number) {
  const baseURL = config.publicUrl ?? `http://localhost:${port}`;
  return betterAuth({
    baseURL,
    secret: authSecret(config),
    database: prismaAdapter(db, { provider: dialectOf(db) }),
    session: { modelName: "authSession" },
    emailAndPassword: { enabled: true, minPasswordLength: PASSWORD_MIN, maxPasswordLength: 200, autoSignIn: true },
    // Pages of this app, however the browser reached it (localhost, a LAN address, PUBLIC_URL).
    trustedOrigins: (request) => {
      const host = request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`, baseURL] : [baseURL];
    },
    rateLimit: {
      enabled: true,
      storage: "memory",
      window: 60,
      max: 120,
      customRules: {
        "/sign-in/email": { window: 60, max: 8 },
        "/sign-up/email": { window: 60, max: 10 },
        "/change-password": { window: 60, max: 5 },
      },
    },
    advanced: {
      useSecureCookies: config.secureCookies,
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
  });
}

export type Auth = ReturnType<typeof makeAuth>;
