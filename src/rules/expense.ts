/**
 * Which RUN steps are expensive. A duration recorded in a real build
 * (`layerplan timings`) decides when there is one: EXPENSIVE_SECONDS or
 * more is expensive, less is not. Without one, expensive commands are
 * recognised: dependency installs (which need only the manifests), system
 * package installs (which need nothing from the context) and compiles
 * (which need the sources).
 */
import type { Step } from '../graph/index.js';

export interface Ecosystem {
  readonly name: string;
  /** Matches the shell text of an install that reads only the manifests. */
  readonly install: RegExp;
  /**
   * A word every command `install` matches contains (the tool's name): looked
   * for first, so a command naming none of the tools compiles and runs none
   * of their regexes (V8 compiles a regex at its first use, ~0.05-0.2 ms each).
   */
  readonly tool: string;
  /** File names (globs with `*`) that the install reads, lockfiles included; the first ones are the ones to copy. */
  readonly manifests: readonly string[];
}

export const ECOSYSTEMS: readonly Ecosystem[] = [
  // npm 7+ installs from yarn.lock too when there is no npm lockfile (npm-install docs: shrinkwrap, then package-lock, then yarn.lock).
  { name: 'npm', install: /\bnpm\s+(ci|install|i)\b(?!\s+(-g|--global)\b)/, tool: 'npm', manifests: ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', '.npmrc'] },
  // `yarn`, alone or with only flags (`yarn --frozen-lockfile --network-timeout 600000`), installs; `--cwd DIR` reads another folder's manifests.
  { name: 'yarn', install: /\byarn(\s+install\b|\s*(&&|;|\||$))|^yarn(\s+--(network-timeout|mutex|cache-folder|modules-folder|registry)(=|\s+)\S+|\s+-(?!-cwd\b)\S+)+\s*$/m, tool: 'yarn', manifests: ['package.json', 'yarn.lock', '.yarnrc.yml', '.yarnrc'] },
  { name: 'pnpm', install: /\bpnpm\s+(install|i|fetch)\b/, tool: 'pnpm', manifests: ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc'] },
  { name: 'pip', install: /\bpip3?\s+install\b[^&;|]*\s(-r|--requirement)[\s=]/, tool: 'pip', manifests: ['requirements*.txt', 'constraints*.txt'] },
  { name: 'poetry', install: /\bpoetry\s+install\b/, tool: 'poetry', manifests: ['pyproject.toml', 'poetry.lock'] },
  { name: 'uv', install: /\buv\s+sync\b/, tool: 'uv', manifests: ['pyproject.toml', 'uv.lock'] },
  { name: 'pipenv', install: /\bpipenv\s+(install|sync)\b/, tool: 'pipenv', manifests: ['Pipfile', 'Pipfile.lock'] },
  { name: 'go', install: /\bgo\s+mod\s+download\b/, tool: 'go', manifests: ['go.mod', 'go.sum'] },
  { name: 'cargo', install: /\bcargo\s+fetch\b/, tool: 'cargo', manifests: ['Cargo.toml', 'Cargo.lock'] },
  { name: 'bundler', install: /\bbundle(\s+install\b|\s*(&&|;|\||$))/m, tool: 'bundle', manifests: ['Gemfile', 'Gemfile.lock'] },
  { name: 'maven', install: /\bmvn\b[^&;|]*\bdependency:(go-offline|resolve)\b/, tool: 'mvn', manifests: ['pom.xml'] },
  { name: 'composer', install: /\bcomposer\s+install\b/, tool: 'composer', manifests: ['composer.json', 'composer.lock'] },
  { name: 'dotnet', install: /\bdotnet\s+restore\b/, tool: 'dotnet', manifests: ['*.csproj', '*.fsproj', '*.sln', 'NuGet.config', 'Directory.Packages.props'] },
];

/** Package installs from a distribution or registry by name: nothing from the context is read (each alternative passes mayInstallSystem). */
const SYSTEM_INSTALL = /\b(apt-get|apt|aptitude)\s+(-\S+\s+)*install\b|\bapk\s+(-\S+\s+)*add\b|\b(dnf|yum|microdnf|zypper|tdnf)\s+(-\S+\s+)*install\b|\bpip3?\s+install\s+(?!.*(\s-r\b|\s--requirement\b|\s-e\b|\s\.(\s|$)))[A-Za-z]|\bnpm\s+(install|i)\s+(-g|--global)\b|\bgem\s+install\b|\bgo\s+install\s+\S+@/;

/** Builds and other long steps that read the sources. */
const COMPILE = /\bgo\s+build\b|\bcargo\s+(build|install)\b|\bmvn\b|\bgradlew?\b|\b(npm|yarn|pnpm)\s+(run\s+)?build\b|\bmake\b|\bcmake\b|\b(gcc|g\+\+|clang|rustc|javac)\b|\bdotnet\s+(build|publish)\b|\bpip3?\s+install\s+(-e\s+)?\.(\s|$)|\btsc\b|\bwebpack\b|\bvite\s+build\b|\bbundle\s+exec\s+rake\s+assets/;

/** A RUN that took at least this long in a recorded build is expensive, whatever its command. */
export const EXPENSIVE_SECONDS = 10;

export type Expense =
  | { readonly kind: 'install'; readonly ecosystem: Ecosystem }
  | { readonly kind: 'system-install' }
  /** A compile, or any expensive command together with others: it reads sources we cannot name. */
  | { readonly kind: 'compile' }
  /** Not a recognised command, but slow in a recorded build: what it reads cannot be named. */
  | { readonly kind: 'slow' };

/** The shell text of a RUN (exec form joined), or null for other steps. */
export function runText(step: Step): string | null {
  if (step.op.kind !== 'run') return null;
  return step.op.shellForm ? (step.op.argv[step.op.argv.length - 1] ?? '') : step.op.argv.join(' ');
}

/**
 * What a RUN costs and reads, command by command: a RUN is an install (or a
 * system install) only when every command in it is one, or housekeeping that
 * reads nothing (`apt-get update`, cache cleaning). `apk add zip && zip -r
 * /app.zip /app` also reads the files it zips, so it counts as reading the
 * sources, like a compile: moving it away from them would be wrong.
 */
export function classifyRun(step: Step): Expense | null {
  const text = runText(step);
  if (text === null) return null;
  let expense = CLASSIFIED.get(text);
  if (expense === undefined) CLASSIFIED.set(text, (expense = classifyText(text)));
  return expense;
}

/**
 * classifyRun's answers by shell text. The rules ask about the same few RUNs
 * again and again (LP101 per stage, LP110 and LP111 per rebuilt step, on both
 * plans of a check); a regex run for the second time is compiled again to
 * native code (V8's tier-up), ~1 ms for a check's two RUNs. Deterministic:
 * the answer depends on the text alone. Grows by the distinct RUN texts one
 * process reads.
 */
const CLASSIFIED = new Map<string, Expense | null>();

function classifyText(text: string): Expense | null {
  const kinds = shellCommands(text).map(classifyCommand);
  const installs = [...new Set(kinds.flatMap((k) => (typeof k === 'object' ? [k] : [])))];
  const others = kinds.some((k) => k === 'other');
  if (!others && installs.length === 1) return { kind: 'install', ecosystem: installs[0]! };
  if (!others && installs.length === 0 && kinds.includes('system')) return { kind: 'system-install' };
  if (installs.length > 0 || kinds.includes('system') || COMPILE.test(text)) return { kind: 'compile' };
  return null;
}

type CommandKind = Ecosystem | 'system' | 'housekeeping' | 'other';

/** Commands that read nothing from the build context and write only caches or package lists. */
const HOUSEKEEPING = /^(true|:|set\s+-\S+|echo\b.*|(apt-get|apt)\s+(-\S+\s+)*(update|clean|autoclean|autoremove|upgrade|dist-upgrade)\b.*|apk\s+(-\S+\s+)*(update|upgrade)\b.*|(dnf|yum|microdnf|tdnf)\s+(-\S+\s+)*(clean|makecache|upgrade|update)\b.*|rm\s+(-\S+\s+)*((\/var\/lib\/apt\/lists|\/var\/cache|\/tmp|\/root\/\.cache|\/root\/\.npm|~\/\.cache)\S*\s*)+|(npm|yarn|pnpm)\s+cache\s+(clean|prune)\b.*|pnpm\s+store\s+prune\b.*|pip3?\s+cache\s+purge\b.*|(go|cargo)\s+clean\s+-cache\b.*|npm\s+(install|i)\s+(-g|--global)\s+(npm|yarn|pnpm|corepack)(@\S*)?\s*|corepack\s+(enable|prepare)\b.*)$/;

function classifyCommand(command: string): CommandKind {
  const c = command.replace(/^((\w+=\S*|sudo|exec|env|command)\s+)+/, '').trim();
  if (c === '' || HOUSEKEEPING.test(c)) return 'housekeeping';
  const ecosystem = ECOSYSTEMS.find((e) => c.includes(e.tool) && e.install.test(c));
  if (ecosystem) return ecosystem;
  // A package install by name; a local path (`./x.deb`, `/tmp/y.apk`) would read the context.
  if (mayInstallSystem(c) && SYSTEM_INSTALL.test(c) && !/\s(\.{0,2}\/|~\/)\S/.test(c)) return 'system';
  return 'other';
}

/**
 * Every alternative of SYSTEM_INSTALL holds `install`, `add` (apk) or `-g`
 * (npm i -g, --global): without one, the regex cannot match and is not run.
 */
function mayInstallSystem(command: string): boolean {
  return command.includes('install') || command.includes('add') || command.includes('-g');
}

/**
 * The simple commands of a shell text, split at `&&`, `||`, `;`, `|` and
 * newlines outside quotes. Subshells and `$(…)` stay inside their command,
 * which then matches nothing known and counts as "other": the safe reading.
 */
export function shellCommands(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"') current += text[i++] ?? '';
      current += ch;
      continue;
    }
    if (ch === '\\') {
      if (text[i + 1] === '\n') i++;
      else current += ch + (text[++i] ?? '');
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||' || ch === ';' || ch === '|' || ch === '\n') {
      out.push(current.trim());
      current = '';
      if (two === '&&' || two === '||') i++;
      continue;
    }
    current += ch;
  }
  out.push(current.trim());
  return out.filter((c) => c !== '' && !c.startsWith('#'));
}

