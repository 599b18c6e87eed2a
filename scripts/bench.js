#!/usr/bin/env node
// npm run bench: the four figures of SPEC §7, each a ratio to a baseline measured in
// the same run, isla and its baseline alternating (the machine's speed drifts by a
// quarter from minute to minute, so only ratios of medians mean anything):
//   1. seeded synthetic exports (1,000,000 rows over 刷卡单, 业务单, 放贷记录, 理赔金额,
//      about 12% of rows producing a finding): `isla check … --format json` to stdout
//      vs csv-parse alone streaming the same files — three pairs; and isla's peak RSS;
//   2. the sample month as `npm start` runs it vs a bare `node -e 0` — seven pairs;
//   3. `isla --version` vs `node -e 0` — seven pairs.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_ROWS=100000 for a quick look; BENCH_ROUNDS / BENCH_STARTUP_ROUNDS change the
// number of pairs; BENCH_KEEP=1 keeps the exports for profiling.
const TOTAL_ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TARGETS = { big: 1.3, rssMB: 300, month: 2.5, version: 1.25 };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STARTUP_ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 7);
const ISLA = path.join(ROOT, 'bin', 'isla.js');

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
// The share of deliveries that come late; with the other defects below about 12% of
// all rows produce a finding, like a big dealership's month.
const LATE = 0.17;
const pad = (n, w = 2) => String(n).padStart(w, '0');

/** A September–October event day and a delivery `lag` days later (about 17% late). */
function dates(random) {
  const day = 1 + Math.floor(random() * 58); // Sep 3 .. Oct 30
  const event = new Date(Date.UTC(2026, 8, 2 + day));
  const lag = random() < LATE ? 3 + Math.floor(random() * 6) : Math.floor(random() * 2);
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

/** csv-parse alone, streaming the files one after another on one thread, in its own process. */
function csvParseAlone(dir) {
  const script = `
    import { createReadStream, readdirSync } from 'node:fs';
    import { once } from 'node:events';
    import { parse } from 'csv-parse';
    let records = 0;
    for (const name of readdirSync(${JSON.stringify(dir)}).filter((n) => n.endsWith('.csv')).sort()) {
      const parser = createReadStream(${JSON.stringify(dir)} + '/' + name).pipe(parse());
      parser.on('data', () => records++);
      await once(parser, 'end');
    }
    process.stdout.write(String(records));`;
  const file = path.join(ROOT, 'node_modules', '.isla-bench-csv-parse.mjs'); // resolves csv-parse
  writeFileSync(file, script);
  return timed(process.execPath, [file]).then((r) => ({ ...r, records: Number(r.stdout) }));
}

// Preloaded into isla's process: its peak RSS (worker threads share the process) on exit.
const RSS_PROBE = `data:text/javascript,${encodeURIComponent(
  "import { isMainThread } from 'node:worker_threads'; if (isMainThread) process.on('exit', () => process.stderr.write('\\nBENCH-RSS ' + process.resourceUsage().maxRSS + '\\n'));",
)}`;

/** `isla check DIR --format json` to stdout (read and counted here, as a pipe would). */
async function islaCheck(dir, keep) {
  const r = await timed(process.execPath, ['--import', RSS_PROBE, ISLA, 'check', dir, '--as-of', '2026-11-06T09:00', '--format', 'json', '--fail-on', 'none'], { count: !keep });
  const rss = /BENCH-RSS (\d+)/.exec(r.stderr);
  if (r.code !== 0 || !rss) throw new Error(`isla check failed (exit ${r.code}):\n${r.stderr}`);
  return { ...r, rssMB: Number(rss[1]) / 1024 };
}

/** Wall time of a child process from spawn to exit; stdout kept (or only counted). */
function timed(command, args, { count = false } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (d) => {
      bytes += d.length;
      if (!count) stdout += d;
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, code, stdout, stderr, bytes }));
  });
}

