/**
 * A recursive-descent parser for HCL native syntax as bake files write it
 * (no npm HCL parser both runs in plain JS and keeps expressions: see
 * docs in the closing note). Newlines end attributes except inside
 * brackets; comments are `#`, `//` and `/* *\/`. Template directives
 * (`%{if}`) are not read: they are an error naming their place.
 */
import type { Attribute, BinaryOp, Block, Body, Expr, Pos, TemplatePart } from './ast.js';

export class HclSyntaxError extends Error {
  constructor(message: string, readonly pos: Pos) {
    super(message);
    this.name = 'HclSyntaxError';
  }
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LEVELS: readonly (readonly BinaryOp[])[] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

export function parseHcl(text: string): Body {
  const p = new Parser(text);
  const body = p.body(null);
  p.space(true);
  if (!p.done()) p.error('expected an attribute or a block');
  return body;
}

/** A JSON bake file's string: a template without quotes (`${…}` interpolates). */
export function parseTemplate(text: string): Expr {
  const p = new Parser(text);
  return p.rawTemplate();
}

class Parser {
  private i = 0;
  /** Bracket depth: inside (), [] or {} of an expression newlines are only space. */
  private depth = 0;
  private readonly lineStarts: number[] = [0];
  constructor(private readonly s: string) {
    for (let j = 0; j < s.length; j++) if (s[j] === '\n') this.lineStarts.push(j + 1);
  }

  done(): boolean {
    return this.i >= this.s.length;
  }

  error(message: string, at = this.i): never {
    throw new HclSyntaxError(message, this.posAt(at));
  }

