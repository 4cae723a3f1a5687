/**
 * A real Dockerfile made buildable offline on busybox:local, the same way for the original and for what
 * `layerplan fix` made of it, so that their two images can be compared file by file:
 * - every base image becomes busybox:local (stages stay stages; unnamed stages get a name, so each can be built
 *   as a --target); the `# syntax=` directive and comments go;
 * - a RUN that only busybox commands make (mkdir, echo, cp, ...) stays as written;
 * - a dependency install (npm/yarn/pnpm/pip/poetry/uv/pipenv/go mod/cargo fetch/bundle/composer/mvn
 *   dependency:*, dotnet restore) becomes a stand-in that records what an install reads: the mode, owner and
 *   checksum of each package-manager file in its folder (manifests, lockfiles, .npmrc, .yarn/, patches/ ...),
 *   and leaves that record in /lp-rec and in its folder (as an install leaves node_modules);
 * - any other RUN (a build, a network fetch) becomes a stand-in that records everything it could read: the
 *   mode, owner and checksum of every file of the stage;
 * - a stage another one copies from ends with a step that creates the paths copied out of it, holding its
 *   records, so the copy succeeds and carries them on.
 * A step the stand-ins cannot model (ADD of a URL, SHELL, USER by name, RUN --mount) is refused by name.
 * Each stage's first step carries `marker`, so builds by other users of the engine cannot be cache hits here.
 */
import { createHash } from 'node:crypto';
import { parseDockerfile, type Instruction } from '../../../src/parse/index.js';

/** Commands busybox:local has (it lacks adduser and addgroup): a RUN of only these runs as written. */
const BUSYBOX = new Set(['mkdir', 'echo', 'cp', 'mv', 'rm', 'ln', 'chmod', 'chown', 'touch', 'true', 'cat', 'sed', 'printf', 'test', '[', 'set', 'cd', 'ls']);

const INSTALL = /\b(npm\s+(ci|install|i)\b|yarn(\s+install\b|\s*$|\s+--)|pnpm\s+(install|i|fetch)\b|pip3?\s+install\b|poetry\s+install\b|uv\s+sync\b|pipenv\s+(install|sync)\b|go\s+mod\s+download\b|cargo\s+fetch\b|bundle(\s+install\b|\s*$)|composer\s+install\b|mvn\b.*\bdependency:|dotnet\s+restore\b)/;

/** What package managers read beside the manifest: the stand-in install records each that is there. */
const INSTALL_INPUTS = [
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', '.yarnrc', '.yarnrc.yml', '.yarn', '.npmrc', '.pnpmfile.cjs',
  'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'patches', 'requirements*.txt', 'constraints*.txt', 'setup.py', 'setup.cfg', 'pyproject.toml',
  'poetry.lock', 'uv.lock', 'Pipfile', 'Pipfile.lock', 'pip.conf', 'go.mod', 'go.sum', 'go.work', 'Cargo.toml', 'Cargo.lock', 'Gemfile',
  'Gemfile.lock', '.bundle', 'composer.json', 'composer.lock', 'pom.xml', '.mvn', '*.csproj', '*.fsproj', '*.sln', 'NuGet.config', 'Directory.Packages.props',
];

