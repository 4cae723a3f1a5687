// The benchmark's build context: 20,000 kept files totalling ~500 MB in a
// realistic tree (many small sources, a few large binaries), plus an ignored
// node_modules. Generated once under /tmp/layerplan-bench/ and reused; the
// `.complete` marker says a previous generation finished.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const BENCH_ROOT = '/tmp/layerplan-bench';
export const CONTEXT_DIR = path.join(BENCH_ROOT, 'context');
const MARKER = path.join(BENCH_ROOT, '.complete-v1');

export const SHAPE = {
  keptFiles: 20_000,
  bigFiles: 80,
  bigBytes: 5 * 1024 * 1024, // 80 × 5 MiB = 400 MiB of binaries
  ignoredFiles: 500,
};

const DOCKERFILE = `FROM node:20-alpine
WORKDIR /app
COPY package.json ./
RUN npm ci
COPY . .
RUN npm run build
CMD ["node", "dist/index.js"]
`;

/** Creates the context unless a complete one exists; returns its directory. */
export function ensureBenchContext(log = () => {}) {
  if (existsSync(MARKER)) return CONTEXT_DIR;
  log(`generating ${SHAPE.keptFiles} files (~500 MB) under ${CONTEXT_DIR} (once)...`);
  rmSync(BENCH_ROOT, { recursive: true, force: true });
  let kept = 0;
  const write = (rel, data) => {
    const abs = path.join(CONTEXT_DIR, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, data);
  };
  write('Dockerfile', DOCKERFILE);
  write('.dockerignore', 'node_modules\n.git\n*.log\n');
  write('package.json', JSON.stringify({ name: 'bench', version: '1.0.0', scripts: { build: 'tsc' } }, null, 2) + '\n');
  kept += 3;
  for (let i = 0; i < SHAPE.bigFiles; i++, kept++) write(`assets/bin/blob-${i}.bin`, randomBytes(SHAPE.bigBytes));
  // Small sources: packages/pkg-NN/src/module-MM/file-K.ts, sizes 1..16 KiB (avg ≈ 5 KiB).
  let n = 0;
  while (kept < SHAPE.keptFiles) {
    const pkg = Math.floor(n / 400);
    const mod = Math.floor((n % 400) / 20);
    const size = 1024 + ((n * 7919) % 15) * ((n % 3) === 0 ? 1024 : 256);
    write(`packages/pkg-${pkg}/src/module-${mod}/file-${n % 20}.ts`, randomBytes(size).toString('base64').slice(0, size));
    n++;
    kept++;
  }
  for (let i = 0; i < SHAPE.ignoredFiles; i++) write(`node_modules/dep-${i % 50}/lib/f${i}.js`, `module.exports=${i};\n`);
  writeFileSync(MARKER, new Date().toISOString());
  return CONTEXT_DIR;
}
