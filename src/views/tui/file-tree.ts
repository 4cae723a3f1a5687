/**
 * A layer's file changes as a tree, as dive draws it: directories nested,
 * each entry marked added (+), changed (~) or deleted (-, a whiteout in the
 * layer's tar), with its size, and whether a later layer hides its bytes.
 * A chain of directories that change nothing themselves and each hold one
 * directory is one line (`usr/local/bin/`). Pure.
 */
import type { FileChange } from '../../image/layer-changes.js';

export type TreeMark = 'added' | 'modified' | 'deleted' | 'parent';

export interface TreeLine {
  readonly depth: number;
  /** The entry's name, or a directory chain `a/b/`; directories end in `/`. */
  readonly name: string;
  readonly mark: TreeMark;
  /** A file's size, a directory's total of the sizes below it; for a deletion, the bytes it hides. */
  readonly size: number;
  /** A later layer overwrites or deletes this file: its bytes are wasted in the image. */
  readonly wasted: boolean;
  /** An opaque whiteout: everything earlier layers put in this directory is hidden. */
  readonly opaque: boolean;
}

interface Node {
  readonly children: Map<string, Node>;
  change?: FileChange;
}

/** `wasted`: paths of this layer whose bytes a later layer hides. */
export function changeTree(changes: readonly FileChange[], wasted: ReadonlySet<string>): TreeLine[] {
  const root: Node = { children: new Map() };
  for (const c of changes) {
    let node = root;
    for (const part of c.path.split('/').filter(Boolean)) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { children: new Map() }));
      node = next;
    }
    node.change = c;
  }
  const out: TreeLine[] = [];
  walk(root, '', 0, wasted, out);
  return out;
}

function walk(node: Node, path: string, depth: number, wasted: ReadonlySet<string>, out: TreeLine[]): void {
  for (const name of [...node.children.keys()].sort()) {
    let child = node.children.get(name)!;
    let label = name;
    let full = path ? `${path}/${name}` : name;
    // Fold a chain of unchanged directories holding a single entry.
    while (!child.change && child.children.size === 1 && [...child.children.values()][0]!.children.size > 0) {
      const [only, next] = [...child.children][0]!;
      label = `${label}/${only}`;
      full = `${full}/${only}`;
      child = next;
    }
    const c = child.change;
    const isDir = child.children.size > 0 || c?.type === 'directory' || Boolean(c?.opaque);
    out.push({
      depth,
      name: `${label}${isDir ? '/' : ''}`,
      mark: c ? c.kind : 'parent',
      size: c && (c.kind === 'deleted' || !isDir) ? c.size : sizeBelow(child),
      wasted: wasted.has(full),
      opaque: Boolean(c?.opaque),
    });
    walk(child, full, depth + 1, wasted, out);
  }
}

function sizeBelow(node: Node): number {
  const c = node.change;
  let n = c && (c.kind === 'deleted' || c.type !== 'directory') ? c.size : 0;
  for (const c of node.children.values()) n += sizeBelow(c);
  return n;
}
