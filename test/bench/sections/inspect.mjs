// `layerplan inspect` on a generated 1 GB `docker save` tarball with 20 layers,
// beside `tar -tf` on the same file: wall time and peak memory (max RSS).
// The image is written once under /tmp/layerplan-bench-image/ without Docker: a
// legacy-layout save (manifest.json, <n>/layer.tar) whose later layers
// overwrite and delete files of earlier ones.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Compiled by `npm run bench` (tsc) before the sections run.
import { header } from '../../../dist/test/image/_helpers/make-tar.js';

export const name = 'layerplan inspect (1 GB docker save, 20 layers)';

const ROOT = '/tmp/layerplan-bench-image'; // not under fixture.mjs's root, which it clears when regenerating
const IMAGE = path.join(ROOT, 'image-1g-20-layers.tar');
const MARKER = `${IMAGE}.complete-v1`;
const LAYERS = 20;
const FILES_PER_LAYER = 50;
const FILE_BYTES = 1024 * 1024; // 20 × 50 × 1 MiB ≈ 1.05 GB
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/layerplan');

export async function run(report) {
  await ensureImage();
  const size = statSync(IMAGE).size;
  const inspect = measure(BIN, ['inspect', IMAGE, '--json']);
  const tar = measure('tar', ['-tf', IMAGE]);
  // GNU tar seeks past entry bodies in a file; through a pipe it must read every byte, as inspect does.
  const tarStream = measure('sh', ['-c', `tar -tf - < '${IMAGE}'`]);
  report('image', { bytes: size, layers: LAYERS, files: LAYERS * FILES_PER_LAYER });
  report('layerplan inspect --json', { seconds: inspect.seconds, peakRssMB: inspect.peakRssMB, exit: inspect.status });
  report('tar -tf (outer listing, seeks)', { seconds: tar.seconds, peakRssMB: tar.peakRssMB, exit: tar.status });
  report('tar -tf - < file (reads every byte)', { seconds: tarStream.seconds, peakRssMB: tarStream.peakRssMB, exit: tarStream.status });
}

/** Runs a command to completion; peak RSS comes from GNU time when installed. */
function measure(cmd, args) {
  const hasTime = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const res = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lastLine = res.stderr.toString().trim().split('\n').pop() ?? '';
  const peakRssMB = hasTime && /^\d+$/.test(lastLine) ? Math.round(Number(lastLine) / 1024) : null;
  return { seconds: Math.round(seconds * 100) / 100, peakRssMB, status: res.status };
}

async function ensureImage() {
  if (existsSync(MARKER)) return;
  mkdirSync(ROOT, { recursive: true });
  const out = createWriteStream(IMAGE);
  const write = (buf) => (out.write(buf) ? null : once(out, 'drain'));
  return (async () => {
    const diffIds = [];
    const history = [];
    const layerPaths = [];
    for (let i = 0; i < LAYERS; i++) {
      const entries = layerEntries(i);
      const layerSize = entries.reduce((n, e) => n + 512 + pad(e.size), 0) + 1024;
      await write(header({ name: `${i}/layer.tar`, size: layerSize, flag: '0' }));
      const hash = createHash('sha256');
      for (const e of entries) {
        const h = header({ name: e.name, size: e.size, flag: e.type });
        hash.update(h);
        await write(h);
        if (e.size > 0) {
          const body = Buffer.concat([randomBytes(e.size), Buffer.alloc(pad(e.size) - e.size)]);
          hash.update(body);
          await write(body);
        }
      }
      const end = Buffer.alloc(1024);
      hash.update(end);
      await write(end);
      diffIds.push(`sha256:${hash.digest('hex')}`);
      history.push({ created: '2024-01-01T00:00:00Z', created_by: `RUN /bin/sh -c generate layer ${i} # buildkit` });
      layerPaths.push(`${i}/layer.tar`);
    }
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds }, history }));
    const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
    for (const [fname, body] of [[configName, config], ['manifest.json', Buffer.from(JSON.stringify([{ Config: configName, RepoTags: ['lpimg-bench:1g'], Layers: layerPaths }]))]]) {
      await write(header({ name: fname, size: body.length, flag: '0' }));
      await write(Buffer.concat([body, Buffer.alloc(pad(body.length) - body.length)]));
    }
    await write(Buffer.alloc(1024));
    out.end();
    await once(out, 'finish');
    writeFileSync(MARKER, new Date().toISOString());
  })();
}

/** Layer i writes 50 files; every third layer overwrites files of the layer before and deletes one. */
function layerEntries(i) {
  const entries = [{ name: `layer-${i}/`, size: 0, type: '5' }];
  const rewrite = i > 0 && i % 3 === 0;
  for (let f = 0; f < FILES_PER_LAYER; f++) {
    const name = rewrite && f < 10 ? `layer-${i - 1}/file-${f}.bin` : `layer-${i}/file-${f}.bin`;
    entries.push({ name, size: FILE_BYTES, type: '0' });
  }
  if (rewrite) entries.push({ name: `layer-${i - 1}/.wh.file-49.bin`, size: 0, type: '0' });
  return entries;
}

function pad(size) {
  return Math.ceil(size / 512) * 512;
}
