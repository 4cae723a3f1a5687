import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { belowFolder, filesNamed, inFolder } from '../../src/rules/context-files.js';
import { factsOf } from './rule-harness.js';

const t = suite('rules/context-files');

const snapshot = factsOf({ files: { 'Cargo.toml': 'x', 'crates/a/Cargo.toml': 'x', 'crates/a/Cargo.toml.orig': 'x', 'crates/xCargo.toml': 'x', 'crates/Cargo.toml/x': 'x', 'b.csproj': 'x', 'src/c.csproj': 'x' } }).snapshot;

t('filesNamed: files whose last segment is the name, not names that only end with it, nor folders', () => {
  assert.equal([...filesNamed(snapshot, 'Cargo.toml')].sort(), ['Cargo.toml', 'crates/a/Cargo.toml']);
});

t('filesNamed: a glob matches within the last segment only', () => {
  assert.equal([...filesNamed(snapshot, '*.csproj')].sort(), ['b.csproj', 'src/c.csproj']);
  assert.equal(filesNamed(snapshot, '*.fsproj'), []);
});

t('filesNamed answers the same list again (kept per snapshot)', () => {
  assert.is(filesNamed(snapshot, 'Cargo.toml'), filesNamed(snapshot, 'Cargo.toml'));
});

t('inFolder and belowFolder split by the folder prefix', () => {
  const files = ['a', 'x/a', 'x/y/a', 'xy/a'];
  assert.equal(inFolder(files, ''), ['a']);
  assert.equal(belowFolder(files, ''), ['x/a', 'x/y/a', 'xy/a']);
  assert.equal(inFolder(files, 'x/'), ['x/a']);
  assert.equal(belowFolder(files, 'x/'), ['x/y/a']);
});

t.run();
