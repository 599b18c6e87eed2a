// Where output goes: the report to stdout, everything else to stderr. Colour and
// the progress line only for a person at a terminal, never for cron or a pipe.
import path from 'node:path';
import type { Lang } from '../messages.js';
import { visible } from '../report/visible.js';

export interface Terminal {
  out(text: string): void;
  err(line: string): void;
  color: boolean;
  stderrIsTTY: boolean;
}

/** NO_COLOR, FORCE_COLOR and TERM=dumb as https://no-color.org and chalk read them. */
export function wantsColor(flag: boolean, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  // A terminal that says it cannot do escape sequences (Emacs shell, some CI logs).
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export function processTerminal(colorFlag: boolean): Terminal {
  return {
    out: (text) => process.stdout.write(text),
    // Lines on stderr quote file names and cell values: never raw escape sequences.
    err: (line) => process.stderr.write(visible(line) + '\n'),
    color: wantsColor(colorFlag, process.env, !!process.stdout.isTTY),
    stderrIsTTY: !!process.stderr.isTTY,
  };
}

/** A "正在读取 刷卡单.csv 150,000 行" line on a terminal, shown only if the run takes over a second. */
export function startProgress(term: Terminal, lang: Lang): { update: (file: string, rows: number) => void; stop: () => void } | null {
  if (!term.stderrIsTTY) return null;
  const started = Date.now();
  // Two threads read two files at once: show both.
  const rowsByFile = new Map<string, number>();
  let shown = false;
  const timer = setInterval(() => {
    if (Date.now() - started < 1000 || rowsByFile.size === 0) return;
    const parts = [...rowsByFile].map(([file, rows]) => `${path.basename(file)} ${rows.toLocaleString('en')}${lang === 'zh' ? ' 行' : ' rows'}`);
    process.stderr.write(`\r\x1b[K${lang === 'zh' ? '正在读取' : 'reading'} ${parts.join(' · ')}`);
    shown = true;
  }, 250);
  timer.unref();
  return {
    update: (file, rows) => {
      rowsByFile.set(file, rows);
    },
    stop: () => {
      clearInterval(timer);
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
