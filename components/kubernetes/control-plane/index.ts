export * from "./schemas";
export * from "./audit-policy";
export * from "./encryption-config";
export * from "./admission-config";
