import { loadConfig } from "@/server/config";
import { pingDb, sharedDb } from "@/server/db";

export const dynamic = "force-dynamic";

/** Liveness and readiness: "ok" only after a real round trip to the database. */
export async function GET() {
  const started = performance.now();
  try {
    const config = loadConfig();
    await pingDb(sharedDb(config));
    return Response.json({
      status: "ok",
      database: config.sqlitePath ? "sqlite" : "postgresql",
      dbLatencyMs: Math.round((performance.now() - started) * 10) / 10,
    });
  } catch (err) {
    console.error("health check failed:", err);
    return Response.json({ status: "unavailable", error: "database unreachable" }, { status: 503 });
  }
}
