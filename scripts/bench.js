#!/usr/bin/env node
// npm run bench: seeded synthetic exports (1,000,000 rows over 刷卡单, 业务单, 放贷记录,
// 理赔金额, about 10% late), then in the same run: (a) csv-parse alone streaming them in
// array mode, (b) `isla check` on them, and `isla --version`. Prints rows/s, both
// times, their ratio and isla's peak RSS, against the targets of SPEC §7.
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { parse } from 'csv-parse';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_ROWS=100000 for a quick look; BENCH_ROUNDS=1 for one run of each;
// BENCH_KEEP=1 keeps the exports for profiling.
const TOTAL_ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TARGETS = { ratio: 1.3, rssMB: 300, versionMs: 150 };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

// mulberry32: a small seeded generator, so every run writes the same bytes.
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '黄勇', '赵敏', '周杰', '吴艳', '郑涛', '孙强'];
const pad = (n, w = 2) => String(n).padStart(w, '0');

/** A September–October event day and a delivery `lag` days later (10% late-ish). */
function dates(random) {
  const day = 1 + Math.floor(random() * 58); // Sep 3 .. Oct 30
  const event = new Date(Date.UTC(2026, 8, 2 + day));
  const lag = random() < 0.1 ? 3 + Math.floor(random() * 6) : Math.floor(random() * 2);
  const done = new Date(event.getTime() + lag * 86_400_000);
  const iso = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  // The month's business slips go in on the next month's first workday (10% a day late).
  const monthEnd = event.getUTCMonth() === 8 ? '2026-10-08' : '2026-11-02';
  const reported = lag >= 3 ? (monthEnd === '2026-10-08' ? '2026-10-09' : '2026-11-03') : monthEnd;
  return { event: iso(event), done: iso(done), reported, hour: 8 + Math.floor(random() * 10), minute: Math.floor(random() * 60) };
}

const DATASETS = {
  '刷卡单.csv': {
    header: '刷卡单号,客户姓名,车架号,提车日期,提交日期,刷卡金额,经办人',
    row: (i, r) => {
      const d = dates(r);
      return `SK${pad(i, 8)},${NAMES[i % 12]},LSVAU2180N${pad(i, 7)},${d.event} ${pad(d.hour)}:${pad(d.minute)},${d.done} ${pad(d.hour)}:30,"${80 + (i % 90)},000.00",郑洁`;
    },
  },
  '业务单.csv': {
    header: '业务单号,客户姓名,车架号,交车时间,报送时间,车款金额,打款日期,付款方式,客户签字,装饰金额,装饰单日期,销售顾问',
    row: (i, r) => {
      const d = dates(r);
      const pay = i % 3 === 0 ? '现金' : '刷卡';
      return `YW${pad(i, 8)},${NAMES[i % 12]},LSVAU2180N${pad(i, 7)},${d.event} ${pad(d.hour)}:${pad(d.minute)},${d.reported} 10:00,"${100 + (i % 200)},000.00",${d.event},${pay},${r() < 0.02 ? '否' : '是'},${i % 4 === 0 ? '2000' : ''},${i % 4 === 0 ? d.done : ''},王建国`;
    },
  },
  '放贷记录.csv': {
    header: '合同编号,客户姓名,购车人,合同人,放贷日期,录入日期,资料交付日期,公证费报送日期,经办人',
    row: (i, r) => {
      const d = dates(r);
      const n = NAMES[i % 12];
      return `DK${pad(i, 10)},${n},${n},${r() < 0.01 ? '王建军' : n},${d.event},${d.done} 15:00,${d.done},${d.done},周敏`;
    },
  },
  '理赔金额.csv': {
    header: '理赔单号,客户姓名,车牌号,结案日期,报财务日期,理赔金额,入账金额,经办人',
    row: (i, r) => {
      const d = dates(r);
      const amount = `${1 + (i % 19)},${pad(i % 1000, 3)}.00`;
      return `BA${pad(i, 10)},${NAMES[i % 12]},粤B·${pad(i % 100000, 5)},${d.event},${d.done},"${amount}","${r() < 0.01 ? '1.00' : amount}",冯丽`;
    },
  },
};

