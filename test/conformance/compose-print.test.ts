/**
 * layerplan's reading of compose files against compose-go's, as
 * `docker buildx bake --print` shows it (Docker 28.5's bundled buildx; no
 * Compose v2 CLI is installable here: Debian has only docker-compose 1.29,
 * which predates include:, additional_contexts and dockerfile_inline).
 * Both the compose reader (every profile) and the bake reader (compose files
 * as bake files) must agree with it, and with the recorded print.
 * LAYERPLAN_RECORD=1 rewrites the recordings. Skips when no buildx runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unless } from '../_helpers/skip.js';
import { caseDir, caseMissing, COMPOSE_CASES, printFile } from '../definitions/_compose-cases.js';
import { oursOf } from '../definitions/_compose-reading.js';
import { fromPrint, sortedArgs } from '../definitions/_bake-print.js';

const NAME = 'conformance/compose-print';
const t = suite(NAME);
const DOCKER = process.env.LAYERPLAN_DOCKER ?? '/tmp/d28/bin/docker';
const dockerEnv = { PATH: process.env.PATH ?? '', DOCKER_CONFIG: process.env.DOCKER_CONFIG ?? '/tmp/d28/cfg', DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///tmp/d28/docker.sock' };
const probe = spawnSync(DOCKER, ['buildx', 'version'], { encoding: 'utf8', env: dockerEnv, timeout: 20_000 });
const noBuildx = probe.status === 0 ? null : `no docker CLI with buildx at ${DOCKER} (set LAYERPLAN_DOCKER, or run ../shared/builders/setup-docker.sh)`;

for (const c of COMPOSE_CASES) {
  unless(t, NAME, noBuildx ?? caseMissing(c))(`${c.name}: layerplan reads what compose-go reads`, () => {
    const dir = caseDir(c);
    const r = spawnSync(DOCKER, ['buildx', 'bake', '--progress=quiet', '--print', ...c.files.flatMap((f) => ['-f', f])], { cwd: dir, encoding: 'utf8', env: { ...dockerEnv, ...c.env }, timeout: 60_000 });
    assert.is(r.status, 0, r.stderr);
    if (process.env.LAYERPLAN_RECORD) {
      mkdirSync(path.dirname(printFile(c)), { recursive: true });
      writeFileSync(printFile(c), r.stdout);
    }
    const theirs = sortedArgs(fromPrint(r.stdout, dir));
    for (const [reader, ours] of Object.entries(oursOf(c, dir))) assert.equal(sortedArgs(ours), theirs, `${reader} reader`);
    assert.equal(sortedArgs(fromPrint(readFileSync(printFile(c), 'utf8'), dir)), theirs, 'the recorded print is current');
  });
}

t.run();
