import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/app/_components/AuthForm";
import { currentTeacher } from "@/server/teacher";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignIn() {
  if (await currentTeacher()) redirect("/dashboard");
  return (
    <main className="mx-auto max-w-md px-5 py-12">
      <h1 className="text-3xl font-bold">Sign in</h1>
      <p className="mt-2 text-slate-700">Your classes, session reports and the misconception dashboard.</p>
      <AuthForm />
    </main>
  );
}
