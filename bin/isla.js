#!/usr/bin/env node
// Thin launcher: everything lives in the built CLI (npm run build → dist/bundle/).
// `isla --version` is answered here, before the CLI and commander are loaded: a
// script asking for the version should not wait for the rest of isla.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { loadCli } = await import('./load-cli.js');
  process.exitCode = await loadCli().cli.main(process.argv);
}
