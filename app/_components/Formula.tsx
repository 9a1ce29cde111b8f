"use client";

import dynamic from "next/dynamic";

/**
 * LaTeX rendered with KaTeX, loaded only when a formula is first shown: KaTeX and its styles are a third of the
 * projector's JavaScript, and the lobby and most first screens show none. Until it arrives, an empty space holds its place.
 */
export const Formula = dynamic(() => import("./KatexFormula"), {
  ssr: false,
  loading: () => <div className="min-h-12" aria-busy="true" />,
});
