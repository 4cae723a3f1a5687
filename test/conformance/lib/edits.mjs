// Lays out a scenario's build context and applies its edits, with the same semantics as
// shared/conformance/replay.mjs (copied from there, so recordings and replays agree on what an edit does).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Applies one edit ({path, write|delete|touch|chmod|mkdir|symlink|rename|tar}) inside the context dir. */
export function applyEdit(dir, e) {
  const p = e.path ? path.join(dir, e.path) : null;
  if ('write' in e) { fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, e.write); }
  if (e.delete) fs.rmSync(p, { recursive: true, force: true });
  // touch = mtime only, a minute ahead so it differs from the write whatever the clock's resolution
  if (e.touch) { const t = new Date(Date.now() + 60000); fs.utimesSync(p, t, t); }
  if (e.chmod) fs.chmodSync(p, parseInt(e.chmod, 8));
  if (e.mkdir) fs.mkdirSync(p, { recursive: true });
  if (e.symlink) { fs.rmSync(p, { force: true }); fs.symlinkSync(e.symlink, p); }
  if (e.rename) fs.renameSync(p, path.join(dir, e.rename));
  if (e.tar) makeTar(dir, e.tar, e.from);
}

// A reproducible tar archive (fixed name order, mtime and owner) built from {path: content}.
function makeTar(dir, name, files) {
  const t = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-'));
  for (const [f, c] of Object.entries(files)) { fs.mkdirSync(path.dirname(path.join(t, f)), { recursive: true }); fs.writeFileSync(path.join(t, f), c); }
  execFileSync('tar', ['--sort=name', '--mtime=2020-01-01', '--owner=0', '--group=0', '-cf', path.join(dir, name), '-C', t, '.']);
  fs.rmSync(t, { recursive: true, force: true });
}

/** A fresh temporary context holding the scenario's files after its setup steps. */
export function materialize(scenario) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rec-'));
  for (const [p, c] of Object.entries(scenario.files ?? {})) applyEdit(dir, { path: p, write: c });
  for (const e of scenario.setup ?? []) applyEdit(dir, e);
  return dir;
}
