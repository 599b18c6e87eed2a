// iconv-lite, loaded on first use: only an encoding Node cannot decode itself
// (--encoding big5, shift_jis …) needs it, and loading it costs a start.
import { createRequire } from 'node:module';

type IconvLite = typeof import('iconv-lite');
let iconv: IconvLite | undefined;

/** CommonJS, so required synchronously where a caller cannot wait. */
export function iconvLite(): IconvLite {
  return (iconv ??= createRequire(import.meta.url)('iconv-lite') as IconvLite);
}
