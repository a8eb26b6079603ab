/** A command line the person must fix: told with the usage, exit code 2. */
export class UsageError extends Error {}
