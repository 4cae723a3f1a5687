import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError, engineEndpoint, engineLabel, exportImage, type Env } from '../engine/index.js';
import { ImageReadError } from './errors.js';
import { readDockerArchive } from './read-docker-archive.js';
import { readOciLayout } from './read-oci-layout.js';
import type { ParsedImage } from './types.js';

export interface ReadImageOptions {
  readonly env: Env;
  /** Relative SOURCE paths are taken from here. */
  readonly cwd: string;
  /** "os/arch" to pick from a multi-platform index. */
  readonly platform: string;
  /** Which tag to take from an archive holding several images. */
  readonly image?: string;
}

/**
 * SOURCE is a file (a `docker save` or OCI archive, plain or gzipped), a
 * directory (an OCI image layout), or else the name of an image in the local
 * Docker Engine, which is exported and read as a stream.
 */
export async function readImage(source: string, options: ReadImageOptions): Promise<ParsedImage> {
  const file = path.resolve(options.cwd, source);
  const kind = await stat(file).then((s) => (s.isDirectory() ? 'directory' : 'file'), () => 'name');
  if (kind === 'directory') return { ...(await readOciLayout(file, options.platform)), source: { kind: 'oci-layout', location: source } };
  if (kind === 'file') {
    const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
    return closing(stream, readDockerArchive(stream, { location: source, platform: options.platform, ...(options.image ? { image: options.image } : {}) }));
  }
  return readFromEngine(source, options);
}

/**
 * The tar reader stops at the end-of-archive blocks and leaves the rest of the
 * source unread; an engine response left half-read keeps its socket open and
 * the process alive, so the source is closed once the image is read, either way.
 */
async function closing<T>(stream: { destroy(): void }, reading: Promise<T>): Promise<T> {
  try {
    return await reading;
  } finally {
    stream.destroy();
  }
}

async function readFromEngine(name: string, options: ReadImageOptions): Promise<ParsedImage> {
  let stream;
  try {
    stream = await exportImage(name, options.env);
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    throw new ImageReadError(err.kind === 'no-engine' ? 'E_NOT_FOUND' : 'E_ENGINE', `"${name}" is not a file or directory, and ${err.message}, so it cannot be read as an image name either`);
  }
  if (!stream) throw new ImageReadError('E_NOT_FOUND', `"${name}" is not a file or directory, and the Docker Engine has no image of that name`);
  const image = await closing(stream, readDockerArchive(stream, { location: name, platform: options.platform }));
  const endpoint = engineEndpoint(options.env);
  return { ...image, source: { kind: 'engine', location: name, ...(typeof endpoint === 'string' ? {} : { engine: engineLabel(endpoint) }) } };
}
