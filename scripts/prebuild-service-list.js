#!/usr/bin/env node
// Build step after tsc: the built-in service list (src/service-list/builtin.yaml),
// validated by the same loader and schema a user's config goes through, written as
// the JSON a start without a config file reads (src/config/effective.ts). Parsing the
// YAML and loading the schema at every start cost more than the rest of a start.
import { renameSync, writeFileSync } from 'node:fs';
import { builtinConfig } from '../dist/config/load.js';
import { PREBUILT_LIST } from '../dist/config/effective.js';

/**
 * What JSON would change without a word: a Map, a Set, a RegExp, a Date, NaN. A key
 * whose value is undefined (a rule without `due`) is dropped, which reads the same.
 */
function notJson(value, at) {
  if (typeof value === 'number' && !Number.isFinite(value)) return at;
  if (value === null || typeof value !== 'object') return null;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return at;
  for (const [key, inner] of Object.entries(value)) {
    const found = notJson(inner, `${at}.${key}`);
    if (found) return found;
  }
  return null;
}

const config = builtinConfig();
const bad = notJson(config, 'config');
if (bad) {
  console.error(`prebuild-service-list: ${bad} does not survive JSON; keep the effective configuration plain data`);
  process.exit(1);
}
writeFileSync(`${PREBUILT_LIST}.tmp`, JSON.stringify(config) + '\n');
renameSync(`${PREBUILT_LIST}.tmp`, PREBUILT_LIST);
