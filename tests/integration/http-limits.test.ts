/**
 * The transport of `npm start` against a stranger who sends too much or too slowly: bodies capped while they are
 * read (declared or chunked), socket frames capped before they are decoded, open connections capped per address
 * while other addresses are served, and the framing decision made on the path the router sees.
 */
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, MAX_FRAME_BYTES } from "../../server/transport-limits.ts";
import { startServerProcess, tempDir, type RunningServer } from "../support/server-process.ts";

/** Low enough to reach with a handful of sockets; a hall behind one NAT gets the default (6,000). */
const PER_ADDRESS = 8;

let server: RunningServer;
beforeAll(async () => {
  server = await startServerProcess({
    DATABASE_URL: `file:${path.join(tempDir("limits"), "limits.db")}`,
    MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS),
  });
});
afterAll(async () => {
  await server?.stop();
});

/** A raw request, so that the path reaches the server exactly as written (fetch would resolve `..` itself). */
function rawGet(pathname: string, localAddress = "127.0.0.1"): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, path: pathname, localAddress, agent: false }, (res) => {
      res.resume();
      resolve(res);
    });
    req.on("error", reject);
    req.end();
  });
}

async function healthy(localAddress = "127.0.0.1"): Promise<boolean> {
  const res = await rawGet("/api/health", localAddress);
  return res.statusCode === 200;
}

describe("request bodies", () => {
  it("a declared body over the cap is refused at once, before it is sent", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port: server.port, path: "/api/sessions", method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": String(700 * 1024 * 1024) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      // Only the headers are sent: the answer must not wait for 700 MB.
      req.flushHeaders();
    });
    expect(status).toBe(413);
    expect(await healthy()).toBe(true);
  });

  it("a chunked body is refused once it passes the cap, without being read to its end", async () => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    // Ten times the cap is on offer; the server must stop the request long before.
    const offered = 10 * MAX_BODY_BYTES;
    const result = await new Promise<{ status: number | null; sent: number }>((resolve) => {
      let sent = 0;
      let done = false;
      const finish = (status: number | null) => {
        if (done) return;
        done = true;
        req.destroy();
        resolve({ status, sent });
      };
      const req = http.request(
        { host: "127.0.0.1", port: server.port, path: "/api/sessions", method: "POST", agent: false, headers: { "content-type": "application/json", "transfer-encoding": "chunked" } },
        (res) => {
          res.resume();
          finish(res.statusCode ?? null);
        },
      );
      req.on("error", () => finish(null));
      req.on("close", () => finish(null));
      const pump = () => {
        while (!done && sent < offered) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!done) req.end();
      };
      pump();
    });
    // Answered 413, or cut off: either way not read to the end.
    if (result.status !== null) expect(result.status).toBe(413);
    expect(await healthy()).toBe(true);
  });
});

describe("socket frames", () => {
  it("a frame larger than any legitimate message closes that connection; another client's ack is unaffected", async () => {
    const opts = { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { origin: server.url } };
    const attacker: Socket = connect(server.url, opts);
    const bystander: Socket = connect(server.url, opts);
    try {
      await Promise.all([attacker, bystander].map((s) => new Promise<void>((resolve, reject) => {
        s.once("connect", () => resolve());
        s.once("connect_error", reject);
      })));
      const dropped = new Promise<string>((resolve) => attacker.once("disconnect", (reason) => resolve(reason)));
      // A deeply nested array, as an attacker would write it to make decoding costly (a raw socket.io packet).
      const depth = MAX_FRAME_BYTES;
      attacker.io.engine.write(`42["nobody:listens",${"[".repeat(depth)}${"]".repeat(depth)}]`);
      expect(await dropped).toMatch(/transport (close|error)/);
      // A bystander's request is still answered (an unknown join code: a typed error, not silence).
      const ack = await bystander.timeout(10_000).emitWithAck("session:join", { code: "ZZZZZZ", nickname: "Ada" });
      expect(ack).toMatchObject({ ok: false });
    } finally {
      attacker.close();
      bystander.close();
    }
  });
});

describe("connections", () => {
  it("one address holding many half-sent requests is capped; another address is still served", async () => {
    const held: net.Socket[] = [];
    try {
      // Each sends the first line of a request and never the rest.
      for (let i = 0; i < PER_ADDRESS; i++) {
        const s = net.connect({ host: "127.0.0.1", port: server.port, localAddress: "127.0.0.1" });
        await new Promise<void>((resolve, reject) => s.once("connect", resolve).once("error", reject));
        s.write("GET /api/health HTTP/1.1\r\nHost: x\r\n");
        held.push(s);
      }
      const refused = await new Promise<string>((resolve, reject) => {
        const s = net.connect({ host: "127.0.0.1", port: server.port, localAddress: "127.0.0.1" });
        let text = "";
        s.on("data", (d: Buffer) => (text += d.toString()));
        s.on("error", reject);
        s.on("close", () => resolve(text));
        s.on("connect", () => s.write("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"));
      });
      expect(refused).toMatch(/^HTTP\/1\.1 503/);
      expect(await healthy("127.0.0.2")).toBe(true);
    } finally {
      for (const s of held) s.destroy();
    }
    // Once they are closed, the address is served again.
    await expect.poll(() => healthy().catch(() => false), { timeout: 10_000 }).toBe(true);
  });
});

describe("framing", () => {
  it.each(["/present/../dashboard", "/present/%2e%2e/dashboard", "/present/x%2f..%2f..%2fdashboard", "/present\\..\\dashboard"])(
    "%s is not the projector: it may not be framed",
    async (pathname) => {
      const res = await rawGet(pathname);
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    },
  );

  it("the projector itself still may be framed", async () => {
    const res = await rawGet("/present/ABCDEF");
    expect(res.headers["x-frame-options"]).toBeUndefined();
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors *");
  });
});

describe("uploads' budgets", () => {
  /** An upload from `localAddress`: a small lesson whose program does not parse (refused by the worker's check). */
  function upload(localAddress: string): Promise<number> {
    const body = JSON.stringify({ lesson: { id: "x", title: "Broken", summary: "", teacherNotes: "", source: ["x = (1.0"] } });
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port: server.port, method: "POST", path: "/api/sessions", localAddress, agent: false, headers: { "content-type": "application/json", origin: server.url } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  it("an address may upload 6 lessons a minute, and all addresses together 60", async () => {
    const mine: number[] = [];
    for (let i = 0; i < 7; i++) mine.push(await upload("127.0.1.1"));
    expect(mine).toEqual([400, 400, 400, 400, 400, 400, 429]);
    // Ten more addresses, six each: the uploads of everyone together run out at 60.
    const all: number[] = [];
    for (let a = 2; a <= 11; a++) for (let i = 0; i < 6; i++) all.push(await upload(`127.0.1.${a}`));
    expect(all.filter((s) => s === 400)).toHaveLength(54);
    expect(all.slice(54)).toEqual([503, 503, 503, 503, 503, 503]);
  });
});
