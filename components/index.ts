export * from "./controls";
export { TOKENS } from "./tokens";
export * from "./stage";
export * from "./gcp";
export * from "./azure";
export * from "./kubernetes";
export * from "./aws";
