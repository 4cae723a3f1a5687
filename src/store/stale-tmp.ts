/**
 * Temporary files a killed writer left behind. writeAtomic names them
 * `<file>.<pid>.<rand>.tmp`; one whose writer is gone (or that is older than
 * any write takes) is removed on the next write. Nothing reads them.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode } from '../lang/error-code.js';

const TMP = /\.(\d+)\.[0-9a-f]+\.tmp$/;
/** No write of a store file takes this long; a file this old is stale even if its pid was reused. */
const STALE_AFTER_MS = 60 * 60 * 1000;

export function removeStaleTmp(dirs: readonly string[], now: number = Date.now()): string[] {
  const removed: string[] = [];
  for (const dir of dirs) {
    for (const name of listNames(dir)) {
      const m = TMP.exec(name);
      if (!m) continue;
      const file = join(dir, name);
      if (isAlive(Number(m[1])) && !olderThan(file, now - STALE_AFTER_MS)) continue;
      rmSync(file, { force: true });
      removed.push(file);
    }
  }
  return removed;
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return errorCode(err) === 'EPERM';
  }
}

function olderThan(file: string, cutoff: number): boolean {
  try {
    return statSync(file).mtimeMs < cutoff;
  } catch {
    return false;
  }
}
