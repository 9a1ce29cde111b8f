/** The signed-in teacher of the current request (server components and route handlers). */
import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { ownedClass } from "./reports/data.ts";
import { services } from "./runtime.ts";

export type Teacher = { id: string; name: string; email: string };

export async function currentTeacher(): Promise<Teacher | null> {
  const session = await services()
    .auth.api.getSession({ headers: await headers() })
    .catch(() => null);
  return session ? { id: session.user.id, name: session.user.name, email: session.user.email } : null;
}

/** For a class's pages: the signed-in teacher and their class `id`; sign-in first, and 404 for anyone else's. */
export async function teacherAndClass(id: string) {
  const teacher = await currentTeacher();
  if (!teacher) redirect("/sign-in");
  const cls = /^[A-Za-z0-9_-]{8,64}$/.test(id) ? await ownedClass(services().db, teacher.id, id) : null;
  if (!cls) notFound();
  return { teacher, cls };
}
