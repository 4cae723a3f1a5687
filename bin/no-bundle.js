'use strict';
// What the bins do when requiring dist/bundle/main.cjs failed: one line saying how to build the bundle
// when it is missing (a clone without `npm install`, or a package built without it), else the error as
// it is. The bins are CommonJS (bin/package.json): see scripts/bundle-loader.cjs for why.
module.exports = function noBundle(err) {
  // The bins' own require names the bundle as they wrote it; a module missing inside the bundle is another error.
  if (err?.code !== 'MODULE_NOT_FOUND' || !String(err.message).startsWith("Cannot find module '../dist/bundle/main.cjs'")) throw err;
  process.stderr.write('layerplan: dist/bundle/main.cjs is missing; run `npm install` (or `npm run bundle`) in the package folder\n');
  process.exit(3);
};
