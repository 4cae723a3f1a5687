/** An instruction's text on one line: each continuation (a backslash, the newline and the indentation after it) becomes one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*\\?\n\s*/g, ' ').trim();
}
