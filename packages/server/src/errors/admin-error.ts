/** Exit codes of `portal-admin`, from sysexits.h so scripts can tell a typo from a bad file from a busy database. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 64,
  dataError: 65,
  unavailable: 69,
  /** EX_TEMPFAIL: the schema lacks migrations; start again once the deployment's migrate step has run. */
  schemaBehind: 75,
  config: 78,
} as const;

/**
 * An error an operator can fix: its message says what to do; `problems` lists every fault found (an import
 * file's, with the path of each). The CLI prints it to stderr and exits with `exitCode`.
 */
export class AdminError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.dataError,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'AdminError';
  }
}
