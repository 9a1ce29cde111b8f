import { jsonError, sameOriginOrError } from "@/server/http-route";
import { answerBody, deviceKey, parseBody, workErrorResponse } from "@/server/assignments/http";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Grades and stores an answer; the same submission id again returns the first result and stores nothing. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = await sameOriginOrError();
  if (refused) return refused;
  const device = await deviceKey();
  if (!device) return jsonError(404, "NOT_FOUND", "There is no such work.");
  const body = await parseBody(request, answerBody);
  if (body instanceof Response) return body;
  try {
    return Response.json(await services().works.answer((await params).id, device, { ...body, confidence: body.confidence ?? null }));
  } catch (e) {
    return workErrorResponse(e);
  }
}
