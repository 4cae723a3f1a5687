/** app/analyze: LP001 as settings and pragmas have it, and "failed the same way before" decided on the problem's data. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeDockerfile, sameFailure, unplannableFindings, type AnalyzeInput, type PlanFailure } from '../../src/app/analyze.js';
import type { RuleSettings } from '../../src/rules/index.js';
import { prepare } from '../../src/app/prepare.js';

const t = suite('app/analyze');
const BROKEN = 'FROM busybox:1.36\nFROBNICATE x\n';

function input(text: string, settings: RuleSettings = new Map()): AnalyzeInput {
  return { dockerfile: 'Dockerfile', text, context: null, change: null, settings, platformArgs: new Map() };
}

/** A COPY source missing at `line` of a Dockerfile whose instruction there is `COPY <source> .`. */
function missing(source: string, line: number): PlanFailure {
  const text = `${'# pad\n'.repeat(line - 2)}FROM busybox:1.36\nCOPY ${source} .\n`;
  const prepared = prepare(text, { buildArgs: new Map(), target: null, platformArgs: new Map() });
  if (!prepared.ok) throw new Error('expected to prepare');
  const step = prepared.dockerfile.steps[0]!.find((s) => s.instruction.keyword === 'COPY')!;
  assert.is(step.instruction.line, line);
  return { kind: 'source-missing', missing: { source, step } };
}

function parseFailure(text: string): PlanFailure {
  const prepared = prepare(text, { buildArgs: new Map(), target: null, platformArgs: new Map() });
  if (prepared.ok) throw new Error('expected a problem');
  return { kind: 'prepare', problem: prepared.problem };
}

t('LP001 obeys --disable / "off", a severity setting, and the line and file-wide pragmas, like every rule', () => {
  assert.equal(analyzeDockerfile(input(BROKEN)).map((f) => [f.ruleId, f.severity, f.line]), [['LP001', 'error', 2]]);
  assert.equal(analyzeDockerfile(input(BROKEN, new Map([['LP001', 'off']]))), []);
  assert.equal(analyzeDockerfile(input(BROKEN, new Map([['LP001', 'warning']]))).map((f) => f.severity), ['warning']);
  assert.equal(analyzeDockerfile(input(`# layerplan global ignore=LP001\n${BROKEN}`)), []);
  assert.equal(analyzeDockerfile(input('FROM busybox:1.36\n# layerplan ignore=LP001\nFROBNICATE x\n')), []);
  assert.equal(analyzeDockerfile(input('FROM busybox:1.36\n# layerplan ignore=LP301\nFROBNICATE x\n')).map((f) => f.ruleId), ['LP001'], 'another rule\'s pragma does not');
});

t('sameFailure compares the problem\'s data, not its line or our words: a missing source moved by an edit above is the same', () => {
  assert.ok(sameFailure(missing('go.mod', 2), missing('go.mod', 5)));
  assert.not.ok(sameFailure(missing('go.mod', 2), missing('go.sum', 2)), 'another source');
  assert.ok(sameFailure(parseFailure(BROKEN), parseFailure(`# a comment\n${BROKEN}`)));
  assert.not.ok(sameFailure(parseFailure(BROKEN), parseFailure('FROM busybox:1.36\nFROBNICATE2 x\n')));
  assert.not.ok(sameFailure(parseFailure(BROKEN), missing('go.mod', 2)), 'another kind');
  const noImage = parseFailure('FROM busybox:1.36\nFROM ${NOPE}\n');
  assert.ok(noImage.kind === 'prepare' && noImage.problem.kind === 'graph');
  assert.ok(sameFailure(noImage, parseFailure('FROM busybox:1.36\nRUN true\nFROM ${NOPE}\n')));
  assert.not.ok(sameFailure(noImage, parseFailure('FROM busybox:1.36\nCOPY --from=0 /x /x\n')), 'another graph problem');
});

t('unplannableFindings: the same failure at the base is one info note, wherever its line moved; --disable LP001 silences the note too', () => {
  const text = 'FROM busybox:1.36\nRUN true\nCOPY go.mod .\n';
  const note = unplannableFindings(input(text), missing('go.mod', 3), missing('go.mod', 2), 'svc');
  assert.equal(note.map((f) => [f.ruleId, f.severity, f.line]), [['LP001', 'info', 3]]);
  assert.equal(unplannableFindings(input(text), missing('go.mod', 3), missing('go.sum', 2), 'svc').map((f) => f.severity), ['error'], 'another failure before: caused by this change');
  assert.equal(unplannableFindings(input(text, new Map([['LP001', 'off']])), missing('go.mod', 3), missing('go.mod', 2), 'svc'), []);
  assert.equal(unplannableFindings(input(text, new Map([['LP001', 'off']])), missing('go.mod', 3), null, 'svc'), []);
});

t.run();
