/** Starts the real server (`server/start.ts`, as `npm start` does) in a child process for tests. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `descent-${prefix}-`));
}

export type RunningServer = {
  url: string;
  port: number;
  proc: ChildProcess;
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies without any clean-up, as in a crash. */
  kill(): Promise<void>;
};

function waitExit(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once("exit", () => resolve());
  });
}

/** Runs the start script to completion (for start-up failures): exit code and everything printed. */
export async function runStart(env: Record<string, string | undefined>, timeoutMs = 60_000) {
  const proc = spawn(process.execPath, ["--import", "tsx", "server/start.ts"], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "production", ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  proc.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  await waitExit(proc);
  clearTimeout(timer);
  return { code: proc.exitCode, stdout, stderr };
}

/** Starts the server and resolves once /api/health answers ok. `nodeArgs`: e.g. a profiler's flags. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 180_000, nodeArgs: string[] = []): Promise<RunningServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const proc = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/start.ts"], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    proc,
    output: () => out,
    async stop() {
      proc.kill("SIGTERM");
      await waitExit(proc);
    },
    async kill() {
      proc.kill("SIGKILL");
      await waitExit(proc);
    },
  };
}
