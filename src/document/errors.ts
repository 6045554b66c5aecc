/**
 * A problem with how citemark was asked to run (bad config, unknown option,
 * missing project folder). The CLI prints `message` and exits 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly location?: { file: string; line?: number; column?: number },
  ) {
    super(message);
  }
}
