/** gRPC NOT_FOUND (status 5), from a Client's or a worker's NativeConnection's service alike. */
export const isNotFound = (err: unknown): boolean => (err as { code?: unknown } | undefined)?.code === 5;
