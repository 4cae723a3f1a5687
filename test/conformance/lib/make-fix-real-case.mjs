#!/usr/bin/env node
// Records a real repository's Dockerfile(s) and context layout as a case of test/conformance/fix-real-repos.test.ts
// and test/app/fix-real.test.ts:
//   node test/conformance/lib/make-fix-real-case.mjs NAME GIT_DIR OWNER/REPO COMMIT CONTEXT LICENSE [DOCKERFILE...]
// Writes test/conformance/fixtures/fix-real/NAME/: case.json (source, license, the context's file list with
// modes and link targets, and the install lifecycle scripts of its package.json files, which a stand-in install
// cannot honour) and which of its files are real (the Dockerfiles, .dockerignore and compose/bake files: the tests
// read them from a local git copy at the commit; third-party text is never committed here). The other files
// are stand-ins the tests write from the list (their bytes do not decide the fix). Then run
// `LAYERPLAN_WRITE_FIXTURES=1 node test/run.mjs app/fix-real` to record the sha256 of what `layerplan fix --write` makes of it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [name, gitDir, repository, commit, context, license, ...dockerfiles] = process.argv.slice(2);
if (!license) {
  console.error('usage: make-fix-real-case.mjs NAME GIT_DIR OWNER/REPO COMMIT CONTEXT LICENSE [DOCKERFILE...]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['-C', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'fix-real', name);
const prefix = context === '.' ? '' : `${context.replace(/\/+$/, '')}/`;
const files = [];
const lifecycleScripts = {};
// Real text: the Dockerfiles, ignore files and the build definitions lint reads them through (compose, bake).
const DEFINITIONS = /^((docker-)?compose[^/]*\.ya?ml|docker-bake[^/]*\.(hcl|json)|\.layerplan\.json)$/;
const real = (rel) => /(^|\/)(\.dockerignore|[^/]*\.dockerignore)$/.test(rel) || DEFINITIONS.test(rel) || (dockerfiles.length ? dockerfiles : ['Dockerfile']).includes(rel);
for (const line of git('ls-tree', '-r', '-z', commit, '--', prefix || '.').split('\0').filter(Boolean)) {
  const [meta, full] = line.split('\t');
  const [mode, type, blob] = meta.split(' ');
  if (type !== 'blob') continue;
  const rel = full.slice(prefix.length);
  const entry = { path: rel, mode: mode === '100755' ? '755' : mode === '120000' ? 'link' : '644' };
  if (mode === '120000') entry.target = git('cat-file', 'blob', blob);
  files.push(entry);
  if (path.posix.basename(rel) === 'package.json' && !/(^|\/)node_modules\//.test(rel)) {
    const scripts = JSON.parse(git('cat-file', 'blob', blob)).scripts ?? {};
    const hooks = Object.entries(scripts).filter(([k]) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(k));
    if (hooks.length) lifecycleScripts[rel] = Object.fromEntries(hooks);
  }
}
const url = `https://github.com/${repository}/tree/${commit}/${prefix}`;
const spec = { repository, commit, context, url, license, dockerfiles: dockerfiles.length ? dockerfiles : ['Dockerfile'], lifecycleScripts, real: files.map((f) => f.path).filter(real).sort(), fixed: {}, files };
mkdirSync(out, { recursive: true });
// One file a line: the list is long (a React app), the rest is short.
const { files: list, ...head } = spec;
const text = JSON.stringify(head, null, 1).replace(/\n}$/, `,\n "files": [\n${list.map((f) => `  ${JSON.stringify(f)}`).join(',\n')}\n ]\n}`);
writeFileSync(path.join(out, 'case.json'), `${text}\n`);
console.log(`${out}: ${files.length} files, real: ${files.filter((f) => real(f.path)).map((f) => f.path).join(', ')}`);
