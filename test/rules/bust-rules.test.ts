import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkChange, ids } from './rule-harness.js';

const t = suite('rules/bust');
const BAD = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n';
const GOOD = 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n';
const files = { 'package.json': '{}', 'package-lock.json': '{}', 'README.md': 'hi', 'src/a.js': 'a', '.dockerignore': 'node_modules\n' };
const readmeEdit = { ...files, 'README.md': 'hi again' };

t('LP110: a README edit under COPY . . busts npm ci; the finding names the file and the fix', () => {
  const found = checkChange([BAD, { files }], [BAD, { files: readmeEdit }]);
  const install = found.find((f) => f.ruleId === 'LP110' && f.line === 4);
  assert.ok(install);
  assert.equal(install.files, ['README.md']);
  assert.ok(install.bust);
  assert.match(install.fix, 'COPY package.json package-lock.json ./');
  assert.match(install.fix, 'README.md');
  assert.not.ok(found.some((f) => f.ruleId === 'LP101'), 'the bust replaces the static LP101');
});

t('LP110 stays quiet when the manifest itself changed (the install must rerun)', () => {
  const found = checkChange([BAD, { files }], [BAD, { files: { ...files, 'package-lock.json': '{"v":2}' } }]);
  assert.not.ok(found.some((f) => f.ruleId === 'LP110' && f.line === 4));
});

t('LP110 stays quiet for a well-ordered Dockerfile', () => {
  assert.equal(ids(checkChange([GOOD, { files }], [GOOD, { files: readmeEdit }])), []);
});

t('LP111: a new RUN inserted above npm ci busts it', () => {
  const after = GOOD.replace('COPY package.json', 'RUN echo hello > /etc/motd\nCOPY package.json');
  const found = checkChange([GOOD, { files }], [after, { files }]);
  assert.ok(found.some((f) => f.ruleId === 'LP111' && f.line === 5 && f.message.includes('line 3')));
});

t('LP111: an ENV edit above npm ci that it does not use', () => {
  const env = (v: string): string => GOOD.replace('WORKDIR /app', `WORKDIR /app\nENV APP_VERSION=${v}`);
  const found = checkChange([env('1'), { files }], [env('2'), { files }]);
  const f = found.find((x) => x.ruleId === 'LP111' && x.line === 5);
  assert.ok(f);
  assert.match(f.fix, 'move line 3 below line 5');
});

t('LP111 stays quiet when the step uses the changed variable', () => {
  const env = (v: string): string => `FROM node:20\nENV NODE_ENV=${v}\nCOPY package.json ./\nRUN npm ci --omit=$NODE_ENV\n`;
  assert.not.ok(checkChange([env('a'), { files }], [env('b'), { files }]).some((f) => f.ruleId === 'LP111'));
});

t.run();
