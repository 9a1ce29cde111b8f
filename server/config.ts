import path from "node:path";
import { z } from "zod";

/**
 * Every environment variable the server reads, parsed once at start-up.
 * A bad value stops the server with one line naming the variable and what it expects.
 */
const databaseUrl = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a SQLite file URL ("file:./data/descent.db") or a postgresql:// URL',
  });

const port = z
  .string()
  .trim()
  .regex(/^\d+$/, "must be a whole number from 1 to 65535")
  .transform(Number)
  .refine((n) => n >= 1 && n <= 65535, "must be a whole number from 1 to 65535");

/** A whole number from 1 to `max`, with that range in its message. */
const count = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be a whole number from 1 to ${max}`);

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().trim().min(1, "must not be empty").default("0.0.0.0"),
  DATABASE_URL: databaseUrl.default("file:./data/descent.db"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PUBLIC_URL: z.url({ message: "must be an absolute http(s) URL, e.g. https://descent.example.edu" }).optional(),
  MAX_PARTICIPANTS: count(100_000).default(5000),
  // A hall of 5,000 behind one NAT holds one socket each plus a few page loads.
  MAX_CONNECTIONS_PER_ADDRESS: count(1_000_000).default(6000),
  MAX_CONNECTIONS: count(10_000_000).optional(),
  AUTH_SECRET: z.string().trim().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"], { message: 'must be "1" or "0"' })
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, "must be a redis:// URL, e.g. redis://127.0.0.1:6379")
    .optional(),
  NODE_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be letters, digits, '.', '_' or '-' (at most 64)")
    .optional(),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string;
  /** Absolute path of the SQLite file, or null for PostgreSQL. */
  sqlitePath: string | null;
  nodeEnv: "development" | "production" | "test";
  publicUrl: string | undefined;
  /** Behind a reverse proxy: client addresses from X-Forwarded-For. */
  trustProxy: boolean;
  /** Cookies get the Secure flag: PUBLIC_URL is https. */
  secureCookies: boolean;
  /** Seats per session. */
  maxParticipants: number;
  /** Open HTTP connections (sockets included) from one client address; not counted behind a trusted proxy. */
  maxConnectionsPerAddress: number;
  /** Open HTTP connections in all (default: as many as the process's descriptor limit leaves room for). */
  maxConnections: number | undefined;
  /** Signs teachers' sign-in cookies; made and kept in the data folder when unset. */
  authSecret: string | undefined;
  /** Several processes serve the same classes through this Redis (socket.io's fan-out, sessions' owners). */
  redisUrl: string | undefined;
  /** This process's name among them (default: made at start). */
  nodeId: string | undefined;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses `env` (default: process.env). Throws ConfigError with a one-line message on the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    const got = env[name];
    const shown = got === undefined ? "it is missing" : `got ${JSON.stringify(got)}`;
    throw new ConfigError(`${name} ${issue.message} (${shown})`);
  }
  const e = result.data;
  let sqlitePath: string | null = null;
  let url = e.DATABASE_URL;
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    if (file.length === 0) throw new ConfigError(`DATABASE_URL must name a file after "file:" (got ${JSON.stringify(url)})`);
    sqlitePath = path.resolve(cwd, file);
    url = `file:${sqlitePath}`;
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: url,
    sqlitePath,
    nodeEnv: e.NODE_ENV,
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY,
    secureCookies: e.PUBLIC_URL?.startsWith("https:") ?? false,
    authSecret: e.AUTH_SECRET,
    maxParticipants: e.MAX_PARTICIPANTS,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    maxConnections: e.MAX_CONNECTIONS,
    redisUrl: e.REDIS_URL,
    nodeId: e.NODE_ID,
  };
}
