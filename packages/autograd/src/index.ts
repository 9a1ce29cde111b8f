// @descent/autograd — public entry point.

// Engine: tensors, autograd, optimizers (src/engine, src/optim).
export * from "./engine/index";
export * from "./brain";
export { compileLesson, DEFAULT_WORK_LIMIT, LessonInvalid, LessonTooCostly, type CompiledLesson } from "./compile";

// PyTorch programs: the subset's parser and interpreter (src/python).
export * from "./python/index";
