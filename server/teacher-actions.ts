"use server";
/** Teachers' actions from their pages (Next.js server actions: Next checks their Origin; ownership is checked here). */
import { redirect } from "next/navigation";
import { z } from "zod";
import { services } from "./runtime.ts";
import { newId } from "./session/service.ts";
import { currentTeacher } from "./teacher.ts";

const classForm = z.object({
  name: z.string().trim().min(1, "Give the class a name.").max(120, "A class name is at most 120 characters."),
  identify: z.enum(["nickname", "name"]),
});

export type ActionState = { error: string | null };

export async function createClass(_prev: ActionState, form: FormData): Promise<ActionState> {
  const teacher = await currentTeacher();
  if (!teacher) redirect("/sign-in");
  const parsed = classForm.safeParse({ name: form.get("name"), identify: form.get("identify") });
  if (!parsed.success) return { error: parsed.error.issues[0]!.message };
  const id = newId();
  await services().db.class.create({ data: { id, teacherId: teacher.id, name: parsed.data.name, identify: parsed.data.identify } });
  redirect(`/classes/${id}`);
}
