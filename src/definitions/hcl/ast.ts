/** The HCL native-syntax subset bake files use: bodies of attributes and blocks, and expressions. */

export interface Pos {
  readonly line: number;
  readonly column: number;
}

export type Value = string | number | boolean | null | readonly Value[] | { readonly [k: string]: Value };

export type TemplatePart = string | Expr;

export type Expr =
  | { readonly k: 'literal'; readonly value: Value; readonly pos: Pos }
  | { readonly k: 'template'; readonly parts: readonly TemplatePart[]; readonly pos: Pos }
  | { readonly k: 'variable'; readonly name: string; readonly pos: Pos }
  | { readonly k: 'attr'; readonly of: Expr; readonly name: string; readonly pos: Pos }
  | { readonly k: 'index'; readonly of: Expr; readonly key: Expr; readonly pos: Pos }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly expandLast: boolean; readonly pos: Pos }
  | { readonly k: 'tuple'; readonly items: readonly Expr[]; readonly pos: Pos }
  | { readonly k: 'object'; readonly items: readonly { readonly key: Expr; readonly value: Expr }[]; readonly pos: Pos }
  | { readonly k: 'unary'; readonly op: '!' | '-'; readonly of: Expr; readonly pos: Pos }
  | { readonly k: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly pos: Pos }
  | { readonly k: 'conditional'; readonly test: Expr; readonly then: Expr; readonly else: Expr; readonly pos: Pos }
  | { readonly k: 'for'; readonly into: 'tuple' | 'object'; readonly keyVar: string | null; readonly valueVar: string; readonly collection: Expr; readonly key: Expr | null; readonly value: Expr; readonly filter: Expr | null; readonly group: boolean; readonly pos: Pos };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface Attribute {
  readonly name: string;
  readonly expr: Expr;
  readonly pos: Pos;
}

export interface Block {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
  readonly pos: Pos;
}

export interface Body {
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly Block[];
}
