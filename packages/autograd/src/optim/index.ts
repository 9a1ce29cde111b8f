export { Optimizer } from "./optimizer";
export { SGD, type SGDOptions, type SGDState } from "./sgd";
export { Adam, type AdamOptions, type AdamState } from "./adam";
