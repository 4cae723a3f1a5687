// The large context of fixture.mjs (20,000 kept files, ~500 MB, plus an ignored node_modules), planned
// with a Dockerfile that both layerplan and a real engine can build (FROM busybox:local, no registry).
// The Dockerfile lives beside the context, not in it, and carries a marker made once per fixture, so
// another helper's builds of similar Dockerfiles on a shared BuildKit cannot be what makes ours hit.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_ROOT, CONTEXT_DIR, ensureBenchContext } from '../fixture.mjs';
import { sh } from '../measure.mjs';

export const DOCKERFILE = path.join(BENCH_ROOT, 'Dockerfile.bench');

export function ensureContext() {
  ensureBenchContext((m) => console.error(m));
  if (!existsSync(DOCKERFILE)) {
    const marker = randomUUID();
    writeFileSync(DOCKERFILE, `FROM busybox:local\nWORKDIR /app\nCOPY package.json ./\nRUN echo ${marker} deps\nCOPY . .\nRUN echo ${marker} build\n`);
  }
  // Every file once through the page cache, so both sides of each pair read from memory.
  sh(`find ${CONTEXT_DIR} -type f -print0 | xargs -0 cat > /dev/null`);
  return { context: CONTEXT_DIR, dockerfile: DOCKERFILE, marker: readFileSync(DOCKERFILE, 'utf8') };
}

/** `find` over the files the context keeps (.dockerignore drops node_modules), NUL-separated, for xxhsum. */
export const KEPT_FILES = `find ${CONTEXT_DIR} -path ${CONTEXT_DIR}/node_modules -prune -o -type f -print0`;

/** Files and bytes the context keeps, for the row's label. */
export function contextShape() {
  const out = sh(`${KEPT_FILES} | xargs -0 stat -c %s | awk '{n++; s+=$1} END {print n, s}'`).trim().split(' ');
  return { files: Number(out[0]), bytes: Number(out[1]) };
}
