import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Value } from '../../../src/definitions/hcl/ast.js';
import { evaluate } from '../../../src/definitions/hcl/evaluate.js';
import { hclFunctions } from '../../../src/definitions/hcl/functions.js';
import { HclSyntaxError, parseHcl } from '../../../src/definitions/hcl/parse-hcl.js';

const t = suite('definitions/hcl/parse-hcl');
const functions = hclFunctions({ now: '2026-01-01T00:00:00Z', homedir: '/home/u' });
/** The value of attribute `v` in `text`, with variables from `vars`. */
function value(text: string, vars: Record<string, Value> = {}): Value {
  const attr = parseHcl(text).attributes.find((a) => a.name === 'v');
  if (!attr) throw new Error('no v');
  return evaluate(attr.expr, { functions, lookup: (n) => vars[n] });
}

t('blocks with labels, attributes, comments of all three kinds', () => {
  const body = parseHcl('# a\n// b\n/* c\n*/\ntarget "app" {\n  context = "." # after\n  args = {\n    A = 1 // x\n  }\n}\ngroup default { targets = ["app"] }\n');
  assert.equal(body.blocks.map((b) => [b.type, b.labels, b.body.attributes.map((a) => a.name), b.pos.line]), [
    ['target', ['app'], ['context', 'args'], 5],
    ['group', ['default'], ['targets'], 11],
  ]);
});

t('templates, escapes, $${ and heredocs', () => {
  assert.is(value('v = "a-${X}-$${X}-\\"q\\"\\n"', { X: 1 }), 'a-1-${X}-"q"\n');
  assert.is(value('v = <<EOT\nline ${X}\n  two\nEOT\n', { X: 'x' }), 'line x\n  two\n');
  assert.is(value('v = <<-EOT\n    a\n      b\n    EOT\n'), 'a\n  b\n');
});

t('operators, precedence, conditionals across lines, null comparisons', () => {
  assert.is(value('v = 1 + 2 * 3 == 7 && !false'), true);
  assert.equal(value('v = X != "" ? [\n  "a",\n  "b"\n] : []', { X: '' }), []);
  assert.equal(value('v = X != "" ? [\n  "a",\n  "b"\n] : []', { X: 'y' }), ['a', 'b']);
  assert.equal(value('v = X == "1" ? "-cover" : null', { X: null }), null);
  assert.is(value('v = -X + 10 % 4', { X: 1 }), 1);
});

t('lists, objects (= and :), index and attribute access, for expressions', () => {
  assert.equal(value('v = { a = [1, 2], "b": { c = "d" } }'), { a: [1, 2], b: { c: 'd' } });
  assert.is(value('v = X.a[1]', { X: { a: [1, 2] } }), 2);
  assert.equal(value('v = [for s in ["a", "b", ""] : upper(s) if s != ""]'), ['A', 'B']);
  assert.equal(value('v = { for k, x in { a = 1 } : "${k}!" => x }'), { 'a!': 1 });
});

t('functions bake files use', () => {
  assert.is(value('v = join(",", split(" ", "a b"))'), 'a,b');
  assert.is(value('v = format("%s-%d", "v", 3)'), 'v-3');
  assert.equal(value('v = concat(["a"], compact(["", "b"]))'), ['a', 'b']);
  assert.is(value('v = regex_replace("1.2.3", "\\\\.", "_")'), '1_2_3');
  assert.is(value('v = trimprefix(lower("V1.0"), "v")'), '1.0');
  assert.is(value('v = coalesce("", X, "c")', { X: 'b' }), 'b');
  assert.is(value('v = try(X.missing, "fallback")', { X: {} }), 'fallback');
  assert.equal(value('v = merge({a = 1}, {b = 2})'), { a: 1, b: 2 });
  assert.is(value('v = timestamp()'), '2026-01-01T00:00:00Z');
  assert.is(value('v = notequal("", X)', { X: 'x' }), true);
});

t('a syntax error has line and column', () => {
  try {
    parseHcl('target "a" {\n  context = "x\n}\n');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, HclSyntaxError);
    assert.equal((err as HclSyntaxError).pos, { line: 2, column: 15 });
  }
  assert.throws(() => parseHcl('target "a" {\n  args = { A = 1 \n'), (e: unknown) => e instanceof HclSyntaxError);
  assert.throws(() => parseHcl('v = "%{ if true }x%{ endif }"'), /template directives/);
});

t.run();
