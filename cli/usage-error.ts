/** A command-line mistake: printed with the command's usage, exit code 2 (no server is contacted). */
export class UsageError extends Error {}
