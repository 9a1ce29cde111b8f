/**
 * One worker process of the hall bench: `count` simulated students (socket.io clients) against the server as
 * `npm start` runs it, and the same clients on a bare socket.io server for the baseline. Driven by the
 * coordinator (tests/bench/hall.ts) over IPC; every time is `performance.timeOrigin + performance.now()`, which
 * processes on one machine share.
 */
import { io as ioClient, type Socket } from "socket.io-client";
import { suggestNickname } from "../../server/protocol/nickname.ts";

type Start = { type: "start"; url: string; baselineUrl: string; code: string; count: number; offset: number; arrivalSeconds: number };
type Msg = Start | { type: "submit"; questionId: string; answer: unknown } | { type: "report" } | { type: "stop" };

const now = () => performance.timeOrigin + performance.now();
const send = (m: unknown) => process.send!(m);

const students: { s: Socket; b: Socket }[] = [];
/** Per event kind: the receive times, keyed by what was received. */
const seen = {
  opened: new Map<string, number[]>(),
  revealed: new Map<string, number[]>(),
  baseline: new Map<string, number[]>(),
  roomBytes: 0,
};

function record(map: Map<string, number[]>, key: string, t: number) {
  const list = map.get(key);
  if (list) list.push(t);
  else map.set(key, [t]);
}

const connected = (c: Socket) =>
  new Promise<boolean>((r) => {
    c.once("connect", () => r(true));
    c.once("connect_error", () => r(false));
  });

async function start(m: Start) {
  const joinStarted = now();
  let joined = 0;
  let refused = 0;
  const joinLatency: number[] = [];
  await Promise.all(
    Array.from({ length: m.count }, async (_, i) => {
      // Students arrive over `arrivalSeconds` (they open the page when they sit down), evenly at random.
      await new Promise((r) => setTimeout(r, Math.random() * m.arrivalSeconds * 1000));
      const arrived = now();
      const s = ioClient(m.url, { transports: ["websocket"], forceNew: true, reconnection: false });
      const b = ioClient(m.baselineUrl, { transports: ["websocket"], forceNew: true, reconnection: false });
      const [okS, okB] = await Promise.all([connected(s), connected(b)]);
      if (!okS || !okB) {
        refused++;
        return;
      }
      // What a student receives: the first state showing a question open, the reveal (one message: the browser
      // grades its own answer from it).
      const lastOpen = new Set<string>();
      s.on("session:state", (st: { question: { id: string; status: string } | null }) => {
        const t = now();
        const q = st.question;
        if (q?.status === "open" && !lastOpen.has(q.id)) {
          lastOpen.add(q.id);
          record(seen.opened, q.id, t);
        }
        if (q?.status === "revealed") record(seen.revealed, `${q.id}|${i}`, t);
      });
      s.io.engine.on("packet", (p: { type: string; data?: unknown }) => {
        // The largest message the room sends.
        if (p.type === "message" && typeof p.data === "string" && p.data.includes('"session:state"')) seen.roomBytes = Math.max(seen.roomBytes, Buffer.byteLength(p.data));
      });
      b.on("tick", (x: { id: string }) => record(seen.baseline, x.id, now()));
      // Join with a nickname the product offers; on a clash, the next one.
      for (let k = 0; k < 20; k++) {
        const r = (await s
          .timeout(30_000)
          .emitWithAck("session:join", { code: m.code, nickname: suggestNickname(m.offset + i * 20 + k) })
          .catch(() => null)) as { ok: boolean; error?: { code: string } } | null;
        if (r?.ok) {
          joined++;
          joinLatency.push(now() - arrived);
          break;
        }
        if (r?.error?.code === "RATE_LIMITED") await new Promise((res) => setTimeout(res, 500));
        else if (r?.error?.code !== "NICKNAME_TAKEN") {
          refused++;
          break;
        }
      }
      students.push({ s, b });
      if ((joined + refused) % 250 === 0) process.stderr.write(`worker at ${m.offset}: ${joined} joined, ${refused} refused\n`);
    }),
  );
  send({ type: "ready", joined, refused, joinStarted, joinEnded: now(), joinLatency });
}

async function submit(questionId: string, answer: unknown) {
  const first = now();
  const acks: number[] = [];
  let ok = 0;
  let lastSent = first;
  await Promise.all(
    students.map(async ({ s }) => {
      const sent = now();
      lastSent = Math.max(lastSent, sent);
      const r = (await s.timeout(30_000).emitWithAck("answer:submit", { questionId, answer }).catch(() => null)) as { ok: boolean } | null;
      acks.push(now() - sent);
      if (r?.ok) ok++;
    }),
  );
  send({ type: "submitted", ok, acks, first, lastSent, last: now() });
}

process.on("message", (m: Msg) => {
  if (m.type === "start") void start(m);
  else if (m.type === "submit") void submit(m.questionId, m.answer);
  else if (m.type === "report") {
    send({
      type: "report",
      opened: Object.fromEntries(seen.opened),
      // The last message of each reveal, per student.
      revealed: Object.fromEntries([...seen.revealed].map(([k, ts]) => [k, Math.max(...ts)])),
      baseline: Object.fromEntries(seen.baseline),
      roomBytes: seen.roomBytes,
    });
  } else if (m.type === "stop") {
    for (const { s, b } of students) {
      s.disconnect();
      b.disconnect();
    }
    process.exit(0);
  }
});
