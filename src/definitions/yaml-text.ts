/** The one importer of `yaml`: a file's tree, or file:line:column and the parser's message. */
import { LineCounter, isNode, parseDocument } from 'yaml';
import { fail, type SourceText } from './types.js';

export interface YamlFile {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line of the node at `keys` (null when absent). */
  readonly lineOf: (keys: readonly (string | number)[]) => number | null;
}

export function readYaml(source: SourceText): YamlFile {
  const lineCounter = new LineCounter();
  // merge: Compose files use `<<: *anchor`; uniqueKeys: a repeated key is an error there too.
  const doc = parseDocument(source.text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    fail({ kind: 'syntax', file: source.path, line: pos.line, column: pos.col, message: firstLine(error.message) });
  }
  return {
    file: source.path,
    value: doc.toJS({ maxAliasCount: 1000 }) as unknown,
    lineOf: (keys) => {
      const node = doc.getIn(keys, true);
      return isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : null;
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
