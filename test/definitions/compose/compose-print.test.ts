/** layerplan's compose reading against compose-go's, as recorded from `docker buildx bake --print` (Docker 28.5). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fromPrint, sortedArgs } from '../_bake-print.js';
import { COMPOSE_CASES, printFile } from '../_compose-cases.js';
import { oursOf } from '../_compose-reading.js';
import { fixtures } from '../_fixtures.js';

const t = suite('definitions/compose/compose-print');

for (const c of COMPOSE_CASES) {
  t(`${c.name}: the compose and bake readers read what compose-go read`, () => {
    const dir = path.join(fixtures, c.dir);
    const theirs = sortedArgs(fromPrint(readFileSync(printFile(c), 'utf8'), dir));
    assert.ok(Object.keys(theirs).length > 0, 'the recording lists targets');
    for (const [reader, ours] of Object.entries(oursOf(c, dir))) assert.equal(sortedArgs(ours), theirs, `${reader} reader`);
  });
}

t.run();