async function writeExports(dir) {
  const random = rng(20261101);
  const files = Object.entries(DATASETS);
  const perFile = Math.floor(TOTAL_ROWS / files.length);
  for (const [name, { header, row }] of files) {
    const out = createWriteStream(path.join(dir, name));
    out.write(header + '\n');
    let chunk = '';
    for (let i = 1; i <= perFile; i++) {
      chunk += row(i, random) + '\n';
      if (i % 5000 === 0) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
    await once(out, 'finish');
  }
  return perFile * files.length;
}

async function csvParseAlone(dir) {
  let records = 0;
  const start = process.hrtime.bigint();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.csv')).sort()) {
    const parser = createReadStream(path.join(dir, name)).pipe(parse());
    parser.on('data', () => records++);
    await once(parser, 'end');
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, records };
}

/** isla in a fresh process; it reports its own peak RSS (worker threads included). */
function islaCheck(dir) {
  const runner = `
    const { main } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'cli.js'))});
    const code = await main([process.execPath, 'isla'].concat(${JSON.stringify(['check', dir, '--as-of', '2026-11-06T09:00', '-f', 'json', '-o', path.join(dir, 'result.json'), '--fail-on', 'none'])}));
    process.stderr.write(JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS }) + '\\n');`;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    // A file, not `node -e`: worker threads inherit the parent's flags.
    const runnerFile = path.join(dir, 'run-isla.mjs');
    writeFileSync(runnerFile, runner);
    const child = spawn(process.execPath, [runnerFile], { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const last = err.trim().split('\n').at(-1);
      try {
        const { code, maxRSS } = JSON.parse(last);
        if (code === 2) throw new Error('exit 2');
        resolve({ seconds, code, rssMB: maxRSS / 1024 });
      } catch {
        reject(new Error(`isla check failed:\n${err}`));
      }
    });
  });
}

function versionMs() {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'isla.js'), '--version']);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[3];
}

const dir = mkdtempSync(path.join(tmpdir(), 'isla-bench-'));
try {
  const rows = await writeExports(dir);
  const mb = readdirSync(dir).filter((n) => n.endsWith('.csv')).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0) / 1e6;
  console.log(`exports: ${rows.toLocaleString('en')} rows, ${mb.toFixed(1)} MB, 4 files in ${dir}`);
  // This machine is shared and its speed drifts by a quarter from minute to minute:
  // alternate the two measurements and compare medians.
  const baselines = [];
  const islas = [];
  for (let round = 0; round < ROUNDS; round++) {
    baselines.push(await csvParseAlone(dir));
    islas.push(await islaCheck(dir));
  }
  const median = (runs) => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
  const baseline = median(baselines);
  const isla = median(islas);
  isla.rssMB = Math.max(...islas.map((r) => r.rssMB));
  const version = versionMs();
  const ratio = isla.seconds / baseline.seconds;
  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  const all = (runs) => runs.map((r) => r.seconds.toFixed(2)).join(' ');
  console.log(`csv-parse alone: ${baseline.seconds.toFixed(2)} s median (${Math.round(baseline.records / baseline.seconds).toLocaleString('en')} rows/s; runs ${all(baselines)})`);
  console.log(`isla check:      ${isla.seconds.toFixed(2)} s median (${Math.round(rows / isla.seconds).toLocaleString('en')} rows/s; runs ${all(islas)}), exit ${isla.code}`);
  console.log(`ratio:           ${ratio.toFixed(2)} (target ≤ ${TARGETS.ratio}) ${verdict(ratio <= TARGETS.ratio)}`);
  console.log(`peak RSS:        ${isla.rssMB.toFixed(0)} MB, the highest of ${ROUNDS} runs (target ≤ ${TARGETS.rssMB}) ${verdict(isla.rssMB <= TARGETS.rssMB)}`);
  console.log(`isla --version:  ${version.toFixed(0)} ms median of 7 (target ≤ ${TARGETS.versionMs}) ${verdict(version <= TARGETS.versionMs)}`);
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
