import { choiceBody, workPost } from "@/server/assignments/http";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** After a miss or between attempts: try again on fresh numbers, move on, start the next attempt, or stop. */
export const POST = workPost(choiceBody, (workId, device, body) => services().works.choose(workId, device, body));
