import type { LayerEntry } from './types.js';

/**
 * The overlay model: stacks layer file lists the way overlayfs does and says,
 * per layer, what it adds, changes and deletes, and which bytes later layers
 * hide (overwrite or delete). Pure.
 */

export type ChangeKind = 'added' | 'modified' | 'deleted';

export interface FileChange {
  readonly path: string;
  readonly kind: ChangeKind;
  readonly type: LayerEntry['type'];
  /** Added/modified: the new size. Deleted: the bytes the deletion hides. */
  readonly size: number;
  /** A deleted entry that is an opaque-directory marker (`.wh..wh..opq`): earlier contents of `path` are hidden. */
  readonly opaque?: boolean;
}

export interface LayerChanges {
  readonly changes: readonly FileChange[];
  /** Bytes of regular files this layer writes. */
  readonly fileBytes: number;
  /** Of those, bytes that later layers overwrite or delete. */
  readonly wastedBytes: number;
}

/** A path written in more than one layer, or written and then deleted. */
export interface WastedPath {
  readonly path: string;
  /** Layers (0-based) that wrote a version now hidden. */
  readonly layers: readonly number[];
  readonly wastedBytes: number;
}

export interface OverlayResult {
  readonly layers: readonly LayerChanges[];
  readonly wasted: readonly WastedPath[];
}

interface Version {
  readonly layer: number;
  readonly size: number;
  readonly type: LayerEntry['type'];
}

interface TreeNode {
  readonly children: Map<string, TreeNode>;
  /** The layer that first made this path exist (explicitly or as a parent). */
  readonly born: number;
  version?: Version;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

export function stackLayers(layers: readonly (readonly LayerEntry[])[]): OverlayResult {
  const root: TreeNode = { children: new Map(), born: -1 };
  const wastedByLayer = layers.map(() => 0);
  const wastedPaths = new Map<string, { layers: number[]; bytes: number }>();
  const hide = (path: string, v: Version): void => {
    if (v.type !== 'file' || v.size === 0) return;
    wastedByLayer[v.layer]! += v.size;
    const w = wastedPaths.get(path) ?? { layers: [], bytes: 0 };
    w.layers.push(v.layer);
    w.bytes += v.size;
    wastedPaths.set(path, w);
  };
  const changes = layers.map((entries, i) => [...applyWhiteouts(root, entries, hide), ...applyEntries(root, entries, i, hide)]);
  return {
    layers: layers.map((entries, i) => ({
      changes: changes[i]!.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      fileBytes: entries.reduce((sum, e) => (e.type === 'file' && !isWhiteout(e.path) ? sum + e.size : sum), 0),
      wastedBytes: wastedByLayer[i]!,
    })),
    wasted: [...wastedPaths].map(([path, w]) => ({ path, layers: w.layers.sort((a, b) => a - b), wastedBytes: w.bytes })).sort((a, b) => b.wastedBytes - a.wastedBytes || (a.path < b.path ? -1 : 1)),
  };
}

type Hide = (path: string, version: Version) => void;

/** Whiteouts apply to lower layers only (OCI image-spec), so they go first, before this layer's own files. */
function applyWhiteouts(root: TreeNode, entries: readonly LayerEntry[], hide: Hide): FileChange[] {
  const out: FileChange[] = [];
  for (const e of entries) {
    const { dir, base } = split(e.path);
    if (base === OPAQUE) {
      const node = find(root, dir);
      let size = 0;
      for (const [name, child] of node?.children ?? []) size += hideTree(join(dir, name), child, hide);
      node?.children.clear();
      out.push({ path: dir, kind: 'deleted', type: 'directory', size, opaque: true });
    } else if (base.startsWith(WHITEOUT) && !base.startsWith(`${WHITEOUT}${WHITEOUT}`)) {
      const target = join(dir, base.slice(WHITEOUT.length));
      const parent = find(root, dir);
      const node = parent?.children.get(base.slice(WHITEOUT.length));
      const size = node ? hideTree(target, node, hide) : 0;
      parent?.children.delete(base.slice(WHITEOUT.length));
      out.push({ path: target, kind: 'deleted', type: node?.version?.type ?? 'directory', size });
    }
  }
  return out;
}

function applyEntries(root: TreeNode, entries: readonly LayerEntry[], layer: number, hide: Hide): FileChange[] {
  const out: FileChange[] = [];
  for (const e of entries) {
    if (isWhiteout(e.path)) continue;
    const { node, existed } = ensure(root, e.path, layer, hide);
    const prior = node.version;
    const version: Version = { layer, size: e.size, type: e.type };
    if (prior?.layer === layer) {
      node.version = version; // stated twice in one tar: the later entry wins
      continue;
    }
    const priorIsDirectory = existed && (prior === undefined || prior.type === 'directory');
    // A directory restated because something under it changed is not a change of its own.
    if (e.type === 'directory' && priorIsDirectory) continue;
    if (existed) {
      if (priorIsDirectory) for (const [name, child] of node.children) hideTree(join(e.path, name), child, hide);
      node.children.clear();
      if (prior) hide(e.path, prior);
    }
    node.version = version;
    out.push({ path: e.path, kind: existed ? 'modified' : 'added', type: e.type, size: e.size });
  }
  return out;
}

/**
 * Finds or creates the node for `path`; `existed` says whether an earlier layer
 * had it. A file standing where a directory is now needed is hidden.
 */
function ensure(root: TreeNode, path: string, layer: number, hide: Hide): { node: TreeNode; existed: boolean } {
  let node = root;
  let at = '';
  for (const part of path.split('/')) {
    if (node.version && node.version.type !== 'directory' && node.version.layer < layer) {
      hide(at, node.version);
      node.version = undefined;
    }
    at = join(at, part);
    let next = node.children.get(part);
    if (!next) {
      next = { children: new Map(), born: layer };
      node.children.set(part, next);
    }
    node = next;
  }
  return { node, existed: node.born < layer };
}

/** Marks every file version under `node` hidden; returns their bytes. */
function hideTree(path: string, node: TreeNode, hide: Hide): number {
  let size = 0;
  if (node.version) {
    hide(path, node.version);
    if (node.version.type === 'file') size += node.version.size;
  }
  for (const [name, child] of node.children) size += hideTree(join(path, name), child, hide);
  return size;
}

function find(root: TreeNode, path: string): TreeNode | undefined {
  if (path === '') return root;
  let node: TreeNode | undefined = root;
  for (const part of path.split('/')) node = node?.children.get(part);
  return node;
}

function isWhiteout(path: string): boolean {
  return split(path).base.startsWith(WHITEOUT);
}

function split(path: string): { dir: string; base: string } {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? { dir: '', base: path } : { dir: path.slice(0, slash), base: path.slice(slash + 1) };
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
