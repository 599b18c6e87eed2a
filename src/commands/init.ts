// `isla init [dir]`: write the commented starter config (src/config/init.ts).
import { writeStarterConfig } from '../config/init.js';
import { builtinConfig } from '../config/load.js';
import type { Lang } from '../messages.js';
import type { Terminal } from './terminal.js';

export async function initCommand(dir: string, o: { force?: boolean; quiet?: boolean }, lang: Lang, term: Terminal): Promise<number> {
  const file = await writeStarterConfig(dir, builtinConfig(), !!o.force);
  if (!o.quiet) term.err(lang === 'zh' ? `已写出 ${file}：按需修改后，isla 会自动读取。` : `Wrote ${file}: edit it as needed; isla reads it from that folder.`);
  return 0;
}
