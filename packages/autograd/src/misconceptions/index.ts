export { misconceptions, misconceptionDefs, getMisconception } from "./library";
export type { Misconception, MisconceptionDef, MisconceptionFamily } from "./library";
export { HOOK_KINDS, hooksTouch, NO_HOOKS } from "./hooks";
export type { Hooks, LineKind } from "./hooks";
