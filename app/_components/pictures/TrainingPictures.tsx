"use client";

import dynamic from "next/dynamic";
import { sameValue, type Picture } from "@descent/autograd/picture";
import type { LessonInfo, PublicQuestion } from "@/server/protocol/views";
import type { PictureReveal } from "./Pictures";

/** The chart code loads only when a picture is first drawn (a phone that never opens one never downloads it). */
const Pictures = dynamic(() => import("./Pictures"), { ssr: false, loading: () => <p role="status">Drawing the pictures…</p> });

/**
 * The revealed question as the pictures draw it: its truth, and, when the host shows them, the distinct values the
 * misconceptions predict, each labelled with the misconception's name.
 */
export function revealOf(q: PublicQuestion | null, explanations: LessonInfo["explanations"]): PictureReveal | null {
  if (!q?.result) return null;
  const { truth, mutants } = q.result;
  const ghosts: PictureReveal["ghosts"] = [];
  if (q.ghosts) {
    for (const m of mutants) {
      if (sameValue(m.value, truth)) continue;
      const title = q.result.explanations[m.misconceptionId]?.title ?? explanations[m.misconceptionId]?.title ?? m.misconceptionId;
      const same = ghosts.find((g) => sameValue(g.value, m.value));
      if (same) same.title = `${same.title} / ${title}`;
      else ghosts.push({ title, value: m.value });
    }
  }
  return { quantity: q.quantity, truth, ghosts };
}

export function TrainingPictures({ picture, reveal, large = false, stacked = false }: { picture: Picture; reveal: PictureReveal | null; large?: boolean; stacked?: boolean }) {
  return <Pictures picture={picture} reveal={reveal} large={large} stacked={stacked} />;
}
