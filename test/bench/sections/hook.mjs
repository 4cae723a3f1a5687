// The installed pre-commit hook (#13's 300 ms budget) in a fresh copy of row 2's 20,000-file repository with one
// staged README edit: layerplan installed in the repository as npm installs a package (node_modules/layerplan,
// with node_modules/.bin/layerplan linking to its bin), `layerplan hook install`, and the hook run as git runs
// it (`git hook run pre-commit`: from the top of the work tree, through git's hook runner), paired with plain
// `check --staged` (what the hook runs), `git status --porcelain` and `node -e 0` (Node's own start, the floor
// of anything written for Node) in the same copy. The hook's cost over check is the script's: sh, finding
// layerplan, /usr/bin/env on the bin's #! line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { BIN, cliEnv, paired, timed } from '../measure.mjs';
import { freshCopy } from '../rows/2-check-staged.mjs';

export const name = 'pre-commit hook (layerplan hook install) on the 20,000-file repo, one staged README';

export async function run(report) {
  const { work, repo, cache } = freshCopy('lp-bench-hook');
  try {
    mkdirSync(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(path.resolve(path.dirname(BIN), '..'), path.join(repo, 'node_modules', 'layerplan'));
    symlinkSync('../layerplan/bin/layerplan', path.join(repo, 'node_modules', '.bin', 'layerplan'));
    const env = cliEnv(cache);
    execFileSync(BIN, ['hook', 'install'], { cwd: repo, env });
    const run = (cmd, args, okStatus = [0]) => () => timed(cmd, args, { cwd: repo, env, okStatus });
    // Exit 0: the finding here (a cache bust) is a warning, so the commit goes on.
    const hook = run('git', ['hook', 'run', 'pre-commit']);
    const check = run(BIN, ['check', '--staged'], [0, 10]);
    const status = run('git', ['status', '--porcelain']);
    status(); // the copy's inode numbers differ from the index's: the first status refreshes it
    check(); // the first run may write caches
    hook();
    const ms = (x) => Math.round(x);
    const vsStatus = paired(hook, status);
    const vsCheck = paired(hook, check);
    const vsNode = paired(check, run(process.execPath, ['-e', '0']));
    report('hook (git hook run pre-commit)', { medianMs: ms(vsStatus.subject), runs: vsStatus.subjectRuns.map(ms).join(' '), budget: '300 ms' });
    report('reference: git status --porcelain', { medianMs: ms(vsStatus.reference), ratio: vsStatus.ratio.toFixed(2) });
    report('reference: check --staged (what the hook runs)', { medianMs: ms(vsCheck.reference), ratio: vsCheck.ratio.toFixed(2) });
    report('check --staged against node -e 0 (the floor)', { checkMs: ms(vsNode.subject), nodeMs: ms(vsNode.reference), ratio: vsNode.ratio.toFixed(2) });
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}
