export { misconceptions, misconceptionDefs, getMisconception } from "./library";
export type { Misconception, MisconceptionDef, MisconceptionFamily } from "./library";
