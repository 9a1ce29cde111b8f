/**
 * `npm run cluster -- --nodes 3`: several Descent processes serving the same classes behind nginx (Debian's
 * package), on PostgreSQL (DATABASE_URL=postgresql://…) and Redis (REDIS_URL, default the local one). The proxy
 * listens on PORT (default 3000) and keeps each browser on one node (a hash of its device cookie, so that
 * socket.io's long-polling requests meet the same process); a node that dies is started again after a moment, and
 * meanwhile its sessions move to the others. Options: --nodes N (default 2), --first-port P (nodes on P, P+1, …;
 * default PORT + 100), --no-restart.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../build-check.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { applyMigrations } from "../migrate.ts";
import { authSecret } from "../auth.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const nodes = Number(option("--nodes") ?? 2);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) fail("--nodes takes a whole number from 1 to 16");
const restart = !args.includes("--no-restart");

process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(`Configuration error: ${err.message}`);
  throw err;
}
if (config.sqlitePath !== null) fail("Several processes share one database: set DATABASE_URL to a PostgreSQL database (postgresql://…).");
const firstPort = Number(option("--first-port") ?? config.port + 100);
const nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));
if (!nginx) fail("nginx is not installed: apt-get install -y nginx");

// Once, before the nodes: the schema, the build, and the secret every node signs teachers' cookies with.
await applyMigrations(config);
if (!ensureBuild(process.cwd())) fail("next build failed (see above).");
const secret = authSecret(config);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-cluster-"));
const ports = Array.from({ length: nodes }, (_, i) => firstPort + i);
fs.writeFileSync(
  path.join(dir, "nginx.conf"),
  `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  # Sticky: one browser, one node, by its device cookie (every page sets it before the page opens its socket); a
  # client without one, by its address (an empty key would be spread round-robin, request by request).
  map $cookie_descent_device $descent_sticky { "" $remote_addr; default $cookie_descent_device; }
  upstream descent {
    # A node that fails is skipped for a while.
    hash $descent_sticky consistent;
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join("\n")}
  }
  server {
    listen ${config.host === "0.0.0.0" ? "" : `${config.host}:`}${config.port};
    location / {
      proxy_pass http://descent;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
      proxy_next_upstream error timeout http_502;
    }
  }
}
`,
);

const children = new Set<ChildProcess>();
let stopping = false;

function startNode(i: number): void {
  const env = { ...process.env, PORT: String(ports[i]), HOST: "127.0.0.1", NODE_ID: `node-${i + 1}`, TRUST_PROXY: "1", AUTH_SECRET: secret };
  const child = spawn(process.execPath, ["--import", "tsx", "server/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const prefix = `[node-${i + 1}] `;
  const relay = (stream: NodeJS.WriteStream) => (d: Buffer) => stream.write(d.toString().replace(/^(?=.)/gm, prefix));
  child.stdout!.on("data", relay(process.stdout));
  child.stderr!.on("data", relay(process.stderr));
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (stopping) return;
    console.error(`${prefix}stopped (${signal ?? `exit ${code}`})${restart ? "; starting it again in 2 s" : ""}`);
    if (restart) setTimeout(() => startNode(i), 2_000);
  });
}

for (let i = 0; i < nodes; i++) startNode(i);
const proxy = spawn(nginx, ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: ["ignore", "inherit", "inherit"] });
children.add(proxy);
proxy.on("exit", (code) => {
  if (!stopping) fail(`nginx stopped (exit ${code})`);
});
console.log(`Descent: ${nodes} node${nodes === 1 ? "" : "s"} (ports ${ports.join(", ")}) behind nginx on http://localhost:${config.port}; PostgreSQL, Redis at ${process.env.REDIS_URL}.`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    for (const c of children) c.kill("SIGTERM");
    setTimeout(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }, 1_500).unref();
  });
}
