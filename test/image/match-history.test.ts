import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCreatedBy } from '../../src/parse/created-by.js';
import { dockerfileSteps } from '../../src/image/dockerfile-steps.js';
import { matchHistory } from '../../src/image/match-history.js';

const test = suite('image/match-history');

test('parseCreatedBy reads BuildKit, classic-builder and buildah forms', () => {
  const cases: [string, string, string][] = [
    ['RUN /bin/sh -c apk add curl # buildkit', 'RUN', '/bin/sh -c apk add curl'],
    ['RUN |2 A=1 B=two /bin/sh -c make # buildkit', 'RUN', '/bin/sh -c make'],
    ['COPY --chown=1:1 a b /d/ # buildkit', 'COPY', '--chown=1:1 a b /d/'],
    ['WORKDIR /app', 'WORKDIR', '/app'],
    ['/bin/sh -c #(nop)  ENV A=1', 'ENV', 'A=1'],
    ['/bin/sh -c #(nop) COPY file:abc123 in /bin/t ', 'COPY', 'file:abc123 in /bin/t'],
    ['|1 V=2 /bin/sh -c echo $V', 'RUN', '/bin/sh -c echo $V'],
    ['/bin/t rm /x', 'RUN', '/bin/t rm /x'],
  ];
  for (const [text, keyword, args] of cases) assert.equal([parseCreatedBy(text).keyword, parseCreatedBy(text).args], [keyword, args], text);
  assert.is(parseCreatedBy('').form, 'empty');
});

const dockerfile = 'FROM alpine AS build\nRUN apk add \\\n    curl\nFROM build\nENV A=1\nCOPY app /app\nRUN ["/app/run", "a b"]\nCMD ["/app/run"]\n';

test('dockerfileSteps follows FROM <stage> to the stages the image inherits', () => {
  const steps = dockerfileSteps(dockerfile);
  assert.equal(steps.map((s) => `${s.line} ${s.keyword}`), ['2 RUN', '5 ENV', '6 COPY', '7 RUN', '8 CMD']);
  assert.equal(steps[3]!.exec, ['/app/run', 'a b']);
});

test('BuildKit history lines up with steps; earlier rows are the base image', () => {
  const history = [
    '/bin/sh -c #(nop) ADD file:1234 in / ',
    '/bin/sh -c #(nop)  CMD ["/bin/sh"]',
    'RUN /bin/sh -c apk add     curl # buildkit',
    'ENV A=1',
    'COPY app /app # buildkit',
    'RUN /app/run a b # buildkit',
    'CMD ["/app/run"]',
  ];
  const m = matchHistory(history, dockerfileSteps(dockerfile));
  assert.equal(m.map((x) => (x.kind === 'exact' || x.kind === 'keyword' ? `${x.kind}:${x.step.line}` : x.kind)), ['base', 'base', 'exact:2', 'exact:5', 'exact:6', 'exact:7', 'exact:8']);
});

test('an edited step still pairs by keyword, and a missing one is skipped', () => {
  const history = ['RUN /bin/sh -c apk add wget # buildkit', 'COPY app /app # buildkit', 'CMD ["/app/run"]'];
  const m = matchHistory(history, dockerfileSteps(dockerfile));
  assert.equal(m.map((x) => (x.kind === 'exact' || x.kind === 'keyword' ? `${x.kind}:${x.step.line}` : x.kind)), ['keyword:2', 'exact:6', 'exact:8']);
});

test('classic builder COPY matches on the destination', () => {
  const m = matchHistory(['/bin/sh -c #(nop) COPY dir:99ff in /app '], dockerfileSteps(dockerfile));
  assert.equal(m[0]!.kind, 'exact');
});

test.run();
