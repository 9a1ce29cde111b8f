import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PASSWORD_MIN } from "@/server/auth";
import { currentTeacher } from "@/server/teacher";
import { SignUpForm } from "./SignUpForm";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUp() {
  if (await currentTeacher()) redirect("/dashboard");
  return (
    <main className="mx-auto max-w-md px-5 py-12">
      <h1 className="text-3xl font-bold">Create account</h1>
      <p className="mt-2 text-slate-700">
        For teachers: keep your sessions, follow your classes, see which misconceptions they hold. Hosting without an account
        keeps working.
      </p>
      <SignUpForm passwordMin={PASSWORD_MIN} />
    </main>
  );
}
