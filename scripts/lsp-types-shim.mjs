// The two functions dockerfile-ast takes from vscode-languageserver-types (Position.create, Range.create),
// with the same results and the same error: bundled in its place (scripts/bundle.mjs), so the Dockerfile
// parser's chunk does not carry and evaluate the protocol's ~28 KB of other namespaces on every run.
const UINTEGER_MAX = 2147483647;
// As the package's Is.uinteger and Is.objectLiteral: a number (boxed too) in range, fractions included.
const uinteger = (v) => Object.prototype.toString.call(v) === '[object Number]' && 0 <= v && v <= UINTEGER_MAX;
const isPosition = (v) => v !== null && typeof v === 'object' && uinteger(v.line) && uinteger(v.character);

export const Position = {
  create(line, character) {
    return { line: line === Number.MAX_VALUE ? UINTEGER_MAX : line, character: character === Number.MAX_VALUE ? UINTEGER_MAX : character };
  },
  is: isPosition,
};

export const Range = {
  create(one, two, three, four) {
    if (uinteger(one) && uinteger(two) && uinteger(three) && uinteger(four)) return { start: Position.create(one, two), end: Position.create(three, four) };
    if (isPosition(one) && isPosition(two)) return { start: one, end: two };
    throw new Error(`Range#create called with invalid arguments[${one}, ${two}, ${three}, ${four}]`);
  },
};
