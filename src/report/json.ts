// `--format json`: the stable contract of SPEC §6.2 (schemaVersion 1).
import type { CheckResult } from '../check.js';

export function formatJson(result: CheckResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
