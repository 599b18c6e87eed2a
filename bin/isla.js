#!/usr/bin/env node
// Thin launcher: everything lives in the built CLI (npm run build → dist/).
import { main } from '../dist/cli.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
