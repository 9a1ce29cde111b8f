import { cookies, headers } from "next/headers";
import QRCode from "qrcode";
import { z } from "zod";
import { publicOrigin } from "@/app/_lib/urls";
import { jsonError, sameOriginOrError } from "@/server/http-route";
import { HOST_COOKIE } from "@/server/protocol/cookies";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

const body = z.strictObject({ action: z.enum(["create", "revoke"]) });

/**
 * The host link of a session (host only): `create` makes a new one (the previous stops working) and returns it
 * with its QR code, once; `revoke` ends it and takes host control from every other device.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = await sameOriginOrError();
  if (refused) return refused;
  const { id } = await params;
  const { sessions } = services();
  const session = /^[A-Za-z0-9_-]{8,64}$/.test(id) ? await sessions.byId(id) : null;
  if (!session || !(await sessions.canManageHosts(session, (await cookies()).get(HOST_COOKIE)?.value, await headers()))) return jsonError(404, "NOT_FOUND", "There is no such session.");
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return jsonError(400, "BAD_REQUEST", 'Send { "action": "create" } or { "action": "revoke" }.');
  if (parsed.data.action === "revoke") {
    await sessions.revokeHostLink(session);
    return Response.json({ revoked: true });
  }
  const secret = await sessions.createHostLink(session);
  // The secret rides in the fragment: browsers never send it in a request line, a log or a Referer.
  const url = `${await publicOrigin()}/host/${session.id}/claim#${secret}`;
  const qr = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return Response.json({ url, qr });
}
