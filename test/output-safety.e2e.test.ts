// Nothing isla writes may land on an input, and nothing half-written may stay
// behind (SPEC §6.4, §7): symlinks, `..`, hard links, devices and FIFOs in a temp
// folder, and a real child process interrupted while it writes its report set.
import { execFile, spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir, writeExport } from './helpers.js';

const run = promisify(execFile);

async function isla(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, maxBuffer: 256 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const SWIPES = '刷卡单号,车架号,提车日期,提交日期\nSK-1,V1,2026-10-09,2026-10-12\nSK-2,V2,2026-10-15,2026-10-16\n';
const AS_OF = ['--as-of', '2026-11-06T09:00', '--lang', 'en'];

/** dir/rp/刷卡单.csv, and whatever links a case needs beside it. */
function exportsFolder(): { dir: string; input: string; bytes: Buffer } {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'rp'));
  const input = writeExport(path.join(dir, 'rp'), '刷卡单.csv', SWIPES);
  return { dir, input, bytes: readFileSync(input) };
}

describe('an output path is compared with the inputs by real path and inode', () => {
  it('a symlinked input folder: -o into the real folder over the input is refused, the input untouched', async () => {
    const { dir, input, bytes } = exportsFolder();
    symlinkSync('rp', path.join(dir, 'rplink'));
    const { code, stdout, stderr } = await isla(['check', 'rplink', '-o', 'rp/刷卡单.csv', '-f', 'csv', ...AS_OF], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('The output path rp/刷卡单.csv is one of the inputs and will not be overwritten: choose another path.\n');
    expect(readFileSync(input)).toEqual(bytes);
  });

  it('a `..` spelling of the input is refused', async () => {
    const { dir, input, bytes } = exportsFolder();
    const { code, stderr } = await isla(['check', 'rp', '-o', 'rp/../rp/刷卡单.csv', ...AS_OF], dir);
    expect(code).toBe(2);
    expect(stderr).toBe('The output path rp/../rp/刷卡单.csv is one of the inputs and will not be overwritten: choose another path.\n');
    expect(readFileSync(input)).toEqual(bytes);
  });

  it('a hard link to the input, elsewhere, is refused', async () => {
    const { dir, input, bytes } = exportsFolder();
    mkdirSync(path.join(dir, 'out'));
    linkSync(input, path.join(dir, 'out', 'copy.json'));
    const { code, stderr } = await isla(['check', 'rp', '-o', 'out/copy.json', '-f', 'json', ...AS_OF], dir);
    expect(code).toBe(2);
    expect(stderr).toBe('The output path out/copy.json is one of the inputs and will not be overwritten: choose another path.\n');
    expect(readFileSync(input)).toEqual(bytes);
  });

  it('an export-like file inside an input folder is refused; a page beside the exports is fine', async () => {
    const { dir } = exportsFolder();
    const csv = await isla(['check', 'rp', '-o', 'rp/findings.csv', '-f', 'csv', ...AS_OF], dir);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toBe(`The output path rp/findings.csv is inside the input folder ${path.join(dir, 'rp')}, where the next check would read the report as an export: write it outside the input folders.\n`);
    expect(existsSync(path.join(dir, 'rp', 'findings.csv'))).toBe(false);
    const html = await isla(['check', 'rp', '-o', 'rp/report.html', '-f', 'html', ...AS_OF], dir);
    expect(html.code).toBe(1);
    expect(readFileSync(path.join(dir, 'rp', 'report.html'), 'utf8')).toContain('<!DOCTYPE html>');
  });

  it('--report DIR whose set folder is an input folder (exp with input exp/2026-10) is refused, nothing written', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'exp', '2026-10'), { recursive: true });
    writeExport(path.join(dir, 'exp', '2026-10'), '刷卡单.csv', SWIPES);
    const { code, stderr } = await isla(['check', 'exp/2026-10', '--report', 'exp', ...AS_OF], dir);
    expect(code).toBe(2);
    expect(stderr).toBe(`The output path ${path.join('exp', '2026-10')} is inside the input folder ${path.join(dir, 'exp', '2026-10')}, where the next check would read the report as an export: write it outside the input folders.\n`);
    expect(readdirSync(path.join(dir, 'exp', '2026-10'))).toEqual(['刷卡单.csv']);
    expect(readdirSync(path.join(dir, 'exp'))).toEqual(['2026-10']);
  });
});

describe('inputs are read once, by real path', () => {
  it('a folder and a file inside it, and a symlink to the file: one input, no duplicates', async () => {
    const { dir } = exportsFolder();
    symlinkSync('刷卡单.csv', path.join(dir, 'rp', 'link.csv'));
    const { stdout } = await isla(['check', 'rp', 'rp/刷卡单.csv', 'swipes=rp/link.csv', '-f', 'json', ...AS_OF], dir);
    const result = JSON.parse(stdout);
    expect(result.inputs.map((i: { file: string; rows: number }) => [i.file, i.rows])).toEqual([[path.join('rp', 'link.csv'), 2]]);
    expect(result.findings.map((f: { ruleId: string; status: string; key: string }) => [f.ruleId, f.status, f.key])).toEqual([['KF-02a', 'late', 'SK-1']]);
  });
});

