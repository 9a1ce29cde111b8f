export * from "./rng";
export * from "./variant";
