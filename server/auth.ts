/**
 * Teachers' accounts: better-auth with email and password, on the same Prisma client (its session model is
 * `AuthSession`: "Session" is a live lecture here). Sessions live in httpOnly cookies; sign-in and sign-up are
 * rate-limited per client address; nothing depends on sending email. Sign-up refuses easily guessed passwords and
 * answers alike whether or not the email is registered (below).
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import type { Config } from "./config.ts";
import { dialectOf, type Db } from "./db.ts";
import { CLIENT_IP_HEADER } from "./http-guard.ts";
import { passwordProblem } from "./password-strength.ts";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/**
 * Before better-auth's own sign-up and change of password: a password that zxcvbn finds too easy to guess, or that
 * contains the teacher's email address or name, is refused with a 400 `PASSWORD_TOO_WEAK` saying why
 * (`server/password-strength.ts`). At sign-up it runs for every email, taken or not, so the refusal says nothing
 * about accounts. Passwords too short or too long are left to better-auth (`PASSWORD_TOO_SHORT`,
 * `PASSWORD_TOO_LONG`). Only requests are checked: accounts the server's own scripts make (`auth.api.signUpEmail`,
 * the demo teacher) choose their passwords themselves.
 */
const refuseWeakPasswords = createAuthMiddleware(async (ctx) => {
  if (!ctx.request) return;
  let password: unknown;
  let inputs: unknown[];
  if (ctx.path === "/sign-up/email") {
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    password = body.password;
    inputs = [body.email, body.name];
  } else if (ctx.path === "/change-password") {
    // A new password is held to the same rule, against the signed-in teacher's email and name.
    password = ((ctx.body ?? {}) as Record<string, unknown>).newPassword;
    const session = await getSessionFromCtx(ctx);
    inputs = session ? [session.user.email, session.user.name] : [];
  } else return;
  if (typeof password !== "string" || password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) return;
  const problem = passwordProblem(password, inputs.filter((s): s is string => typeof s === "string"));
  if (problem) throw APIError.from("BAD_REQUEST", { code: "PASSWORD_TOO_WEAK", message: problem });
});

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
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      // Sign-up does not tell whether an email is registered. With autoSignIn off, better-auth answers a sign-up for
      // a taken email exactly as one for a new email: 200, `{ token: null, user }` with a made-up user of the same
      // shape (fresh id, the given name and email, `emailVerified: false`), no cookie, after hashing the password
      // so it takes about as long; no account is created or changed. (With autoSignIn on it was a 422
      // USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL, and a new email got a session cookie the taken one could not.)
      // The sign-up form then signs in with the same email and password (app/sign-up/SignUpForm.tsx). That second
      // step still differs for a taken email with another password (401 INVALID_EMAIL_OR_PASSWORD, the same answer
      // as any wrong sign-in): without proving the email is the teacher's (nothing here sends email), a sign-up
      // that leads to a session cannot hide that, but it costs a created account per new email probed and both
      // requests are rate-limited below.
      autoSignIn: false,
    },
    hooks: { before: refuseWeakPasswords },
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
