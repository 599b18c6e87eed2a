#!/usr/bin/env node
// npm run bench:memory — the memory of a month with 200,000 findings, per format
// (SPEC §7, issue 16): one 刷卡单 export of 200,000 slips, every one delivered late,
// checked with each --format written to a file and once with --report. Prints the
// peak RSS (/usr/bin/time -v, worker threads included) and the output size of each.
// Run it alone, under the shared test lock: it takes a minute and a few hundred MB.
// BENCH_FINDINGS=20000 makes it smaller; BENCH_ONLY=html,--report picks the runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 200_000);
const LIMIT_MB = 500;
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '黄勇', '赵敏', '周杰', '吴艳', '郑涛', '孙强'];
const pad = (n, w = 2) => String(n).padStart(w, '0');

async function writeSwipes(file) {
  const out = createWriteStream(file);
  out.write('刷卡单号,客户姓名,车架号,提车日期,提交日期,刷卡金额,经办人\n');
  for (let i = 0; i < FINDINGS; i++) {
    const day = 1 + (i % 20);
    // Delivered 8 days after pickup: every slip is late (due the next day).
    if (!out.write(`SK${pad(i, 8)},${NAMES[i % 12]}${i % 997},LSVAU2180N${pad(i, 7)},2026-10-${pad(day)},2026-10-${pad(day + 8)} 10:30,"${80 + (i % 90)},000.00",郑洁\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function peakRss(args) {
  const time = existsSync('/usr/bin/time');
  const command = time ? '/usr/bin/time' : process.execPath;
  const argv = time ? ['-v', process.execPath, path.join(ROOT, 'bin', 'isla.js'), ...args] : [path.join(ROOT, 'bin', 'isla.js'), ...args];
  const start = process.hrtime.bigint();
  const run = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  // What went wrong, if it did: the last line isla (or the kernel's OOM killer) left.
  const said = run.stderr.split('\n').filter((l) => l && !/^\t|^Command exited/.test(l)).at(-1) ?? '';
  return { code: run.status ?? run.signal, seconds, rssMB: kb / 1024, said };
}

const dir = mkdtempSync(path.join(tmpdir(), 'isla-bench-memory-'));
try {
  const input = path.join(dir, 'exports');
  execFileSync('mkdir', ['-p', input]);
  await writeSwipes(path.join(input, '刷卡单.csv'));
  console.log(`input: ${FINDINGS.toLocaleString('en')} late slips, ${(statSync(path.join(input, '刷卡单.csv')).size / 1e6).toFixed(1)} MB`);
  const base = ['check', input, '--as-of', '2026-11-06T09:00', '--fail-on', 'none', '-q'];
  const runs = [
    ...['table', 'json', 'csv', 'markdown', 'html', 'xlsx'].map((format) => ({ name: format, args: [...base, '-f', format, '-o', path.join(dir, `out.${format}`)], out: path.join(dir, `out.${format}`) })),
    // The whole set (summary.json/md/html, findings.csv/xlsx); the table beside it is capped.
    { name: '--report', args: [...base, '-o', path.join(dir, 'out.report.txt'), '--report', path.join(dir, 'reports')], out: path.join(dir, 'reports', '2026-10') },
  ];
  // BENCH_ONLY=html,--report runs just those.
  const only = process.env.BENCH_ONLY?.split(',');
  for (const r of runs.filter((x) => !only || only.includes(x.name))) {
    const m = peakRss(r.args);
    const info = statSync(r.out, { throwIfNoEntry: false });
    const size = !info ? NaN : info.isDirectory() ? readdirSync(r.out).reduce((n, f) => n + statSync(path.join(r.out, f)).size, 0) : info.size;
    const verdict = m.code === 0 && m.rssMB <= LIMIT_MB ? 'ok' : 'MISSED';
    console.log(`${r.name.padEnd(9)} peak RSS ${m.rssMB.toFixed(0).padStart(4)} MB (≤ ${LIMIT_MB}) ${verdict}  ${m.seconds.toFixed(1)} s  output ${(size / 1e6).toFixed(1)} MB  exit ${m.code}${m.code === 0 ? '' : `  ${m.said}`}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
