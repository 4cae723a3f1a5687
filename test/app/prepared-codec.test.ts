/**
 * app/prepared-codec.ts, and what app/parse-memo.ts keeps: a parse through JSON is the parse itself, and a
 * prepared Dockerfile through the codec and JSON is the prepared Dockerfile, Maps and ARGs without a value
 * included, sharing its instructions with the parse and its states between steps as prepare made them:
 * checked on every Dockerfile of the examples, the fixtures, the fuzz corpus, the recorded conformance cases
 * and over a thousand of their mutants, with build args, a platform, each stage as the target and a named
 * context.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { platformArgs } from '../../src/app/platform.js';
import { prepare, type PreparedDockerfile, type PrepareOptions } from '../../src/app/prepare.js';
import { decodePrepared, encodePrepared } from '../../src/app/prepared-codec.js';
import { parseDockerfile } from '../../src/parse/index.js';
import { mutateDockerfile } from '../fuzz/mutate-dockerfile.js';
import { Rng } from '../fuzz/rng.js';
import { repoRoot } from '../_helpers/cli.js';

const t = suite('app/prepared-codec');

/** Every Dockerfile text the repository has, and mutants of them. */
function corpus(): string[] {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (/dockerfile|containerfile/i.test(e.name)) texts.push(readFileSync(f, 'utf8'));
      else if (e.name.endsWith('.json') && dir.includes('conformance')) {
        const files = (JSON.parse(readFileSync(f, 'utf8')) as { scenario?: { files?: Record<string, unknown> } }).scenario?.files ?? {};
        for (const [name, text] of Object.entries(files)) if (/dockerfile/i.test(name) && typeof text === 'string') texts.push(text);
      }
    }
  };
  for (const d of ['examples-dockerfiles', 'test/fixtures', 'test/fuzz/corpus', 'test/conformance/cases']) walk(path.join(repoRoot, d));
  const rng = new Rng(15);
  // The mutators that blow a file up to the size limits make slow parses and nothing new for JSON.
  const mutants = Array.from({ length: 1500 }, () => mutateDockerfile(rng, texts).text).filter((m) => m.length < 8000);
  return [...texts, ...mutants];
}

const texts = corpus();

t('what is kept of a parse, the parse through JSON, equals the parse', () => {
  let clean = 0;
  for (const text of texts) {
    const parsed = parseDockerfile(text);
    if (parsed.problems.length) continue;
    clean++;
    assert.equal(JSON.parse(JSON.stringify(parsed)), parsed, text.slice(0, 200));
  }
  assert.ok(clean > 500, `${clean} clean parses of ${texts.length}`);
});

/** What the memo gives back: the parse through JSON, the prepared rest through the codec and JSON. */
function roundTrip(p: PreparedDockerfile): PreparedDockerfile {
  const parsed = JSON.parse(JSON.stringify(p.parsed)) as PreparedDockerfile['parsed'];
  return decodePrepared(JSON.parse(JSON.stringify(encodePrepared(p))), parsed);
}

/** Where each instruction and state of `p` sits: which parse instruction (or none) and which earlier step's state. */
function sharing(p: PreparedDockerfile): unknown {
  const at = (i: object): number => p.parsed.instructions.indexOf(i as never);
  const steps = p.steps.flat();
  return {
    stages: p.graph.stages.map((s) => [at(s.from), s.instructions.map(at)]),
    steps: steps.map((s) => [at(s.instruction), steps.findIndex((o) => o.state === s.state)]),
  };
}

function optionSets(text: string): PrepareOptions[] {
  const stages = parseDockerfile(text).instructions.filter((i) => i.keyword === 'FROM').length;
  const base = { buildArgs: new Map<string, string>(), target: null, platformArgs: platformArgs('x64') };
  const targets = Array.from({ length: Math.min(stages, 4) }, (_, i) => ({ ...base, target: String(i) }));
  return [
    base,
    { ...base, buildArgs: new Map([['VERSION', '9'], ['NODE_ENV', 'x'], ['BASE', 'alpine']]), platformArgs: platformArgs('x64', 'linux/arm/v6') },
    { ...base, namedContexts: new Map([['build', { kind: 'image', ref: 'img:1' } as const], ['src', { kind: 'dir' } as const]]) },
    ...targets,
  ];
}

t('a prepared Dockerfile through the codec and JSON equals it and shares as it did', () => {
  let checked = 0;
  let triggers = 0;
  let unvalued = 0;
  for (const text of texts) {
    for (const opts of optionSets(text)) {
      const r = prepare(text, { ...opts, parse: parseDockerfile });
      if (!r.ok) continue;
      checked++;
      const back = roundTrip(r.dockerfile);
      assert.equal(back, r.dockerfile, text.slice(0, 200));
      assert.equal(sharing(back), sharing(r.dockerfile), text.slice(0, 200));
      triggers += r.dockerfile.steps.flat().filter((s) => s.trigger).length;
      unvalued += [...r.dockerfile.graph.globalArgs.values()].filter((v) => v === undefined).length;
    }
  }
  assert.ok(checked > 1000, `${checked} prepared`);
  assert.ok(triggers > 0 && unvalued > 0, `${triggers} ONBUILD steps, ${unvalued} ARGs without a value`);
});

t('the instructions of a decoded graph are the given parse\'s own objects', () => {
  const text = 'FROM busybox AS a\nONBUILD RUN echo hi\nFROM a\nRUN echo $X\n';
  const r = prepare(text, { buildArgs: new Map(), target: null, platformArgs: new Map(), parse: parseDockerfile });
  assert.ok(r.ok);
  if (!r.ok) return;
  const parsed = parseDockerfile(text);
  const back = decodePrepared(JSON.parse(JSON.stringify(encodePrepared(r.dockerfile))), parsed);
  assert.is(back.graph.stages[1]?.from, parsed.instructions[2]);
  assert.is(back.steps[1]?.[2]?.instruction, parsed.instructions[3]);
  assert.equal(back.steps[1]?.[1]?.trigger, true);
});

t.run();
