/**
 * The stage graph and its steps: what each instruction means once build
 * args, ENV and WORKDIR are applied. Pure data, builder-neutral: the key
 * modules decide what of it each builder hashes.
 */
import type { Heredoc, Instruction } from '../parse/index.js';

export type BaseRef =
  | { readonly kind: 'image'; readonly ref: string }
  | { readonly kind: 'stage'; readonly index: number }
  | { readonly kind: 'scratch' };

export interface Stage {
  readonly index: number;
  /** The `AS name`, lower-cased as BuildKit compares it; null when unnamed. */
  readonly name: string | null;
  readonly from: Instruction;
  readonly base: BaseRef;
  readonly platform: string | null;
  readonly instructions: readonly Instruction[];
  /** Stages this one needs: its base stage and every `--from` stage, sorted. */
  readonly deps: readonly number[];
}

export interface StageGraph {
  /** ARGs before the first FROM, with their values after --build-arg. */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  readonly stages: readonly Stage[];
  readonly target: number;
  /** The stages a build of `target` runs, in dependency order (the target last). */
  readonly order: readonly number[];
  /** --build-context NAME=...: what FROM NAME and --from=NAME read instead of a stage or an image. */
  readonly namedContexts: NamedContexts;
}

/** A key=value pair; lists of them keep Dockerfile order, which BuildKit hashes. */
export type KeyValue = readonly [string, string];

/** What the builder's state is when a step runs. */
export interface StepState {
  /** ENV and valued ARGs in scope, ordered by last assignment (BuildKit's EnvList). */
  readonly env: readonly KeyValue[];
  /** ARGs declared in this stage that have a value, in declaration order. */
  readonly args: readonly KeyValue[];
  readonly workdir: string;
  readonly user: string;
  readonly shell: readonly string[];
}

/**
 * A named context of the build (docker build --build-context NAME=PATH|docker-image://REF). It wins over a stage
 * or an image of the same name, in FROM and in --from (recorded: build-context-from-image).
 */
export type NamedContext = { readonly kind: 'dir' } | { readonly kind: 'image'; readonly ref: string };
export type NamedContexts = ReadonlyMap<string, NamedContext>;

export type CopyFrom =
  | { readonly kind: 'context' }
  /** A folder given as a named context: its files are read like the context's. */
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'stage'; readonly index: number }
  | { readonly kind: 'image'; readonly ref: string };

export interface Mount {
  readonly type: string;
  /** Every option as written (after variable expansion), e.g. target, source, from, id, sharing. */
  readonly options: Readonly<Record<string, string>>;
  /** For `from=` naming a stage. */
  readonly fromStage: number | null;
}

export type RemoteSource = { readonly kind: 'url' | 'git'; readonly location: string };

export type StepOp =
  | { readonly kind: 'from'; readonly base: BaseRef; readonly platform: string | null }
  | {
      readonly kind: 'run';
      readonly argv: readonly string[];
      readonly shellForm: boolean;
      readonly mounts: readonly Mount[];
      readonly network: string | null;
      readonly security: string | null;
    }
  | {
      readonly kind: 'copy';
      readonly add: boolean;
      readonly sources: readonly string[];
      readonly remote: readonly RemoteSource[];
      readonly inline: readonly Heredoc[];
      readonly dest: string;
      readonly from: CopyFrom;
      readonly chown: string | null;
      readonly chmod: string | null;
      readonly link: boolean;
      readonly exclude: readonly string[];
      readonly parents: boolean;
      readonly checksum: string | null;
      readonly keepGitDir: boolean;
    }
  | { readonly kind: 'workdir'; readonly path: string }
  | { readonly kind: 'arg'; readonly names: readonly string[] }
  /** ENV, LABEL, CMD, USER, ...: config only; `text` is the expanded instruction. */
  | { readonly kind: 'config'; readonly text: string };

export interface Step {
  /** Stable within one plan: `<stage index>.<position>`. */
  readonly id: string;
  readonly stage: number;
  readonly instruction: Instruction;
  readonly op: StepOp;
  /** The state this step runs in (after its own ENV/ARG/WORKDIR took effect for config steps). */
  readonly state: StepState;
  /** An ONBUILD trigger of the base stage, run after this stage's FROM. */
  readonly trigger?: true;
}

export interface GraphProblem {
  readonly line: number;
  readonly code: 'E_NO_FROM' | 'E_UNKNOWN_STAGE' | 'E_UNKNOWN_TARGET' | 'E_STAGE_CYCLE' | 'E_BAD_INSTRUCTION' | 'E_EMPTY' | 'E_LIMIT';
  readonly message: string;
}
