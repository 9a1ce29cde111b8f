/**
 * One owner per live session when several processes serve the same classes: a lease in Redis
 * (`descent:owner:<sessionId>` = the owner's node id, expiring after LEASE_MS unless renewed). The owner runs the
 * session's commands, in order; other nodes forward theirs to it. A node renews its leases every RENEW_MS; when it
 * dies, its leases run out and the next node that needs a session takes it over from the event log.
 */
import crypto from "node:crypto";
import type { RedisClientType } from "redis";

export const LEASE_MS = 4_000;
export const RENEW_MS = 1_000;
const key = (sessionId: string) => `descent:owner:${sessionId}`;

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export class Ownership {
  readonly nodeId: string;
  /** Sessions this node holds the lease of. */
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  /** Called when this node lost a lease it held (another node has the session now): drop it from memory. */
  onLost: (sessionId: string) => void = () => {};

  constructor(
    private readonly redis: RedisClientType,
    nodeId?: string,
  ) {
    this.nodeId = nodeId ?? `node-${crypto.randomBytes(4).toString("hex")}`;
  }

  start(): void {
    this.timer = setInterval(() => void this.renewAll().catch(() => undefined), RENEW_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  holds(sessionId: string): boolean {
    return this.held.has(sessionId);
  }

  heldIds(): string[] {
    return [...this.held];
  }

  /** The session's owner: this node if it holds the lease or takes it now (nobody held it), else the holder. */
  async claim(sessionId: string): Promise<string> {
    // Held: renewed every second, and dropped (onLost) the moment another node turns out to have it.
    if (this.held.has(sessionId)) return this.nodeId;
    const set = await this.redis.set(key(sessionId), this.nodeId, { NX: true, PX: LEASE_MS });
    if (set === "OK") {
      this.held.add(sessionId);
      return this.nodeId;
    }
    const owner = await this.redis.get(key(sessionId));
    if (owner === this.nodeId) {
      this.held.add(sessionId);
      return owner;
    }
    if (owner === null) return this.claim(sessionId);
    this.held.delete(sessionId);
    return owner;
  }

  /** Gives a session up (it left memory): another node may take it at once. */
  async release(sessionId: string): Promise<void> {
    this.held.delete(sessionId);
    await this.redis.eval(RELEASE, { keys: [key(sessionId)], arguments: [this.nodeId] });
  }

  /**
   * Extends every lease this node holds. A lease that expired meanwhile (Redis restarted empty, or this node stalled)
   * is taken again if nobody else took it; one that another node took is lost.
   */
  private async renewAll(): Promise<void> {
    for (const id of [...this.held]) {
      const renewed = await this.redis.eval(RENEW, { keys: [key(id)], arguments: [this.nodeId, String(LEASE_MS)] });
      if (renewed === 1) continue;
      if ((await this.claim(id)) !== this.nodeId) this.onLost(id);
    }
  }
}
