/**
 * `lint` for Dockerfiles git does not know: outside any repository, outside
 * the current one, or read from stdin (`-`, hadolint's form). The context is
 * read from disk (a Dockerfile on stdin has none: the rules that need one stay
 * silent rather than guess).
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';
import { loadContext, parseIgnoreFile, readRegularFile } from '../context/index.js';
import type { Builder } from '../key/index.js';
import type { ContextFacts, RuleSettings } from '../rules/index.js';
import type { DockerfileReport } from '../rules/report.js';
import { analyzeDockerfile } from './analyze.js';

export interface LooseDockerfile {
  /** As the report names it: relative to the working directory, or `-` for stdin. */
  readonly dockerfile: string;
  readonly text: string;
  /** Absolute context folder; null: none (stdin without --context). */
  readonly context: string | null;
  /** Absolute path of the file (it picks `<Dockerfile>.dockerignore`); null for stdin. */
  readonly abs: string | null;
}

export interface LooseOptions {
  readonly settings: RuleSettings;
  readonly builder: Builder;
  readonly platformArgs: ReadonlyMap<string, string>;
  /** For reports: the folder context paths are shown relative to. */
  readonly cwd: string;
}

export async function lintLoose(files: readonly LooseDockerfile[], opts: LooseOptions): Promise<DockerfileReport[]> {
  const reports: DockerfileReport[] = [];
  for (const f of files) {
    const facts = f.context === null ? null : await diskFacts(f.context, f.abs ?? path.join(f.context, 'Dockerfile'), opts.builder);
    reports.push({
      dockerfile: f.dockerfile,
      context: f.context === null ? '-' : path.relative(opts.cwd, f.context).split(path.sep).join('/'),
      state: 'unchanged',
      rebuilt: [],
      findings: analyzeDockerfile({ dockerfile: f.dockerfile, text: f.text, context: facts, change: null, settings: opts.settings, platformArgs: opts.platformArgs }),
    });
  }
  return reports;
}

/** What the builder would receive from `root`, every file there before .dockerignore, and their modes. */
async function diskFacts(root: string, dockerfile: string, builder: Builder): Promise<ContextFacts> {
  const snapshot = await loadContext({ root, dockerfile, builder, statCacheDir: null });
  const { present, localModes } = filesUnder(root);
  let topNames: string[] = [];
  try {
    topNames = readdirSync(root);
  } catch {
    topNames = [];
  }
  const ignore = snapshot.ignoreFile === null ? null : parseIgnoreFile(readRegularFile(path.resolve(root, snapshot.ignoreFile)), builder);
  return { snapshot, ignoreFile: snapshot.ignoreFile, ignore, present, topNames, localModes };
}

function filesUnder(root: string): { present: Set<string>; localModes: Map<string, number> } {
  const present = new Set<string>();
  const localModes = new Map<string, number>();
  const walk = (rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(path.join(root, rel));
    } catch {
      return; // Unreadable: loadContext has already said so if the build needs it.
    }
    for (const name of names) {
      const child = rel ? `${rel}/${name}` : name;
      if (child === '.git') continue;
      const st = lstatOrNull(path.join(root, child));
      if (st?.isDirectory()) walk(child);
      else if (st?.isFile()) {
        present.add(child);
        localModes.set(child, st.mode & 0o7777);
      } else if (st) present.add(child);
    }
  };
  walk('');
  return { present, localModes };
}

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}
