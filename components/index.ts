export * from "./controls";
export { TOKENS } from "./tokens";
