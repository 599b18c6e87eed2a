// The configuration a command runs with. Without a config file that is the built-in
// service list alone, which the build validated and wrote to
// dist/service-list/builtin.json (scripts/prebuild-service-list.js): reading that
// costs a JSON.parse, where the YAML parser and the schema cost more than the rest
// of a start. The loader (yaml, zod) is loaded only when a config file is there.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../messages.js';
import type { EffectiveConfig } from './load.js';

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
export const CONFIG_FILE_NAME = 'isla.config.yaml';

/** Two folders below the package root, from dist/config and from src/config alike. */
export const PREBUILT_LIST = fileURLToPath(new URL('../../dist/service-list/builtin.json', import.meta.url));

/**
 * `--config FILE`, else ./isla.config.yaml when present, else the built-in list
 * alone (SPEC §5). A fresh object every time: a command may set its timezone.
 */
export async function effectiveConfig(options: { config?: string | undefined; cwd?: string; lang: Lang }): Promise<EffectiveConfig> {
  const file = options.config ?? path.join(options.cwd ?? process.cwd(), CONFIG_FILE_NAME);
  if (options.config === undefined && !existsSync(file) && existsSync(PREBUILT_LIST)) {
    return JSON.parse(readFileSync(PREBUILT_LIST, 'utf8')) as EffectiveConfig;
  }
  const { loadConfig } = await import('./load.js');
  return loadConfig(options);
}
