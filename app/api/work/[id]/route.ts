import { jsonError } from "@/server/http-route";
import { deviceKey, workErrorResponse } from "@/server/assignments/http";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Where this browser's run stands: the question to answer (never its truth) and the progress. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const device = await deviceKey();
  if (!device) return jsonError(404, "NOT_FOUND", "There is no such work.");
  try {
    return Response.json(await services().works.view((await params).id, device), { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return workErrorResponse(e);
  }
}
