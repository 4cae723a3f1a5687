// The bundle both bins run (dist/bundle/main.js, the loader: see scripts/bundle.mjs), or one line saying
// how to build it when it is missing (a clone without `npm install`, or a package built without it).
const url = new URL('../dist/bundle/main.js', import.meta.url);

export async function loadBundle() {
  return import(url.href).catch((err) => {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/bundle/main.js')) throw err;
    process.stderr.write('layerplan: dist/bundle/main.js is missing; run `npm install` (or `npm run bundle`) in the package folder\n');
    process.exit(3);
  });
}
