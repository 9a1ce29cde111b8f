import { loadConfig } from "@/server/config";
import { pingDb, sharedDb } from "@/server/db";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

/**
 * Liveness and readiness: "ok" only after a real round trip to the database. `?loop=read` adds the event loop's
 * delay p99 since the last `?loop=reset` or read (for the bench).
 */
export async function GET(request: Request) {
  const started = performance.now();
  const loop = new URL(request.url).searchParams.get("loop");
  const histogram = loop === "read" || loop === "reset" ? services().eventLoop : null;
  const eventLoopDelayP99Ms = histogram && loop === "read" ? Math.round(histogram.percentile(99) / 1e4) / 100 : undefined;
  histogram?.reset();
  try {
    const config = loadConfig();
    await pingDb(sharedDb(config));
    return Response.json({
      status: "ok",
      database: config.sqlitePath ? "sqlite" : "postgresql",
      dbLatencyMs: Math.round((performance.now() - started) * 10) / 10,
      ...(eventLoopDelayP99Ms === undefined ? {} : { eventLoopDelayP99Ms }),
    });
  } catch (err) {
    console.error("health check failed:", err);
    return Response.json({ status: "unavailable", error: "database unreachable" }, { status: 503 });
  }
}
