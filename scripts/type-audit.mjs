#!/usr/bin/env node
// Type audit of src/ with the TypeScript checker (too slow for `npm test`, ~10 s): every switch over a union of
// literals must end in `default: assertNever(...)`, and the `as` casts (not `as const`) are counted.
// Exit 1 when a switch misses its assertNever. Usage: node scripts/type-audit.mjs [--casts] (lists every cast).
import ts from 'typescript';

const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram(config.fileNames.filter((f) => f.includes('/src/')), config.options);
const checker = program.getTypeChecker();
const listCasts = process.argv.includes('--casts');
const isLiteralUnion = (t) => t.isUnion() && t.types.every((x) => x.isLiteral() || x.flags & (ts.TypeFlags.BooleanLiteral | ts.TypeFlags.Undefined | ts.TypeFlags.Null));
let switches = 0;
let casts = 0;
const missing = [];
for (const sf of program.getSourceFiles()) {
  if (!sf.fileName.includes('/src/')) continue;
  const where = (n) => `${sf.fileName.slice(sf.fileName.indexOf('src/'))}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n) => {
    if (ts.isSwitchStatement(n) && isLiteralUnion(checker.getTypeAtLocation(n.expression))) {
      switches++;
      if (!n.caseBlock.clauses.some((c) => ts.isDefaultClause(c) && /\bassertNever\(/.test(c.getText(sf)))) missing.push(`${where(n)}: switch (${n.expression.getText(sf)}) does not end in assertNever`);
    }
    if ((ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) && n.type.getText(sf) !== 'const') {
      casts++;
      if (listCasts) console.log(`${where(n)}: ${n.getText(sf).replace(/\s+/g, ' ').slice(0, 100)}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
for (const m of missing) console.log(m);
console.log(`switches over a union: ${switches}, ending in assertNever: ${switches - missing.length}; 'as' casts: ${casts}`);
process.exit(missing.length ? 1 : 0);
