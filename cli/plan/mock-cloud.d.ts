/**
 * What the mocked clouds answer: the few data-source calls the components make, and plausible
 * computed outputs, so that a plan reads like a preview against a real account. Any other call is
 * an error: a component that starts calling something new must say what it expects back.
 */
export declare function mockCall(token: string, inputs: Record<string, unknown>): Record<string, unknown>;
/** Inputs echoed as outputs, plus the identifiers a provider computes. */
export declare function fakeOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown>;
