#!/usr/bin/env node
// The workbook case of `npm run bench` (SPEC §12): a 100,000-row 刷卡单 sheet with
// real date cells, and the same rows saved as CSV. In the same run, alternating:
// (a) csv-parse alone reading the CSV, (b) `isla check` on the workbook in a fresh
// process. Prints both medians, their ratio and isla's peak RSS against the targets
// (≤ 8× csv-parse, ≤ 500 MB).
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import writeXlsxFile from 'write-excel-file/node';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = Number(process.env.BENCH_SHEET_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGETS = { ratio: 8, rssMB: 500 };
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '黄勇', '赵敏', '周杰', '吴艳', '郑涛', '孙强'];
const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Seeded, so every run writes the same workbook: a slip's pickup and its delivery (10% late). */
function* slips() {
  let seed = 20261101;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 1; i <= ROWS; i++) {
    const event = Date.UTC(2026, 8, 3 + Math.floor(random() * 58), 8 + Math.floor(random() * 10), Math.floor(random() * 60));
    const lag = random() < 0.1 ? 3 + Math.floor(random() * 6) : Math.floor(random() * 2);
    yield [`SK${pad(i, 8)}`, NAMES[i % 12], `LSVAU2180N${pad(i, 7)}`, new Date(event), new Date(event + lag * 86_400_000 + 1_800_000), 80_000 + (i % 90) * 1000, '郑洁'];
  }
}

const HEADER = ['刷卡单号', '客户姓名', '车架号', '提车日期', '提交日期', '刷卡金额', '经办人'];
const local = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

async function writeInputs(dir) {
  const rows = [...slips()];
  const csv = path.join(dir, '刷卡单.csv');
  writeFileSync(csv, [HEADER.join(','), ...rows.map((r) => r.map((v) => (v instanceof Date ? local(v) : v)).join(','))].join('\n') + '\n');
  const book = path.join(dir, 'book', '刷卡单.xlsx');
  const data = [
    HEADER.map((value) => ({ value })),
    // The values' UTC fields are the wall-clock reading, as src/report/xlsx.ts writes them.
    ...rows.map((r) => r.map((value) => (value instanceof Date ? { value, type: Date, format: 'yyyy-mm-dd hh:mm' } : { value }))),
  ];
  await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(book)));
  await writeXlsxFile(data, { sheet: '刷卡单' }).toFile(book);
  return { csv, book };
}

async function csvParseAlone(file) {
  const start = process.hrtime.bigint();
  let records = 0;
  const parser = createReadStream(file).pipe(parse());
  parser.on('data', () => records++);
  await once(parser, 'end');
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, records };
}

function islaCheck(dir, book) {
  const runnerFile = path.join(dir, 'run-isla.mjs');
  writeFileSync(
    runnerFile,
    `const { main } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'cli.js'))});
    const code = await main([process.execPath, 'isla'].concat(${JSON.stringify(['check', book, '--as-of', '2026-11-06T09:00', '-f', 'json', '-o', path.join(dir, 'result.json'), '--fail-on', 'none', '--quiet'])}));
    process.stderr.write(JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS }) + '\\n');`,
  );
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [runnerFile], { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      try {
        const { code, maxRSS } = JSON.parse(err.trim().split('\n').at(-1));
        if (code === 2) throw new Error('exit 2');
        resolve({ seconds, code, rssMB: maxRSS / 1024 });
      } catch {
        reject(new Error(`isla check failed:\n${err}`));
      }
    });
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'isla-bench-sheet-'));
try {
  const { csv, book } = await writeInputs(dir);
  console.log(`workbook: ${ROWS.toLocaleString('en')} rows in one sheet, ${(statSync(book).size / 1e6).toFixed(1)} MB (.xlsx); the same rows as CSV ${(statSync(csv).size / 1e6).toFixed(1)} MB`);
  const baselines = [];
  const islas = [];
  for (let round = 0; round < ROUNDS; round++) {
    baselines.push(await csvParseAlone(csv));
    islas.push(await islaCheck(dir, book));
  }
  const median = (runs) => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
  const baseline = median(baselines);
  const isla = median(islas);
  const rssMB = Math.max(...islas.map((r) => r.rssMB));
  const ratio = isla.seconds / baseline.seconds;
  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  const all = (runs) => runs.map((r) => r.seconds.toFixed(2)).join(' ');
  console.log(`csv-parse alone (CSV):  ${baseline.seconds.toFixed(2)} s median (runs ${all(baselines)})`);
  console.log(`isla check (.xlsx):     ${isla.seconds.toFixed(2)} s median (runs ${all(islas)}), exit ${isla.code}`);
  console.log(`sheet ratio:            ${ratio.toFixed(2)} (target ≤ ${TARGETS.ratio}) ${verdict(ratio <= TARGETS.ratio)}`);
  console.log(`sheet peak RSS:         ${rssMB.toFixed(0)} MB, the highest of ${ROUNDS} runs (target ≤ ${TARGETS.rssMB}) ${verdict(rssMB <= TARGETS.rssMB)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
