import { toNextJsHandler } from "better-auth/next-js";
import { services } from "@/server/runtime";

export const dynamic = "force-dynamic";

// better-auth's endpoints (sign up, sign in, sign out, change password, session), with the server's instance.
export async function GET(request: Request) {
  return toNextJsHandler(services().auth).GET(request);
}

export async function POST(request: Request) {
  return toNextJsHandler(services().auth).POST(request);
}