/** A short command's wall time, synchronously, so nothing else runs in this process meanwhile. */
function startupSeconds(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return seconds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const verdict = (ok) => (ok ? 'ok' : 'MISSED');
const list = (xs) => xs.map((x) => x.toFixed(2)).join(' ');
const ms = (xs) => xs.map((x) => (x * 1000).toFixed(0)).join(' ');

/** Seven (or BENCH_STARTUP_ROUNDS) pairs of a bare node start and an isla command. */
function startupPairs(islaArgs) {
  const bare = [];
  const isla = [];
  startupSeconds(islaArgs); // warm the file cache once, unmeasured
  for (let i = 0; i < STARTUP_ROUNDS; i++) {
    bare.push(startupSeconds(['-e', '0']));
    isla.push(startupSeconds(islaArgs));
  }
  return { bare, isla, ratio: median(isla) / median(bare), pairs: isla.map((s, i) => s / bare[i]) };
}

const dir = mkdtempSync(path.join(tmpdir(), 'isla-bench-'));
try {
  const rows = await writeExports(dir);
  const mb = readdirSync(dir).filter((n) => n.endsWith('.csv')).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0) / 1e6;
  console.log(`exports: ${rows.toLocaleString('en')} rows, ${mb.toFixed(1)} MB, 4 files in ${dir}`);
  const baselines = [];
  const islas = [];
  for (let round = 0; round < ROUNDS; round++) {
    baselines.push(await csvParseAlone(dir));
    islas.push(await islaCheck(dir, round === 0)); // the first run's JSON is counted below
  }
  const findings = JSON.parse(islas[0].stdout).findings.length;
  islas[0].stdout = '';
  const base = median(baselines.map((r) => r.seconds));
  const big = median(islas.map((r) => r.seconds));
  const rss = Math.max(...islas.map((r) => r.rssMB));
  const month = startupPairs([ISLA, 'check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00', '--fail-on', 'none']);
  const version = startupPairs([ISLA, '--version']);

  const pairs = (a, b) => a.map((x, i) => (x / b[i]).toFixed(2)).join(' ');
  const bigRatio = big / base;
  console.log(`\n${rows.toLocaleString('en')} rows (${findings.toLocaleString('en')} findings, ${(islas[0].bytes / 1e6).toFixed(1)} MB of JSON to stdout), ${ROUNDS} pairs:`);
  console.log(`  csv-parse alone  ${base.toFixed(2)} s median (${Math.round(baselines[0].records / base).toLocaleString('en')} rows/s; runs ${list(baselines.map((r) => r.seconds))})`);
  console.log(`  isla check       ${big.toFixed(2)} s median (${Math.round(rows / big).toLocaleString('en')} rows/s; runs ${list(islas.map((r) => r.seconds))})`);
  console.log(`  pair ratios      ${pairs(islas.map((r) => r.seconds), baselines.map((r) => r.seconds))}`);
  console.log(`sample month vs node -e 0, ${STARTUP_ROUNDS} pairs: ${ms(month.isla)} ms vs ${ms(month.bare)} ms`);
  console.log(`isla --version vs node -e 0, ${STARTUP_ROUNDS} pairs: ${ms(version.isla)} ms vs ${ms(version.bare)} ms`);
  console.log('');
  console.log('| figure | isla (median) | baseline (median) | ratio | target | |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| 1M rows, \`check --format json\` vs csv-parse alone | ${big.toFixed(2)} s | ${base.toFixed(2)} s | ${bigRatio.toFixed(2)} | ≤ ${TARGETS.big} | ${verdict(bigRatio <= TARGETS.big)} |`);
  console.log(`| 1M rows, isla's peak RSS | ${rss.toFixed(0)} MB | | | ≤ ${TARGETS.rssMB} MB | ${verdict(rss <= TARGETS.rssMB)} |`);
  console.log(`| sample month vs \`node -e 0\` | ${(median(month.isla) * 1000).toFixed(0)} ms | ${(median(month.bare) * 1000).toFixed(0)} ms | ${month.ratio.toFixed(2)} | ≤ ${TARGETS.month} | ${verdict(month.ratio <= TARGETS.month)} |`);
  console.log(`| \`isla --version\` vs \`node -e 0\` | ${(median(version.isla) * 1000).toFixed(0)} ms | ${(median(version.bare) * 1000).toFixed(0)} ms | ${version.ratio.toFixed(2)} | ≤ ${TARGETS.version} | ${verdict(version.ratio <= TARGETS.version)} |`);
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
