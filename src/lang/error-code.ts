/** The `code` of a Node system or library error (ENOENT, ERR_PARSE_ARGS_UNKNOWN_OPTION, ...), read without a cast. */
export function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** An error's message, or the thrown value in words. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
