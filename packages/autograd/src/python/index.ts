// PyTorch programs run as Python runs them: the subset's parser (on @lezer/python) and its interpreter.
export { type Expr, parseProgram, type Program, ProgramRefused, type Refusal, type Stmt, SUPPORTED } from "./syntax";
export { type Checkpoint as ProgramCheckpoint, type Pass, type ProgramError, type ProgramTrace, type Quantity, type RunOptions, runProgram } from "./interpret";
export { type LineQuestion, questionsAt, quantitiesAbout } from "./questions";
export { valueOfQuantity } from "./quantity";