/** Files whose bytes differ from one container to the next (the engine writes them), left out of records. */
const PRUNED = ['/proc', '/sys', '/dev', '/lp-rec', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/.dockerenv'];

export class UnsupportedStep extends Error {}

export interface OfflineDockerfile {
  readonly text: string;
  /** Stage names in order (given ones lower-cased, as BuildKit takes them; `lp-stage-N` for unnamed ones). */
  readonly stages: readonly string[];
}

export function offlineDockerfile(text: string, marker: string): OfflineDockerfile {
  const parsed = parseDockerfile(text);
  if (parsed.problems.length) throw new UnsupportedStep(`the Dockerfile does not parse: ${parsed.problems.map((p) => p.message).join('; ')}`);
  const stages = stageNames(parsed.instructions);
  const copiedOut = copiedFromStages(parsed.instructions, stages);
  const out: string[] = [];
  const seen = new Map<string, number>();
  let stage = -1;
  const endStage = (): void => {
    const paths = copiedOut.get(stage);
    if (paths) out.push(`RUN mkdir -p /lp-rec && ${paths.map(materialise).join(' && ')}`);
  };
  for (const ins of parsed.instructions) {
    if (ins.keyword === 'FROM') {
      if (stage >= 0) endStage();
      stage++;
      out.push(fromLine(ins, stages, stage), `RUN echo ${marker} > /dev/null`);
      continue;
    }
    const tagBase = createHash('sha256').update(ins.original).digest('hex').slice(0, 10);
    const n = (seen.get(tagBase) ?? 0) + 1;
    seen.set(tagBase, n);
    out.push(offlineStep(ins, `${tagBase}-${n}`));
  }
  endStage();
  return { text: `${out.join('\n')}\n`, stages };
}

function stageNames(instructions: readonly Instruction[]): string[] {
  return instructions.filter((i) => i.keyword === 'FROM').map((from, i) => {
    const m = /\s+as\s+(\S+)\s*$/i.exec(from.rest);
    return m ? (m[1] ?? '').toLowerCase() : `lp-stage-${i}`;
  });
}

function fromLine(from: Instruction, stages: readonly string[], index: number): string {
  const base = (from.rest.split(/\s+/)[0] ?? '').toLowerCase();
  const isStage = stages.slice(0, index).includes(base) || (/^\d+$/.test(base) && Number(base) < index);
  return `FROM ${isStage ? base : 'busybox:local'} AS ${stages[index]}`;
}

/** Per stage index, the paths other stages `COPY --from` it. */
function copiedFromStages(instructions: readonly Instruction[], stages: readonly string[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const ins of instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const from = ins.flags.find((f) => f.name === 'from')?.value;
    if (!from) continue;
    const index = /^\d+$/.test(from) ? Number(from) : stages.indexOf(from.toLowerCase());
    if (index < 0) throw new UnsupportedStep(`line ${ins.line}: COPY --from=${from} names an image, not a stage`);
    const words = ins.exec ?? ins.rest.split(/\s+/).filter(Boolean);
    out.set(index, [...(out.get(index) ?? []), ...words.slice(0, -1)]);
  }
  return out;
}

/** A path another stage copies out, made from this stage's records when no step made it. */
function materialise(p: string): string {
  const dir = p.endsWith('/') || !/\.[^/]+$/.test(p);
  const clean = p.replace(/\/+$/, '') || '/';
  return dir ? `{ [ -e ${clean} ] || { mkdir -p ${clean} && cp -r /lp-rec/. ${clean}/; }; }` : `{ [ -e ${clean} ] || { mkdir -p $(dirname ${clean}) && cat /lp-rec/* > ${clean}; }; }`;
}

function offlineStep(ins: Instruction, tag: string): string {
  switch (ins.keyword) {
    case 'RUN': return offlineRun(ins, tag);
    case 'ADD':
      if (/(^|\s)(https?|git):\/\//.test(ins.rest)) throw new UnsupportedStep(`line ${ins.line}: ADD of a URL needs the network`);
      return ins.text;
    case 'SHELL': throw new UnsupportedStep(`line ${ins.line}: SHELL ${ins.rest}: busybox has only /bin/sh`);
    case 'USER':
      if (!/^\d+(:\d+)?$/.test(ins.rest.trim())) throw new UnsupportedStep(`line ${ins.line}: USER ${ins.rest}: the user does not exist on busybox`);
      return ins.text;
    default: return ins.text;
  }
}

function offlineRun(ins: Instruction, tag: string): string {
  if (ins.flags.length || ins.heredocs.length) throw new UnsupportedStep(`line ${ins.line}: RUN with flags or a heredoc`);
  const shell = ins.exec ? ins.exec.join(' ') : ins.rest;
  const commands = shell.split(/&&|\|\||;|\|/).map((c) => c.trim().replace(/^(\w+=\S*\s+)+/, '')).filter(Boolean);
  if (commands.every((c) => BUSYBOX.has(c.split(/\s+/)[0] ?? ''))) return ins.text;
  return INSTALL.test(shell) ? installStandIn(tag) : readEverythingStandIn(tag);
}

/** Records each package-manager file in the working folder (mode, owner, type, then checksums). */
function installStandIn(tag: string): string {
  const record = `/lp-rec/install-${tag}`;
  return `RUN mkdir -p /lp-rec && for f in ${INSTALL_INPUTS.join(' ')}; do [ -e "$f" ] || continue; find "$f" -exec stat -c '%n %a %u:%g %F' {} + | sort; find "$f" -type f -exec sha256sum {} + | sort; done > ${record} && cp ${record} ./.lp-install-${tag}`;
}

/** Records every file of the stage (mode, owner, type, then checksums), engine-written ones aside. */
function readEverythingStandIn(tag: string): string {
  const prune = `\\( ${PRUNED.map((p) => `-path ${p}`).join(' -o ')} \\) -prune -o`;
  const record = `/lp-rec/run-${tag}`;
  return `RUN mkdir -p /lp-rec && { find / -xdev ${prune} -exec stat -c '%n %a %u:%g %F' {} + | sort; find / -xdev ${prune} -type f -exec sha256sum {} + | sort; } > ${record}`;
}
