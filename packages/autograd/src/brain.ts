// The brain: lessons, their traces, the misconception library and grading. Pure, no I/O; the zod schema
// for lessons written as JSON is the separate entry "@descent/autograd/schema".
export * from "./lesson";
export * from "./trace";
export * from "./misconceptions";
export * from "./grade";
export * from "./variant/index";
