/**
 * The user's home folder: $HOME when set (os.homedir() itself answers it first on POSIX), else
 * os.homedir(). node:os is fetched only then: requiring it costs every start ~0.3 ms (Node builds an ES
 * module facade for each built-in a program requires), and a start with HOME set never needs it.
 */
export function homeDir(env: Readonly<Record<string, string | undefined>>): string {
  return env['HOME'] || process.getBuiltinModule('node:os').homedir();
}
