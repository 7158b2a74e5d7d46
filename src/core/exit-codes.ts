/** Documented process exit codes, shared by every command. */
export const EXIT = {
  /** Nothing at or above --fail-on was found; the command did its job. */
  OK: 0,
  /** Findings at or above --fail-on. */
  FINDINGS: 1,
  /** Bad usage or unreadable/invalid input (file, tree, policy). Nothing was written. */
  USAGE: 2,
  /** An internal error: a bug in netback-policy. */
  INTERNAL: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
