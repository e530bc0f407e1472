export * from "./types";
export * from "./baseline";
export * from "./catalogue";
export { POD_SECURITY_CONTROL_ROWS } from "./pss";
export * from "./workload-identity";
