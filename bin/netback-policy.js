#!/usr/bin/env node
// The installed command. npm links it before it runs scripts/install.mjs, which builds dist/ on a
// fresh install, so the link points here (always in the package) rather than at dist/src/cli.js.
try {
  await import('../dist/src/cli.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist/src/cli.js')) throw e;
  process.stderr.write(
    'netback-policy: not built (dist/src/cli.js is missing): run `npm run build` in the package, or reinstall it\n',
  );
  process.exitCode = 2;
}
