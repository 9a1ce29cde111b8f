import { clientAddress, jsonError, sameOriginOrError } from "@/server/http-route";
import { deviceKey, parseBody, startBody, workErrorResponse } from "@/server/assignments/http";
import { take } from "@/server/limits";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Starts or resumes a self-paced run: `{ assignment: slug, name }` or `{ practice: lessonId }`. */
export async function POST(request: Request) {
  const refused = await sameOriginOrError();
  if (refused) return refused;
  const { works, limits } = services();
  const wait = await take(limits.startWork, await clientAddress());
  if (wait > 0) return jsonError(429, "RATE_LIMITED", `Too many starts from this address: try again in ${wait} s.`, { retryAfter: wait });
  const device = await deviceKey();
  if (!device) return jsonError(400, "NO_DEVICE", "Your browser must accept cookies to keep your progress.");
  const body = await parseBody(request, startBody);
  if (body instanceof Response) return body;
  try {
    const started = "practice" in body ? await works.startPractice(body.practice, device) : await works.startAssignment(body.assignment, device, body.name ?? null);
    return Response.json(started, { status: 201 });
  } catch (e) {
    return workErrorResponse(e);
  }
}
