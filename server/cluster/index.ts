/**
 * Several processes serving the same classes (REDIS_URL): socket.io's Redis Streams adapter carries every room's
 * messages between them (and keeps connection-state recovery working across them), and a lease in Redis says
 * which process runs which session (`ownership.ts`). A process takes over, from the event log, any session whose
 * owner stopped renewing its lease while clients here still follow it.
 */
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient, type RedisClientType } from "redis";
import type { DescentIo } from "../realtime.ts";
import type { SessionService } from "../session/service.ts";
import { Ownership, RENEW_MS } from "./ownership.ts";

export type ClusterHandle = { ownership: Ownership; close(): Promise<void> };

export async function joinCluster(io: DescentIo, sessions: SessionService, redisUrl: string, nodeId?: string): Promise<ClusterHandle> {
  const redis = createClient({ url: redisUrl, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) } }) as RedisClientType;
  redis.on("error", (err: Error) => console.error(`redis: ${err.message}`));
  await redis.connect();
  io.adapter(createAdapter(redis, { onlyPlaintext: true }));
  const ownership = new Ownership(redis, nodeId);
  ownership.onLost = (id) => sessions.forget(id);
  sessions.cluster = ownership;
  ownership.start();

  // Clients here follow sessions whose owner may have died: once its lease has run out, one node takes each over.
  const watchdog = setInterval(() => {
    void (async () => {
      for (const room of [...io.sockets.adapter.rooms.keys()]) {
        const m = /^(?:pub|host):(.+)$/.exec(room);
        if (!m || ownership.holds(m[1]!)) continue;
        if ((await ownership.claim(m[1]!)) === ownership.nodeId) await sessions.byId(m[1]!);
      }
    })().catch(() => undefined);
  }, RENEW_MS);
  watchdog.unref();

  // Redis lost what it held (a restart): every session this node runs is told to its class again, from memory.
  redis.on("ready", () => {
    for (const id of ownership.heldIds()) void sessions.byId(id).then((s) => s && sessions.publisher.publish(s, [{ type: "changed" }]));
  });

  return {
    ownership,
    async close() {
      clearInterval(watchdog);
      ownership.stop();
      for (const id of ownership.heldIds()) await ownership.release(id).catch(() => undefined);
      await redis.quit().catch(() => undefined);
    },
  };
}
