"use client";

import katex from "katex";
// The styles travel with the component: every page that shows a formula gets them, and only those.
import "katex/dist/katex.min.css";
import { useMemo } from "react";

/** LaTeX rendered with KaTeX (the formula text comes from the lesson, never from students). */
export default function KatexFormula({ tex, className = "" }: { tex: string; className?: string }) {
  const html = useMemo(() => katex.renderToString(tex, { throwOnError: false, displayMode: true, output: "htmlAndMathml" }), [tex]);
  // Focusable: a long formula scrolls, and a scrolling region must be reachable by keyboard.
  return <div tabIndex={0} className={`overflow-x-auto ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
