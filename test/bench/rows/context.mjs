// The large context of fixture.mjs (20,000 kept files, ~500 MB, plus an ignored node_modules), planned
// with a Dockerfile that both layerplan and a real engine can build (FROM busybox:local, no registry).
// The Dockerfile lives beside the context, not in it, and carries a marker made once per fixture, so
// another helper's builds of similar Dockerfiles on a shared BuildKit cannot be what makes ours hit.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_ROOT, CONTEXT_DIR, ensureBenchContext } from '../fixture.mjs';
import { sh } from '../measure.mjs';

export const DOCKERFILE = path.join(BENCH_ROOT, 'Dockerfile.bench');

/**
 * The context the rows time: a fresh copy of the fixture, made once per bench run and removed at exit.
 * On this project's VMs an lstat of a file written hours ago costs ~12 µs against ~2 µs for one just
 * written (find over the fixture 0.26 s of system time, over a copy 0.03 s), which slows layerplan,
 * Docker and xxhsum unevenly; a working tree or a fresh CI checkout is like the copy.
 */
let copy = null;
export function ensureContext() {
  ensureBenchContext((m) => console.error(m));
  if (!existsSync(DOCKERFILE)) {
    const marker = randomUUID();
    writeFileSync(DOCKERFILE, `FROM busybox:local\nWORKDIR /app\nCOPY package.json ./\nRUN echo ${marker} deps\nCOPY . .\nRUN echo ${marker} build\n`);
  }
  if (copy === null) {
    const work = mkdtempSync(path.join(tmpdir(), 'lp-bench-context-'));
    process.on('exit', () => rmSync(work, { recursive: true, force: true }));
    copy = path.join(work, 'context');
    sh(`cp -a ${CONTEXT_DIR} ${copy}`);
    // Every file once through the page cache, so both sides of each pair read from memory.
    sh(`find ${copy} -type f -print0 | xargs -0 cat > /dev/null`);
  }
  return { context: copy, dockerfile: DOCKERFILE, marker: readFileSync(DOCKERFILE, 'utf8') };
}

/** `find` over the files `context` keeps (.dockerignore drops node_modules), NUL-separated, for xxhsum. */
export function keptFiles(context) {
  return `find ${context} -path ${context}/node_modules -prune -o -type f -print0`;
}

/** Files and bytes the context keeps, for the row's label. */
export function contextShape() {
  const out = sh(`${keptFiles(ensureContext().context)} | xargs -0 stat -c %s | awk '{n++; s+=$1} END {print n, s}'`).trim().split(' ');
  return { files: Number(out[0]), bytes: Number(out[1]) };
}
