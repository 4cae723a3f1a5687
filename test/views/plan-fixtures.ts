/** Plans for the view tests, made by the real core from literal Dockerfiles and contexts (test/_helpers/plan.ts). */
import type { Fingerprints } from '../../src/key/index.js';
import { toRunRecord, type Plan } from '../../src/plan/index.js';
import type { RunRecord } from '../../src/store/types.js';
import { sequence } from '../_helpers/plan.js';

export const DOCKERFILE = [
  'FROM node:20-alpine AS build',
  'WORKDIR /app',
  'ARG VERSION=1',
  'COPY package.json ./',
  'RUN npm ci && npm run build -- --mode production --out-dir /app/dist --sourcemap --minify --target es2022',
  'COPY . .',
  'RUN echo $VERSION > /version',
  'FROM busybox AS test',
  'RUN echo unused stage',
  'FROM node:20-alpine',
  'COPY --from=build /app/dist /srv',
  'CMD ["node", "/srv/index.js"]',
].join('\n');

export const FILES = { 'package.json': '{"a":1}', 'src/index.js': 'x', 'README.md': '# r' };

/** The second run of DOCKERFILE after a README edit and an added file: rebuilds from line 6 on. */
export function editedPlan(): Plan {
  const edited = { ...FILES, 'README.md': '# v2', 'src/new.js': 'y' };
  const { plans } = sequence([{ dockerfile: DOCKERFILE, files: FILES }, { dockerfile: DOCKERFILE, files: edited }]);
  return plans[1] as Plan;
}

/** A plan where every layer comes from the cache. */
export function cachedPlan(): Plan {
  const { plans } = sequence([{ dockerfile: DOCKERFILE, files: FILES }, { dockerfile: DOCKERFILE, files: FILES }]);
  return plans[1] as Plan;
}

/** A build arg changed between runs. */
export function argPlan(): Plan {
  const { plans } = sequence([{ dockerfile: DOCKERFILE, files: FILES }, { dockerfile: DOCKERFILE, files: FILES, s: { buildArgs: { VERSION: '2' } } }]);
  return plans[1] as Plan;
}

/** Three recorded runs of DOCKERFILE (first build; README edit + new file; VERSION=2), newest first, and their selections. */
export function recordedRuns(): { runs: RunRecord[]; selection: (digest: string) => Fingerprints | null } {
  const edited = { ...FILES, 'README.md': '# v2', 'src/new.js': 'y' };
  const { plans } = sequence([
    { dockerfile: DOCKERFILE, files: FILES },
    { dockerfile: DOCKERFILE, files: edited },
    { dockerfile: DOCKERFILE, files: edited, s: { buildArgs: { VERSION: '2' } } },
  ]);
  const selections = new Map<string, Fingerprints>();
  const runs = plans.map((plan, i) => {
    const rec = toRunRecord(plan, { id: `run-${i}`, time: `2026-01-0${i + 1}T10:00:00.000Z`, context: '/ctx', buildArgs: i === 2 ? { VERSION: '2' } : {} });
    for (const [d, f] of rec.selections) selections.set(d, f);
    return rec.run;
  });
  return { runs: runs.reverse(), selection: (d) => selections.get(d) ?? null };
}
