import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ignoreSuggestions } from '../../src/rules/ignore-suggestions.js';
import { factsOf } from './rule-harness.js';

/**
 * The .dockerignore lines `fix --write` adds. They take files out of the image on purpose; they must never put one
 * in: the ignore file sits in the context and `COPY . .` copies it (Docker 28.5, conformance/fix-real-repos on
 * dockersamples/todo-list-app and awesome-compose), so it gets a line of its own.
 */
const t = suite('rules/ignore-suggestions');

t('docs-like files and heavy folders, then the ignore file itself', () => {
  // dockersamples/todo-list-app at 5a6fbf5c, in short.
  const facts = factsOf({ files: { 'README.md': 'x', 'LICENSE': 'x', 'compose.yaml': 'x', 'package.json': '{}', 'src/index.js': 'x', '.git/HEAD': 'x' } });
  assert.equal(ignoreSuggestions(facts), ['.git', 'LICENSE', 'README.md', 'compose.yaml', '.dockerignore']);
});

t('an existing .dockerignore that COPY copies gets its own line beside the new ones; one that ignores itself does not', () => {
  const copied = factsOf({ files: { '.dockerignore': 'node_modules\n', 'README.md': 'x', 'src/a.js': 'x' } });
  assert.equal(ignoreSuggestions(copied), ['README.md', '.dockerignore']);
  const ignored = factsOf({ files: { '.dockerignore': '.dockerignore\n', 'README.md': 'x' } });
  assert.equal(ignoreSuggestions(ignored), ['README.md']);
});

t('nothing to add: no line, not even the ignore file (fix then leaves it alone)', () => {
  assert.equal(ignoreSuggestions(factsOf({ files: { '.dockerignore': 'README.md\n', 'README.md': 'x', 'src/a.js': 'x' } })), []);
  assert.equal(ignoreSuggestions(factsOf({ files: { 'src/a.js': 'x' } })), []);
});

t.run();