/** `seconds`: the step's recorded (or estimated) duration, null when no real build was timed. */
export function expenseOf(step: Step, seconds: number | null): Expense | null {
  if (seconds === null) return classifyRun(step);
  if (step.op.kind !== 'run' || seconds < EXPENSIVE_SECONDS) return null;
  return classifyRun(step) ?? { kind: 'slow' };
}

/** `*` in a manifest pattern matches within a name. */
export function matchesName(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  return nameRegex(pattern).test(name);
}

/**
 * Compiled once per pattern: a glob is tested against every file of a
 * context (context-files.ts). The patterns are the ecosystems' and the
 * Dockerfiles' COPY globs, so the map stays small.
 */
const NAME_REGEXES = new Map<string, RegExp>();

function nameRegex(pattern: string): RegExp {
  let re = NAME_REGEXES.get(pattern);
  if (!re) NAME_REGEXES.set(pattern, (re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`)));
  return re;
}

const SLASH = 0x2f;

/** The last segment of a path, trailing slashes ignored (`a/b/` → `b`); string scans, no regex or array per call. */
export function basename(p: string): string {
  let end = p.length;
  while (end > 0 && p.charCodeAt(end - 1) === SLASH) end--;
  return p.slice(p.lastIndexOf('/', end - 1) + 1, end);
}

/** Is this file (by name) a manifest or lockfile of any ecosystem? */
export function isManifest(file: string, ecosystems: readonly Ecosystem[] = ECOSYSTEMS): boolean {
  const name = basename(file);
  return ecosystems.some((e) => e.manifests.some((m) => matchesName(m, name)));
}
