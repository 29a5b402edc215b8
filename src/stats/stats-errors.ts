/** Inputs `stats` or `inspect` cannot work on (nothing found, a dataset of events): a usage error (exit 2), one line. */
export class StatsUsageError extends Error {}

/** A dataset file that cannot be read back (corrupt, cut short): bad input (exit 1), one line naming the file. */
export class StatsInputError extends Error {}
