// `mail.attach: csv | xlsx | both` (SPEC §12): the built CLI mails the sample month to
// a real SMTP server (login, implicit TLS, a private CA), and every attachment is read
// back — the CSV as text, the workbook with SheetJS — for the department's items only.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { configError, makeTestCa, runCli, startSmtpPeer, tempDir, writeExport } from '../helpers.js';

const CHECK = ['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00', '--fail-on', 'none', '-f', 'json'];
const PASSWORD = '授权码-secret';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Summary {
  findings: { department: string; key: string }[];
}

describe('mail.attach', async () => {
  const work = tempDir('isla-attach-');
  const ca = makeTestCa(work);
  const peer = await startSmtpPeer({ key: ca.key, cert: ca.cert, secure: true });
  afterAll(() => peer.close());
  const env = { NODE_EXTRA_CA_CERTS: ca.caFile, ISLA_SMTP_PASSWORD: PASSWORD };

  /** Check and mail the month with `attach` set (or not); the mails as they arrived, and the report set's summary. */
  async function mailWith(attach: string | null) {
    const dir = path.join(work, attach ?? 'default');
    mkdirSync(dir);
    const config = writeExport(
      dir,
      'isla.config.yaml',
      `mail:
  from: 财务部 <finance@dealer.example>
  finance: [finance-manager@dealer.example]
  departments:
    客服部: [cs-head@dealer.example]
    消贷部: [loans-head@dealer.example]
${attach ? `  attach: ${attach}\n` : ''}  smtp: {host: localhost, port: ${peer.port}, secure: true, user: finance@dealer.example}
`,
    );
    const before = peer.arrived.length;
    const out = await runCli([...CHECK, '-c', config, '--report', path.join(dir, 'reports'), '--mail'], env);
    const mails = await Promise.all(peer.arrived.slice(before).map((m) => simpleParser(m.raw)));
    const setDir = path.join(dir, 'reports', '2026-10');
    const summary = JSON.parse(readFileSync(path.join(setDir, 'summary.json'), 'utf8')) as Summary;
    return { out, mails, summary, setDir, config, raw: peer.arrived.slice(before).map((m) => m.raw) };
  }
  const byTo = (mails: ParsedMail[], address: string): ParsedMail => mails.find((m) => JSON.stringify(m.to).includes(address))!;
  const sheetRows = (content: Buffer, sheet: string) => XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(content).Sheets[sheet]!, { header: 1 });

  // One after the other: the server tells the runs' mails apart by their order only.
  const csvOnly = await mailWith(null);
  const both = await mailWith('both');
  const xlsxOnly = await mailWith('xlsx');

  it('is csv when not set (SPEC §8.2): one CSV attachment a mail, as before', () => {
    expect(csvOnly.out.code).toBe(0);
    expect(csvOnly.mails).toHaveLength(3);
    for (const m of csvOnly.mails) expect(m.attachments.map((a) => a.contentType)).toEqual(['text/csv']);
  });

  it('both: the CSV and the workbook, named alike (RFC 2231), the head\'s only with the head\'s items', () => {
    expect([both.out.code, both.out.stderr.includes('发送失败')]).toEqual([0, false]);
    const head = byTo(both.mails, 'cs-head@dealer.example');
    expect(head.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['2026-10-客服部-问题清单.csv', 'text/csv'],
      ['2026-10-客服部-问题清单.xlsx', XLSX_TYPE],
    ]);
    expect(both.raw.some((r) => /filename\*0?\*=utf-8''2026-10-.*\.xlsx/i.test(r.toString('latin1').replace(/\r\n\s+/g, '')))).toBe(true);
    const own = both.summary.findings.filter((f) => f.department === '客服部');
    const rows = sheetRows(head.attachments[1]!.content, '问题清单');
    expect(rows[0]!.slice(0, 3)).toEqual(['部门', '规则', '状态']);
    expect(rows.slice(1).map((r) => r[5])).toEqual(own.map((f) => f.key));
    expect(rows.slice(1).every((r) => r[0] === '客服部')).toBe(true);
    // The same items as the CSV beside it, one row each.
    expect(head.attachments[0]!.content.toString('utf8').trimEnd().split('\r\n')).toHaveLength(rows.length);
    // 汇总 holds the department's row and the company total, nothing of another department.
    expect(sheetRows(head.attachments[1]!.content, '汇总').map((r) => r[0])).toEqual(['部门', '客服部', '合计']);
    // A mail shows file names, never the server's folders.
    expect(rows.slice(1).every((r) => !String(r[8]).includes('fixtures/'))).toBe(true);
  });

  it('both: finance gets findings.csv and findings.xlsx, every finding in each', () => {
    const finance = byTo(both.mails, 'finance-manager@dealer.example');
    expect(finance.attachments.map((a) => a.filename)).toEqual(['findings.csv', 'findings.xlsx']);
    const wb = XLSX.read(finance.attachments[1]!.content);
    expect(wb.SheetNames).toEqual(['汇总', '问题清单', '被拒绝的行']);
    expect(sheetRows(finance.attachments[1]!.content, '问题清单')).toHaveLength(both.summary.findings.length + 1);
    // The workbook in the mail is the report set's findings.xlsx, with file names for paths.
    const saved = sheetRows(readFileSync(path.join(both.setDir, 'findings.xlsx')), '问题清单');
    expect(sheetRows(finance.attachments[1]!.content, '问题清单').map((r) => r[5])).toEqual(saved.map((r) => r[5]));
  });

  it('xlsx: the workbook alone', () => {
    expect(xlsxOnly.out.code).toBe(0);
    expect(xlsxOnly.mails.map((m) => m.attachments.map((a) => a.filename)).sort()).toEqual([
      ['2026-10-客服部-问题清单.xlsx'],
      ['2026-10-消贷部-问题清单.xlsx'],
      ['findings.xlsx'],
    ]);
  });

  it('the workbook is the same bytes on a resend: the mail log hashes the same content', async () => {
    const first = JSON.parse(readFileSync(path.join(xlsxOnly.setDir, 'mail-log.json'), 'utf8')).messages as { department: string | null; hash: string }[];
    const again = await runCli([...CHECK, '-c', xlsxOnly.config, '--report', path.dirname(xlsxOnly.setDir), '--mail', '--resend'], env);
    expect(again.code).toBe(0);
    const log = JSON.parse(readFileSync(path.join(xlsxOnly.setDir, 'mail-log.json'), 'utf8')).messages as { department: string | null; hash: string }[];
    expect(log.slice(3).map((m) => [m.department, m.hash])).toEqual(first.map((m) => [m.department, m.hash]));
  });

  it('another value is a config error naming the line and the choices', () => {
    expect(configError('mail:\n  from: 财务部 <finance@dealer.example>\n  attach: pdf\n')).toContain('Config CONFIG line 3: mail.attach: expected "csv" | "xlsx" | "both", found "pdf".');
  });
});
