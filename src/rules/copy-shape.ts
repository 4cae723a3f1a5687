/** What a COPY brings in, as far as cache order goes: only manifests, or more ("broad"). */
import type { Step } from '../graph/index.js';
import { basename, ECOSYSTEMS, isManifest, matchesName } from './expense.js';

/** Folders that are never build inputs and change all the time (LP201, and the .dockerignore lines `fix` suggests). */
export const HEAVY_FOLDERS: readonly string[] = ['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.pytest_cache', '.mypy_cache', '.tox', 'target', '.gradle', '.terraform', '.next', '.cache', 'coverage'];

/** A COPY/ADD from the build context (not `--from`, not a URL, not a heredoc). */
export function isContextCopy(step: Step): boolean {
  return step.op.kind === 'copy' && step.op.from.kind === 'context' && step.op.sources.length > 0;
}

/**
 * A context COPY that brings more than dependency manifests: `.`, a folder,
 * a source file. `package*.json` counts as a manifest (it matches one).
 */
export function isBroadCopy(step: Step): boolean {
  if (step.op.kind !== 'copy' || !isContextCopy(step)) return false;
  return step.op.sources.some((s) => !isManifestSource(s));
}

function isManifestSource(source: string): boolean {
  const name = basename(source);
  if (name === '' || name === '.' || name === '..' || source.endsWith('/')) return false;
  if (!/[*?[]/.test(name)) return isManifest(name);
  // `COPY *.csproj .` copies exactly what the manifest pattern names; `package*.json` matches package.json.
  return ECOSYSTEMS.some((e) => e.manifests.some((m) => m === name || (!m.includes('*') && globMatch(name, m))));
}

/** A COPY source glob (Dockerfile `*`, `?`) against one name. */
function globMatch(glob: string, name: string): boolean {
  if (/\[/.test(glob)) return false;
  return matchesName(glob.replace(/\?/g, '*'), name);
}

/** Files a broad COPY brings that are only docs or tooling, which no build step needs. */
const DOCS_LIKE = [/(^|\/)[^/]*\.(md|markdown|rst|adoc)$/i, /(^|\/)(docs?|\.github|\.gitlab|\.circleci|\.vscode|\.idea)\//, /(^|\/)(LICEN[CS]E|CHANGELOG|AUTHORS|CONTRIBUTING|CODEOWNERS)[^/]*$/i, /(^|\/)(\.gitignore|\.gitattributes|\.editorconfig|\.pre-commit-config\.yaml|docker-compose[^/]*\.ya?ml|compose\.ya?ml)$/, /(^|\/)([^/]*\.)?(Dockerfile|Containerfile)(\.[^/]*)?$/];

export function isDocsLike(file: string): boolean {
  return DOCS_LIKE.some((re) => re.test(file));
}

/** The .dockerignore line for a docs-like file: its top folder when it lies in one (`docs/`), else the file. */
export function ignoreLineFor(file: string): string {
  const dir = /^(docs?|\.github|\.gitlab|\.circleci|\.vscode|\.idea)\//.exec(file)?.[1];
  return dir ?? file;
}
