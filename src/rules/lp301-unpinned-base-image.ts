/**
 * LP301: a base image without a tag, or on `latest`. The reference moves
 * under you: the cache breaks whenever the registry's `latest` does, and two
 * machines build on different bases.
 */
import type { Instruction, ParsedDockerfile } from '../parse/index.js';
import { shownInstruction } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

export const rule: Rule = {
  id: 'LP301',
  name: 'unpinned-base-image',
  severity: 'warning',
  summary: 'A base image has no tag or uses latest',
  bust: false,
  check(input: RuleInput): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const stage of input.graph.stages) {
      if (stage.base.kind !== 'image') continue;
      const ref = stage.base.ref;
      if (ref.includes('@') || namesAStage(stage.from.rest, input.graph.stages.map((s) => s.name))) continue;
      // `FROM node:${NODE_VERSION}` with no default: the build fails without --build-arg, so whoever builds passes one.
      if (ref === '' || ref.endsWith(':')) continue;
      const tag = /:([^/:]+)$/.exec(ref)?.[1] ?? null;
      if (tag !== null && tag !== 'latest') continue;
      // `FROM $BASE_IMAGE` (jupyter/docker-stacks: ARG BASE_IMAGE=$REGISTRY/$OWNER/base-notebook, the image the
      // same pipeline built just before): the variable is the build's choice; only a written `latest` is reported.
      if (tag === null && stage.from.rest.includes('$')) continue;
      const name = tag === null ? ref : ref.slice(0, -(tag.length + 1));
      hits.push({
        line: stage.from.line,
        message: `${shownInstruction(stage.from)} uses ${tag === null ? 'no tag (so latest)' : 'the latest tag'}: the base changes whenever the registry's latest does, and every layer rebuilds`,
        fix: fixFor(name, stage.from.rest, input.parsed),
      });
    }
    return hits;
  },
};

function fixFor(name: string, fromRest: string, parsed: ParsedDockerfile): string {
  const setter = defaultSetter(fromRest, parsed);
  if (setter) {
    const value = setter.isTag ? '<version>' : `${name}:<version>`;
    return `pin a version in the default of ${setter.name}, line ${setter.ins.line} (${shownInstruction(setter.ins)}): ARG ${setter.name}=${value} (a --build-arg still overrides it)`;
  }
  return `pin a version: FROM ${name}:<version> (or ${name}:<version>@sha256:<digest> to pin exactly)`;
}

/**
 * `FROM alpine:${ALPINE}` with a global `ARG ALPINE=latest` (gofunky/git): the
 * reference is the ARG's default, so that default is what to pin; a FROM
 * without the variable would drop what the build args choose.
 */
function defaultSetter(fromRest: string, parsed: ParsedDockerfile): { name: string; ins: Instruction; isTag: boolean } | null {
  const raw = fromRest.split(/\s+/).find((w) => w !== '' && !w.startsWith('--')) ?? '';
  const names = [...raw.matchAll(/\$\{?(\w+)/g)].map((m) => m[1] as string);
  const firstFrom = parsed.instructions.findIndex((i) => i.keyword === 'FROM');
  const globals = parsed.instructions.slice(0, firstFrom < 0 ? 0 : firstFrom).filter((i) => i.keyword === 'ARG').reverse();
  for (const ins of globals) {
    const name = names.find((n) => new RegExp(`(^|\\s)${n}=`).test(ins.rest));
    // The tag alone (`alpine:${ALPINE}`), or the whole reference (`${BASE}`, which then needs the name too).
    if (name) return { name, ins, isTag: new RegExp(`:\\$\\{?${name}\\}?$`).test(raw) };
  }
  return null;
}

/**
 * `FROM binaries-$TARGETOS`: a reference built from variables that, once the
 * builder sets them, names one of the stages (binaries-linux). Its value here
 * (`binaries-`, with the variable empty) is no image at all, so no tag advice.
 */
function namesAStage(fromRest: string, stageNames: readonly (string | null)[]): boolean {
  const raw = fromRest.split(/\s+/).find((w) => w !== '' && !w.startsWith('--')) ?? '';
  if (!raw.includes('$')) return false;
  const parts = raw.split(/\$\{[^}]*\}|\$\w+/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`^${parts.join('.*')}$`, 'i');
  return stageNames.some((n) => n !== null && pattern.test(n));
}
