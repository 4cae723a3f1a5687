/** A child process for the contention test: records `count` builds one by one in `repo`, pushing after each. */
import { recordName, recordsRef, writeRecords } from '../../../src/git/records.js';
import { pushRecords } from '../../../src/git/records-remote.js';

const [repo, tag, count] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  const time = new Date(Date.UTC(2026, 11, 1, 10, 0, i)).toISOString();
  const body = Buffer.from(JSON.stringify({ time, text: `${tag}-${i}` }));
  writeRecords(repo!, recordsRef('ci'), [{ name: recordName(time, body), body }], { now: new Date(), message: 'record' });
  pushRecords(repo!, 'origin', 'ci', { now: new Date(), tries: 50 });
}
