/** The self-paced API's edge: request schemas, the browser's device key, and WorkError as HTTP. */
import { cookies } from "next/headers";
import { z } from "zod";
import { jsonError, sameOriginOrError } from "../http-route.ts";
import { take } from "../limits.ts";
import { services } from "../runtime.ts";
import { COOKIE_VALUE, DEVICE_COOKIE } from "../protocol/cookies.ts";
import { answerSchema, confidenceSchema } from "../protocol/events.ts";
import { WorkError, type WorkErrorCode } from "./service.ts";

const submissionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "not a submission id");

export const startBody = z.union([
  z.strictObject({ assignment: z.string().min(1).max(64), name: z.string().max(200).optional() }),
  z.strictObject({ practice: z.string().min(1).max(100) }),
]);
export const answerBody = z.strictObject({
  submissionId,
  questionId: z.string().min(1).max(100),
  variant: z.number().int().min(0).max(1_000_000),
  answer: answerSchema,
  confidence: confidenceSchema.nullable().optional(),
});
export const choiceBody = z.strictObject({ submissionId, kind: z.enum(["retry", "next", "restart", "finish"]), version: z.number().int().min(0).max(1_000_000) });

/** The browser's device key (set on its first request by the server): what a self-paced run belongs to. */
export async function deviceKey(): Promise<string | null> {
  const v = (await cookies()).get(DEVICE_COOKIE)?.value;
  return v && COOKIE_VALUE.test(v) ? v : null;
}

const STATUS: Record<WorkErrorCode, number> = {
  NOT_FOUND: 404,
  NOT_OPEN: 403,
  CLOSED: 403,
  NAME_TAKEN: 409,
  BAD_NAME: 400,
  STALE: 409,
  UNAVAILABLE: 503,
  BAD_ANSWER: 400,
};

export function workErrorResponse(e: unknown): Response {
  // By name: the service may come from the custom server's module graph, outside Next's bundle.
  if (e instanceof Error && e.name === "WorkError") {
    const { code, message } = e as WorkError;
    return jsonError(STATUS[code] ?? 400, code, message);
  }
  // The lesson could not be prepared (a teacher's lesson over the limits): the run cannot go on.
  if (e instanceof Error && e.name === "LessonCompileError") return jsonError(503, "UNAVAILABLE", "This lesson cannot be prepared right now: ask your teacher.");
  throw e;
}

/** Parses a JSON body with a schema; a 400 Response when it does not fit. */
export async function parseBody<T>(request: Request, schema: z.ZodType<T>): Promise<T | Response> {
  if (Number(request.headers.get("content-length") ?? 0) > 10_000) return jsonError(413, "TOO_LARGE", "That request is too large.");
  const text = await request.text();
  if (text.length > 10_000) return jsonError(413, "TOO_LARGE", "That request is too large.");
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    return jsonError(400, "BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  } catch {
    return jsonError(400, "BAD_REQUEST", "Send a JSON body.");
  }
}

/**
 * A POST on one work: same-origin, the browser's device key, a body checked by `schema`; WorkErrors become typed
 * JSON errors.
 */
export function workPost<T>(schema: z.ZodType<T>, run: (workId: string, device: string, body: T) => Promise<unknown>) {
  return async (request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> => {
    const refused = await sameOriginOrError();
    if (refused) return refused;
    const device = await deviceKey();
    if (!device) return jsonError(404, "NOT_FOUND", "There is no such work.");
    const wait = await take(services().limits.workStep, device);
    if (wait > 0) return jsonError(429, "RATE_LIMITED", `Slow down: try again in ${wait} s.`, { retryAfter: wait });
    const body = await parseBody(request, schema);
    if (body instanceof Response) return body;
    try {
      return Response.json(await run((await params).id, device, body));
    } catch (e) {
      return workErrorResponse(e);
    }
  };
}
