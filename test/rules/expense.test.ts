import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildStageGraph, evaluateStages } from '../../src/graph/index.js';
import { parseDockerfile } from '../../src/parse/index.js';
import { basename, classifyRun, ECOSYSTEMS, matchesName, shellCommands } from '../../src/rules/expense.js';
import { fixInstallOrder } from '../../src/rules/fix-install-order.js';
import { factsOf, lint } from './rule-harness.js';

const t = suite('rules/expense');

function kindOf(run: string): string | null {
  const parsed = parseDockerfile(`FROM busybox\nRUN ${run}\n`);
  const graph = buildStageGraph(parsed, { buildArgs: new Map(), target: null });
  if (!graph.ok) throw new Error('bad graph');
  const steps = evaluateStages(graph.graph, { buildArgs: new Map(), platformArgs: new Map(), escape: parsed.directives.escape });
  return classifyRun(steps[0]!.find((s) => s.op.kind === 'run')!)?.kind ?? null;
}

t('shellCommands splits at && || ; | and newlines, not inside quotes', () => {
  assert.equal(shellCommands(`apk add zip && zip -r /app.zip /app; echo "a && b" | cat`), ['apk add zip', 'zip -r /app.zip /app', 'echo "a && b"', 'cat']);
});

t('yarn alone or with only flags installs; --cwd, a script or a build does not count as an install here', () => {
  assert.is(kindOf('yarn'), 'install');
  assert.is(kindOf('yarn --frozen-lockfile --network-timeout 600000'), 'install');
  assert.is(kindOf('npm_config_target_arch=amd64 yarn --frozen-lockfile'), 'install');
  assert.is(kindOf('yarn --cwd app'), null);
  assert.is(kindOf('yarn test'), null);
  assert.is(kindOf('yarn build'), 'compile');
});

t('a RUN is an install only when every command is one or housekeeping', () => {
  assert.is(kindOf('apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'), 'system-install');
  assert.is(kindOf('apk add zip && zip -r /app.zip /app'), 'compile', 'the zip reads the files');
  assert.is(kindOf('apt-get install -y ./local.deb'), null, 'a local package reads the context: not a by-name install');
  assert.is(kindOf('npm ci && npm cache clean --force'), 'install');
  assert.is(kindOf('yarn install && yarn build'), 'compile', 'the build reads the sources');
  assert.is(kindOf('echo hello'), null);
});

t('every ecosystem names the tool its install regex needs (the prefilter before the regex)', () => {
  for (const e of ECOSYSTEMS) assert.ok(e.install.source.includes(e.tool), `${e.name}: ${e.tool} is not in ${e.install.source}`);
  assert.is(kindOf('pnpm install'), 'install', 'pnpm holds npm: the npm regex runs and fails, pnpm matches');
  assert.is(kindOf('npm i -g pnpm@9 && pnpm install'), 'install');
  assert.is(kindOf('npm install --global typescript'), 'system-install');
  assert.is(kindOf('apk --no-cache add git'), 'system-install');
});

t('basename is the last segment, trailing slashes ignored', () => {
  assert.equal(['a/b/package.json', 'package.json', 'src/', 'a//b//', '/x', '/', '', 'a'].map(basename), ['package.json', 'package.json', 'src', 'b', 'x', '', '', 'a']);
});

t('matchesName: `*` matches within a name, never across a slash', () => {
  assert.ok(matchesName('requirements*.txt', 'requirements-dev.txt'));
  assert.ok(matchesName('*.csproj', 'App.csproj'));
  assert.not.ok(matchesName('*.csproj', 'src/App.csproj'));
  assert.not.ok(matchesName('*.csproj', 'App.csproj.user'));
  assert.not.ok(matchesName('requirements*.txt', 'requirementsXtxt'), 'the dot is literal');
});

const BAD = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n';

t('LP101 promises `layerplan fix` only where fix rewrites exactly its snippet', () => {
  const repo = { files: { 'package.json': '{}', 'package-lock.json': '{}', 'src/a.js': 'x' } };
  const [hit] = lint(BAD, repo).filter((f) => f.ruleId === 'LP101');
  assert.ok(hit);
  assert.match(hit.fix, 'COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n(`layerplan fix` rewrites it)');
  const parsed = parseDockerfile(BAD);
  const graph = buildStageGraph(parsed, { buildArgs: new Map(), target: null });
  if (!graph.ok) throw new Error('bad graph');
  const steps = evaluateStages(graph.graph, { buildArgs: new Map(), platformArgs: new Map(), escape: parsed.directives.escape });
  const fixed = fixInstallOrder(BAD, steps, factsOf(repo));
  assert.is(fixed.text, 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n');
});

t('LP101 without a manifest in the context gives no COPY of a missing file and no fix promise', () => {
  const [hit] = lint(BAD, { files: { 'src/a.js': 'x' } }).filter((f) => f.ruleId === 'LP101');
  assert.ok(hit);
  assert.not.match(hit.fix, 'COPY package.json');
  assert.not.match(hit.fix, 'layerplan fix');
});

t.run();
