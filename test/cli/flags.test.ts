import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CliError } from '../../src/cli/errors.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { flagString, flagStrings, folderArg, isOneOf } from '../../src/cli/flags.js';

const t = suite('cli/flags');

t('folderArg: the folder given, or the working folder, resolved', () => {
  assert.is(folderArg('build', ['ctx'], '/w'), path.resolve('/w', 'ctx'));
  assert.is(folderArg('build', [], '/w'), path.resolve('/w'));
});

t('folderArg: a second folder is a usage error naming the command and both', () => {
  try {
    folderArg('layers', ['a', 'b'], '/w');
    assert.unreachable('two folders accepted');
  } catch (err) {
    assert.instance(err, CliError);
    assert.is((err as CliError).exitCode, EXIT.usage);
    assert.match((err as CliError).message, 'layers takes one folder, got 2: a b');
  }
});

t('flag readers keep only values of the type asked for', () => {
  const values = { f: 'x', many: ['a', true, 'b'], on: true };
  assert.is(flagString(values, 'f'), 'x');
  assert.is(flagString(values, 'on'), undefined);
  assert.equal(flagStrings(values, 'many'), ['a', 'b']);
  assert.equal(flagStrings(values, 'f'), ['x']);
  assert.equal(flagStrings(values, 'missing'), []);
  assert.ok(isOneOf(['text', 'json'] as const, 'json'));
  assert.not.ok(isOneOf(['text', 'json'] as const, 'xml'));
});

t.run();
