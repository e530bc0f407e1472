export async function plan(_args: { stack?: string }): Promise<number> {
    throw new Error("plan: not yet");
}
