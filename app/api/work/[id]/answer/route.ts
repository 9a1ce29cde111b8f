import { answerBody, workPost } from "@/server/assignments/http";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Grades and stores an answer; the same submission id again returns the first result and stores nothing. */
export const POST = workPost(answerBody, (workId, device, body) => services().works.answer(workId, device, { ...body, confidence: body.confidence ?? null }));
