"use client";

import dynamic from "next/dynamic";

/**
 * The computation graph (`GraphSvg`), loaded only when a graph is first shown: a projector's lobby and a phone's
 * first screen show none, so a hall's first load does not carry it.
 */
export const ComputationGraph = dynamic(() => import("./GraphSvg"), {
  ssr: false,
  loading: () => <div className="min-h-24" aria-busy="true" />,
});
