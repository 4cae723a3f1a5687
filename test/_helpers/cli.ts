/** Runs the real CLI (bin/layerplan, compiled JS) as a user would, in a child process. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const bin = path.join(repoRoot, 'bin', 'layerplan');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function layerplan(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...opts.env },
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A private copy of an example project and a fresh cache dir. */
export function copyExample(name: string): { dir: string; cache: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-e2e-'));
  const dir = path.join(root, name);
  cpSync(path.join(repoRoot, 'examples-dockerfiles', name), dir, { recursive: true });
  return { dir, cache: path.join(root, 'cache') };
}
