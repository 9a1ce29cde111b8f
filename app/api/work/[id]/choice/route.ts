import { jsonError, sameOriginOrError } from "@/server/http-route";
import { choiceBody, deviceKey, parseBody, workErrorResponse } from "@/server/assignments/http";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** After a miss or between attempts: try again on fresh numbers, move on, start the next attempt, or stop. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = await sameOriginOrError();
  if (refused) return refused;
  const device = await deviceKey();
  if (!device) return jsonError(404, "NOT_FOUND", "There is no such work.");
  const body = await parseBody(request, choiceBody);
  if (body instanceof Response) return body;
  try {
    return Response.json(await services().works.choose((await params).id, device, body));
  } catch (e) {
    return workErrorResponse(e);
  }
}
