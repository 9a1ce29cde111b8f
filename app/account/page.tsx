import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TeacherBar } from "@/app/_components/TeacherBar";
import { PASSWORD_MIN } from "@/server/auth";
import { currentTeacher } from "@/server/teacher";
import { ChangePasswordForm } from "./ChangePasswordForm";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const teacher = await currentTeacher();
  if (!teacher) redirect("/sign-in");
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-5 py-6">
      <TeacherBar teacher={teacher} />
      <h1 className="text-3xl font-bold">Account</h1>
      <p>
        Signed in as <strong>{teacher.email}</strong>.
      </p>
      <ChangePasswordForm passwordMin={PASSWORD_MIN} />
    </main>
  );
}
