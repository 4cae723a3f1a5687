/** Text wrapped to a width at spaces, continuation lines keeping the first line's indent: the detail view never cuts. */

export function wrapLine(text: string, width: number): string[] {
  const w = Math.max(8, width);
  if ([...text].length <= w) return [text];
  const indent = /^ */.exec(text)![0];
  const hang = indent.length + 2 < w / 2 ? `${indent}  ` : indent;
  const out: string[] = [];
  let line = indent;
  for (const word of text.slice(indent.length).split(/(?<= )/)) {
    if (line.trim() && [...line].length + [...word.trimEnd()].length > w) {
      out.push(line.trimEnd());
      line = hang;
    }
    let rest = word;
    // A word longer than the line (a path, a digest) is split where the line ends.
    while ([...line].length + [...rest.trimEnd()].length > w) {
      const room = w - [...line].length;
      out.push(line + [...rest].slice(0, room).join(''));
      rest = [...rest].slice(room).join('');
      line = hang;
    }
    line += rest;
  }
  if (line.trim()) out.push(line.trimEnd());
  return out;
}
