import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { publicOrigin, qrSvg } from "@/app/_lib/urls";
import { normalizeJoinCode } from "@/server/protocol/codes";
import { services } from "@/server/runtime";
import { Projector } from "./Projector";

export const metadata: Metadata = { title: "Projector" };
export const dynamic = "force-dynamic";

export default async function PresentPage({ params }: { params: Promise<{ code: string }> }) {
  const code = normalizeJoinCode((await params).code);
  if (!code) notFound();
  const session = await services().sessions.byJoinCode(code);
  if (!session) notFound();
  const joinUrl = `${await publicOrigin()}/join/${code}`;
  return <Projector code={code} joinUrl={joinUrl} qr={await qrSvg(joinUrl)} />;
}
