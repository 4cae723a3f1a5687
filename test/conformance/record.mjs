#!/usr/bin/env node
// Records what the real builders (BuildKit in Docker Engine 28.5, buildah 1.43 --layers; with
// LAYERPLAN_RECORD_BUILDERS=debian dockerd 20.10 and buildah 1.28) take from their cache over a scenario's edit
// sequence, in the case format of shared/conformance/cases, with the builder versions in `result.versions`.
// A build may carry docker build's flags beyond args/target: network, noCache, noCacheFilter [STAGE],
// buildContexts {NAME: PATH relative to the context, or docker-image://REF}, platform [P].
// usage: node test/conformance/record.mjs SCENARIO.json... [--out DIR] [--compare] [--builder buildkit|buildah]
//   SCENARIO.json: {scenario: {...}} (a recorded case) or the bare scenario object.
//   --out DIR     where <name>.json goes (default: test/conformance/cases); --out - prints nothing to disk.
//   --compare     compare the new recording with the input file's own `result`; exit 1 on any difference.
// Needs the builders running: ../shared/builders/setup-docker.sh and setup-buildah.sh (debian: builders.sh start).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdit, materialize } from './lib/edits.mjs';
import { stagesOf } from './lib/dockerfile.mjs';
import { buildkit, buildah, builderVersion, failureText } from './lib/builders.mjs';
import { mapBuildkitVertices, mapBuildahSteps } from './lib/steps.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BUILDERS = { buildkit, buildah };
const MAPPERS = { buildkit: mapBuildkitVertices, buildah: mapBuildahSteps };

/** Runs every build of one scenario through one builder, from an empty cache. */
function recordWith(builder, scenario, warn) {
  const out = [];
  builder.startScenario();
  // What each builder builds on is its own (see lib/builders.mjs): the texts written name it.
  const own = (e) => ('write' in e ? { ...e, write: builder.rewrite(e.write) } : e);
  const dir = materialize({ ...scenario, files: Object.fromEntries(Object.entries(scenario.files ?? {}).map(([p, c]) => [p, builder.rewrite(c)])) });
  try {
    scenario.builds.forEach((b, k) => {
      for (const e of b.edits ?? []) applyEdit(dir, own(e));
      const r = builder.build(dir, b, scenario);
      if (!r.ok) {
        out.push({ steps: null, failure: failureText(r.output) });
        return;
      }
      const dockerfile = fs.readFileSync(path.join(dir, b.file ?? scenario.file ?? 'Dockerfile'), 'utf8');
      out.push({ steps: MAPPERS[builder.name](stagesOf(dockerfile), builder.parse(r.output), (m) => warn(`#${k} ${builder.name}: ${m}`)) });
    });
  } finally {
    builder.endScenario();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export function record(scenario, builderNames, warn) {
  const per = Object.fromEntries(builderNames.map((n) => [n, recordWith(BUILDERS[n], scenario, warn)]));
  const failures = [];
  const builds = scenario.builds.map((_, k) => {
    const entry = {};
    for (const n of builderNames) {
      const r = per[n][k];
      entry[n] = r.steps;
      if (r.failure) failures.push({ build: k, builder: n, message: r.failure });
    }
    return entry;
  });
  const versions = Object.fromEntries(builderNames.map((n) => [n, builderVersion(n)]));
  const result = { name: scenario.name, about: scenario.about, category: scenario.category ?? 'exact', versions, builds };
  if (failures.length) result.failures = failures;
  return result;
}

/** Differences in the cached flags (and the steps reported) between two recordings of one scenario. */
export function compareResults(expected, actual, builderNames) {
  const diffs = [];
  const key = (s) => `${s.line}:${s.stage}`;
  expected.builds.forEach((b, k) => {
    for (const n of builderNames) {
      const want = b[n], got = actual.builds[k]?.[n];
      if (want === null || got === null || want === undefined || got === undefined) {
        if ((want ?? null) !== (got ?? null)) diffs.push(`#${k} ${n}: recorded ${want === null ? 'a failed build' : 'steps'}, now ${got === null ? 'a failed build' : 'steps'}`);
        continue;
      }
      const fmt = (xs) => xs.map((s) => `${key(s)}${s.cached ? 'C' : '-'}`).join(' ');
      if (fmt(want) !== fmt(got)) diffs.push(`#${k} ${n}: recorded ${fmt(want)} | now ${fmt(got)}`);
    }
  });
  return diffs;
}

function main(argv) {
  const files = [], opts = { out: path.join(here, 'cases'), compare: false, builders: ['buildkit', 'buildah'] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = argv[++i];
    else if (a === '--compare') opts.compare = true;
    else if (a === '--builder') opts.builders = [argv[++i]];
    else files.push(a);
  }
  if (!files.length || opts.builders.some((b) => !BUILDERS[b])) {
    console.error('usage: record.mjs SCENARIO.json... [--out DIR|-] [--compare] [--builder buildkit|buildah]');
    return 2;
  }
  let differing = 0;
  for (const f of files) {
    const input = JSON.parse(fs.readFileSync(f, 'utf8'));
    const scenario = input.scenario ?? input;
    if (input.result?.category && !scenario.category) scenario.category = input.result.category;
    const warnings = [];
    const t0 = Date.now();
    const result = record(scenario, opts.builders, (m) => warnings.push(m));
    const summary = opts.builders.map((n) => `${n} ${result.builds.map((b) => (b[n] === null ? 'FAIL' : b[n].map((s) => (s.cached ? 'C' : '-')).join(''))).join(' ')}`);
    console.log(`${scenario.name}: ${summary.join(' | ')} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    for (const w of warnings) console.log(`  warning: ${w}`);
    for (const x of result.failures ?? []) console.log(`  #${x.build} ${x.builder} failed: ${x.message.replace(/\n/g, ' / ')}`);
    if (opts.out !== '-') {
      fs.mkdirSync(opts.out, { recursive: true });
      fs.writeFileSync(path.join(opts.out, `${scenario.name}.json`), JSON.stringify({ scenario, result }, null, 1) + '\n');
    }
    if (opts.compare && input.result) {
      const diffs = compareResults(input.result, result, opts.builders);
      if (diffs.length) differing++;
      for (const d of diffs) console.log(`  DIFF ${d}`);
    }
  }
  if (opts.compare) console.log(`${files.length - differing}/${files.length} scenarios match their recording`);
  return differing ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