describe('-o onto a device or FIFO writes to it directly', () => {
  it('a FIFO stays a FIFO and its reader gets the whole report', async () => {
    const { dir } = exportsFolder();
    const fifo = path.join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const received = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(fifo, 'utf8').on('data', (c) => (text += c)).on('end', () => resolve(text)).on('error', reject);
    });
    const { code } = await isla(['check', 'rp', '-o', fifo, '-f', 'json', ...AS_OF], dir);
    expect(code).toBe(1);
    const direct = await isla(['check', 'rp', '-f', 'json', ...AS_OF], dir);
    expect(await received).toBe(direct.stdout);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['report.fifo', 'rp']);
  });

  it('a character device (a null device made in the temp folder, where root may) stays a device', async (ctx) => {
    const { dir } = exportsFolder();
    const device = path.join(dir, 'null');
    try {
      execFileSync('mknod', [device, 'c', '1', '3'], { stdio: 'ignore' });
    } catch {
      ctx.skip(); // not root: mknod is refused, and so is nothing to test
    }
    const { code } = await isla(['check', 'rp', '-o', device, '-f', 'json', ...AS_OF], dir);
    expect(code).toBe(1);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['null', 'rp']);
  });
});

describe('the report set is replaced as a whole', () => {
  it('a second run replaces the set and carries mail-log.json over; no temporary is left', async () => {
    const { dir, input } = exportsFolder();
    expect((await isla(['check', 'rp', '--report', 'out', ...AS_OF], dir)).code).toBe(1);
    const log = '{"sent":[{"kind":"department","department":"客服部"}]}\n';
    writeFileSync(path.join(dir, 'out', '2026-10', 'mail-log.json'), log);
    writeFileSync(input, SWIPES.replace('2026-10-12', '2026-10-10'));
    expect((await isla(['check', 'rp', '--report', 'out', ...AS_OF], dir)).code).toBe(0);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['2026-10']);
    expect(readdirSync(path.join(dir, 'out', '2026-10')).sort()).toEqual(['findings.csv', 'findings.xlsx', 'mail-log.json', 'summary.html', 'summary.json', 'summary.md']);
    expect(readFileSync(path.join(dir, 'out', '2026-10', 'mail-log.json'), 'utf8')).toBe(log);
    expect(JSON.parse(readFileSync(path.join(dir, 'out', '2026-10', 'summary.json'), 'utf8')).findings).toEqual([]);
  });

  /** A month of slips, every one late: enough findings that writing the set takes a while. */
  function bigMonth(dir: string, rows: number): void {
    const lines = ['刷卡单号,车架号,提车日期,提交日期'];
    for (let i = 0; i < rows; i++) lines.push(`SK-${i},VIN${i},2026-10-09,2026-10-20`);
    mkdirSync(path.join(dir, 'big'));
    writeFileSync(path.join(dir, 'big', '刷卡单.csv'), lines.join('\n') + '\n');
  }

  /** Start isla, send `signal` once `appears(dir)` holds (it is mid-write), and wait for its exit code. */
  function interrupt(args: string[], cwd: string, appears: () => boolean, signal: NodeJS.Signals): Promise<{ code: number | null; sent: boolean }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
      let sent = false;
      // The temporaries come and go while we look: a folder gone between two reads is "not yet".
      const safely = (): boolean => {
        try {
          return appears();
        } catch {
          return false;
        }
      };
      const poll = setInterval(() => {
        if (!sent && safely()) {
          sent = true;
          child.kill(signal);
        }
      }, 2);
      child.on('exit', (code) => {
        clearInterval(poll);
        resolve({ code, sent });
      });
    });
  }

  it('SIGINT while the set is being written leaves the previous set intact and no temporaries', async () => {
    const { dir } = exportsFolder();
    expect((await isla(['check', 'rp', '--report', 'out', ...AS_OF], dir)).code).toBe(1);
    const setDir = path.join(dir, 'out', '2026-10');
    const previous = Object.fromEntries(readdirSync(setDir).map((f) => [f, readFileSync(path.join(setDir, f))]));
    bigMonth(dir, 40_000);
    // Mid-write: the new set's folder exists beside the old one and holds its first file.
    const tempSet = () =>
      readdirSync(path.join(dir, 'out')).some((n) => n.startsWith('.2026-10.') && n.endsWith('.tmp') && readdirSync(path.join(dir, 'out', n)).includes('summary.json'));
    const { code, sent } = await interrupt(['check', 'big', '--report', 'out', ...AS_OF], dir, tempSet, 'SIGINT');
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['2026-10']);
    expect(Object.fromEntries(readdirSync(setDir).map((f) => [f, readFileSync(path.join(setDir, f))]))).toEqual(previous);
  });

  it('SIGTERM while -o is being written removes its temporary file', async () => {
    const { dir } = exportsFolder();
    bigMonth(dir, 40_000);
    mkdirSync(path.join(dir, 'out'));
    const temp = () => readdirSync(path.join(dir, 'out')).some((n) => n.startsWith('.report.html.'));
    const { code, sent } = await interrupt(['check', 'big', '-o', 'out/report.html', '-f', 'html', ...AS_OF], dir, temp, 'SIGTERM');
    expect(sent).toBe(true);
    expect(code).toBe(143);
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
    expect(statSync(path.join(dir, 'big', '刷卡单.csv')).size).toBeGreaterThan(0);
  });
});
