/** layerplan's compose reading against compose-go's, as recorded from `docker buildx bake --print` (Docker 28.5). */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fromPrint, sortedArgs } from '../_bake-print.js';
import { unless } from '../../_helpers/skip.js';
import { caseDir, caseMissing, COMPOSE_CASES, printFile } from '../_compose-cases.js';
import { oursOf } from '../_compose-reading.js';

const t = suite('definitions/compose/compose-print');

for (const c of COMPOSE_CASES) {
  unless(t, 'definitions/compose/compose-print', caseMissing(c))(`${c.name}: the compose and bake readers read what compose-go read`, () => {
    const dir = caseDir(c);
    const theirs = sortedArgs(fromPrint(readFileSync(printFile(c), 'utf8'), dir));
    assert.ok(Object.keys(theirs).length > 0, 'the recording lists targets');
    for (const [reader, ours] of Object.entries(oursOf(c, dir))) assert.equal(sortedArgs(ours), theirs, `${reader} reader`);
  });
}

t.run();
