/** The signed-in teacher of the current request (server components and route handlers). */
import "server-only";
import { headers } from "next/headers";
import { services } from "./runtime.ts";

export type Teacher = { id: string; name: string; email: string };

export async function currentTeacher(): Promise<Teacher | null> {
  const session = await services()
    .auth.api.getSession({ headers: await headers() })
    .catch(() => null);
  return session ? { id: session.user.id, name: session.user.name, email: session.user.email } : null;
}