  private posAt(at: number): Pos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (this.lineStarts[lo] as number) + 1 };
  }

  /** `if` as a keyword, not the start of a name like `iffy`. */
  private keyword(word: string): boolean {
    this.space();
    if (!this.peek(word) || /[A-Za-z0-9_-]/.test(this.s[this.i + word.length] ?? '')) return false;
    this.i += word.length;
    return true;
  }

  private pos(): Pos {
    return this.posAt(this.i);
  }

  /** Skips blanks and comments, and newlines when `newlines` (or inside brackets). */
  space(newlines = this.depth > 0): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.i++;
      else if (c === '#' || (c === '/' && this.s[this.i + 1] === '/')) while (!this.done() && this.s[this.i] !== '\n') this.i++;
      else if (c === '/' && this.s[this.i + 1] === '*') {
        const end = this.s.indexOf('*/', this.i + 2);
        if (end < 0) this.error('unterminated /* comment');
        this.i = end + 2;
      } else return;
    }
  }

  private peek(tok: string): boolean {
    return this.s.startsWith(tok, this.i);
  }

  private eat(tok: string): boolean {
    this.space();
    if (!this.peek(tok)) return false;
    this.i += tok.length;
    return true;
  }

  private expect(tok: string, what: string): void {
    if (!this.eat(tok)) this.error(`expected ${what}`);
  }

  private ident(): string | null {
    this.space();
    IDENT.lastIndex = this.i;
    const m = IDENT.exec(this.s);
    if (!m) return null;
    this.i += m[0].length;
    return m[0];
  }

  body(close: string | null): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (;;) {
      this.space(true);
      if (close ? this.peek(close) : this.done()) return { attributes, blocks };
      if (this.done()) this.error(`expected ${close} to close the block`);
      const pos = this.pos();
      const name = this.ident();
      if (!name) this.error('expected an attribute name or a block type');
      this.space(false);
      if (this.peek('=') && !this.peek('==')) {
        this.i++;
        attributes.push({ name, expr: this.expr(), pos });
      } else blocks.push(this.block(name, pos));
      this.endOfItem(close);
    }
  }

  private block(type: string, pos: Pos): Block {
    const labels: string[] = [];
    for (;;) {
      this.space(false);
      if (this.peek('"')) labels.push(this.quotedLabel());
      else if (this.peek('{')) break;
      else {
        const label = this.ident();
        if (!label) this.error(`expected a label or { after ${type}`);
        labels.push(label);
      }
    }
    this.i++;
    const saved = this.depth;
    this.depth = 0;
    const body = this.body('}');
    this.depth = saved;
    this.i++;
    return { type, labels, body, pos };
  }

  private quotedLabel(): string {
    const t = this.template();
    if (t.k === 'literal' && typeof t.value === 'string') return t.value;
    return this.error('a block label cannot interpolate');
  }

  private endOfItem(close: string | null): void {
    this.space(false);
    if (this.done() || this.peek('\n') || (close && this.peek(close))) return;
    this.error('expected a newline after the attribute or block');
  }

  expr(): Expr {
    const test = this.binary(0);
    if (!this.eat('?')) return test;
    const then = this.expr();
    this.expect(':', ': in a conditional expression');
    return { k: 'conditional', test, then, else: this.expr(), pos: test.pos };
  }

  private binary(level: number): Expr {
    const ops = LEVELS[level];
    if (!ops) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.space();
      const op = ops.find((o) => this.peek(o) && !(o === '<' && this.peek('<<')) && !((o === '<' || o === '>') && this.peek(`${o}=`)));
      if (!op) return left;
      this.i += op.length;
      left = { k: 'binary', op, left, right: this.binary(level + 1), pos: left.pos };
    }
  }

  private unary(): Expr {
    this.space();
    const pos = this.pos();
    if (this.peek('!') && !this.peek('!=')) {
      this.i++;
      return { k: 'unary', op: '!', of: this.unary(), pos };
    }
    if (this.peek('-')) {
      this.i++;
      return { k: 'unary', op: '-', of: this.unary(), pos };
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      this.space();
      if (this.peek('.') && !this.peek('...')) {
        this.i++;
        NUMBER.lastIndex = this.i;
        const n = /[0-9]+/y;
        n.lastIndex = this.i;
        const digits = n.exec(this.s);
        if (digits) {
          this.i += digits[0].length;
          e = { k: 'index', of: e, key: { k: 'literal', value: Number(digits[0]), pos: e.pos }, pos: e.pos };
          continue;
        }
        const name = this.ident();
        if (!name) this.error('expected an attribute name after .');
        e = { k: 'attr', of: e, name, pos: e.pos };
      } else if (this.peek('[')) {
        this.i++;
        this.depth++;
        const key = this.expr();
        this.expect(']', '] to close the index');
        this.depth--;
        e = { k: 'index', of: e, key, pos: e.pos };
      } else return e;
    }
  }

  private primary(): Expr {
    this.space();
    const pos = this.pos();
    const c = this.s[this.i];
    if (c === '"') return this.template();
    if (this.peek('<<')) return this.heredoc();
    if (c === '(') {
      this.i++;
      this.depth++;
      const e = this.expr();
      this.expect(')', ') to close the parenthesis');
      this.depth--;
      return e;
    }
    if (c === '[') return this.tupleOrFor(pos);
    if (c === '{') return this.objectOrFor(pos);
    NUMBER.lastIndex = this.i;
    const num = NUMBER.exec(this.s);
    if (num) {
      this.i += num[0].length;
      return { k: 'literal', value: Number(num[0]), pos };
    }
    const name = this.ident();
    if (!name) this.error('expected an expression');
    if (name === 'true' || name === 'false') return { k: 'literal', value: name === 'true', pos };
    if (name === 'null') return { k: 'literal', value: null, pos };
    this.space(false);
    if (this.peek('(')) return this.call(name, pos);
    return { k: 'variable', name, pos };
  }

  private call(name: string, pos: Pos): Expr {
    this.i++;
    this.depth++;
    const args: Expr[] = [];
    let expandLast = false;
    while (!this.eat(')')) {
      args.push(this.expr());
      if (this.eat('...')) expandLast = true;
      if (!this.eat(',')) {
        this.expect(')', `, or ) in the call to ${name}`);
        break;
      }
    }
    this.depth--;
    return { k: 'call', name, args, expandLast, pos };
  }

  private forHeader(): { keyVar: string | null; valueVar: string; collection: Expr } | null {
    const save = this.i;
    if (this.ident() !== 'for') {
      this.i = save;
      return null;
    }
    const first = this.ident();
    if (!first) {
      this.i = save;
      return null;
    }
    let keyVar: string | null = null;
    let valueVar = first;
    if (this.eat(',')) {
      keyVar = first;
      valueVar = this.ident() ?? this.error('expected a name after , in a for expression');
    }
    if (this.ident() !== 'in') this.error('expected "in" in a for expression');
    const collection = this.expr();
    this.expect(':', ': after the for expression\'s collection');
    return { keyVar, valueVar, collection };
  }

  private tupleOrFor(pos: Pos): Expr {
    this.i++;
    this.depth++;
    const head = this.forHeader();
    if (head) {
      const value = this.expr();
      const filter = this.keyword('if') ? this.expr() : null;
      this.expect(']', '] to close the for expression');
      this.depth--;
      return { k: 'for', into: 'tuple', ...head, key: null, value, filter, group: false, pos };
    }
    const items: Expr[] = [];
    while (!this.eat(']')) {
      items.push(this.expr());
      if (!this.eat(',')) {
        this.expect(']', ', or ] in the list');
        break;
      }
    }
    this.depth--;
    return { k: 'tuple', items, pos };
  }

  private objectOrFor(pos: Pos): Expr {
    this.i++;
    this.depth++;
    const head = this.forHeader();
    if (head) {
      const key = this.expr();
      this.expect('=>', '=> in the object for expression');
      const value = this.expr();
      const group = this.eat('...');
      const filter = this.keyword('if') ? this.expr() : null;
      this.expect('}', '} to close the for expression');
      this.depth--;
      return { k: 'for', into: 'object', ...head, key, value, filter, group, pos };
    }
    const items: { key: Expr; value: Expr }[] = [];
    while (!this.eat('}')) {
      const keyExpr = this.expr();
      // A bare name as a key is the name, not a variable.
      const key: Expr = keyExpr.k === 'variable' ? { k: 'literal', value: keyExpr.name, pos: keyExpr.pos } : keyExpr;
      if (!this.eat('=') && !this.eat(':')) this.error('expected = or : after the object key');
      items.push({ key, value: this.expr() });
      this.eat(',');
    }
    this.depth--;
    return { k: 'object', items, pos };
  }

  rawTemplate(): Expr {
    return simplify(this.templateParts((at) => at >= this.s.length, false), { line: 1, column: 1 });
  }

  /** A quoted template: literal text and `${expr}` parts. */
  private template(): Expr {
    const pos = this.pos();
    this.i++;
    const parts = this.templateParts((at) => this.s[at] === '"', true);
    this.i++;
    return simplify(parts, pos);
  }

  private templateParts(isEnd: (at: number) => boolean, quoted: boolean): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let lit = '';
    for (;;) {
      if (isEnd(this.i)) break;
      if (this.done()) this.error(quoted ? 'unterminated string' : 'unterminated heredoc');
      const c = this.s[this.i] as string;
      if (quoted && c === '\n') this.error('unterminated string (a quoted string cannot span lines)');
      if (quoted && c === '\\') {
        lit += this.escape();
        continue;
      }
      if ((c === '$' || c === '%') && this.s[this.i + 1] === c && this.s[this.i + 2] === '{') {
        lit += `${c}{`;
        this.i += 3;
      } else if (c === '$' && this.s[this.i + 1] === '{') {
        if (lit) parts.push(lit);
        lit = '';
        this.i += 2;
        const saved = this.depth;
        this.depth = 1;
        this.eat('~');
        parts.push(this.expr());
        this.eat('~');
        this.expect('}', '} to close the interpolation');
        this.depth = saved;
      } else if (c === '%' && this.s[this.i + 1] === '{') {
        this.error('template directives (%{ … }) are not read by layerplan; use a conditional expression');
      } else {
        lit += c;
        this.i++;
      }
    }
    if (lit) parts.push(lit);
    return parts;
  }

  private escape(): string {
    const c = this.s[this.i + 1];
    this.i += 2;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
    if (c !== undefined && c in simple) return simple[c] as string;
    if (c === 'u' || c === 'U') {
      const len = c === 'u' ? 4 : 8;
      const hex = this.s.slice(this.i, this.i + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.error('invalid unicode escape');
      this.i += len;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    return this.error(`invalid escape \\${c ?? ''}`, this.i - 2);
  }

  /** `<<EOT` … `EOT`, or `<<-EOT` with the least indentation removed. */
  private heredoc(): Expr {
    const pos = this.pos();
    this.i += 2;
    const strip = this.eat('-');
    const marker = this.ident();
    if (!marker || this.s[this.i] !== '\n') this.error('expected a heredoc marker and a newline');
    this.i++;
    const endRe = new RegExp(`^[ \\t]*${marker}[ \\t]*(?:\\r?\\n|$)`);
    const atEnd = (at: number): boolean => (at === 0 || this.s[at - 1] === '\n') && endRe.test(this.s.slice(at, at + marker.length + 64));
    const parts = this.templateParts(atEnd, false);
    this.i = this.s.indexOf(marker, this.i) + marker.length;
    return simplify(strip ? dedent(parts) : parts, pos);
  }
}

function simplify(parts: TemplatePart[], pos: Pos): Expr {
  if (parts.length === 0) return { k: 'literal', value: '', pos };
  if (parts.length === 1 && typeof parts[0] === 'string') return { k: 'literal', value: parts[0], pos };
  return { k: 'template', parts, pos };
}

function dedent(parts: TemplatePart[]): TemplatePart[] {
  const text = parts.filter((p): p is string => typeof p === 'string').join('\u0000');
  const indents = text.split('\n').filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const n = indents.length ? Math.min(...indents) : 0;
  const cut = new RegExp(`(^|\\n)[ \\t]{0,${n}}`, 'g');
  return parts.map((p, idx) => (typeof p === 'string' ? p.replace(cut, (m, nl: string, offset: number) => (idx > 0 && offset === 0 && typeof parts[idx - 1] !== 'string' ? m : nl)) : p));
}
