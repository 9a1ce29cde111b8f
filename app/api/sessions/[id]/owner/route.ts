import { cookies } from "next/headers";
import { z } from "zod";
import { jsonError, sameOriginOrError } from "@/server/http-route";
import { HOST_COOKIE } from "@/server/protocol/cookies";
import { ownedClass } from "@/server/reports/data";
import { services } from "@/server/runtime";
import { currentTeacher } from "@/server/teacher";

export const dynamic = "force-dynamic";

const body = z.strictObject({ classId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).nullable().optional() });

/** A session hosted without an account becomes the signed-in teacher's, from its host console (host cookie present). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = await sameOriginOrError();
  if (refused) return refused;
  const teacher = await currentTeacher();
  if (!teacher) return jsonError(401, "SIGN_IN", "Sign in first.");
  const { id } = await params;
  const { sessions, db } = services();
  const session = /^[A-Za-z0-9_-]{8,64}$/.test(id) ? await sessions.byId(id) : null;
  // Only the browser that created it (not a device that was given the host link) may take it into an account.
  if (!session || !sessions.isCreator(session, (await cookies()).get(HOST_COOKIE)?.value)) {
    return jsonError(404, "NOT_FOUND", "There is no such session.");
  }
  const parsed = body.safeParse(await request.json().catch(() => ({})));
  if (!parsed.success) return jsonError(400, "BAD_REQUEST", 'Send { "classId": "…" } or {}.');
  const classId = parsed.data.classId ?? null;
  if (classId && !(await ownedClass(db, teacher.id, classId))) return jsonError(404, "NOT_FOUND", "There is no such class.");
  if (!(await sessions.claimForTeacher(session, teacher.id, classId))) return jsonError(409, "ALREADY_OWNED", "This session already belongs to an account.");
  return Response.json({ teacherId: teacher.id, classId });
}
