/** Small helpers shared by the API route handlers (Next.js bundles them; they run in the server process). */
import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "./http-guard.ts";
import { originAllowed } from "./origin.ts";
import { services } from "./runtime.ts";

export function jsonError(status: number, code: string, message: string, extra?: { issues?: { path: string; message: string }[]; retryAfter?: number }) {
  const init: ResponseInit = { status };
  if (extra?.retryAfter) init.headers = { "Retry-After": String(extra.retryAfter) };
  return Response.json({ error: { code, message, ...(extra?.issues ? { issues: extra.issues } : {}) } }, init);
}

/** Refuses a browser request sent from another site's page (CSRF); non-browser clients send no Origin. */
export async function sameOriginOrError(): Promise<Response | null> {
  const h = await headers();
  if (originAllowed(h.get("origin") ?? undefined, h.get("host") ?? undefined, services().publicUrl)) return null;
  return jsonError(403, "FORBIDDEN", "This can be done only from Descent's own pages.");
}

/** The client's address, as the HTTP guard saw it. */
export async function clientAddress(): Promise<string> {
  return (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
}
