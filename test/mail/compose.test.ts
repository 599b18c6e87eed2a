// Which messages a run makes, for whom, under which subject — from a hand-built
// result (test/report/sample-result.ts) through the same source `check` uses.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { type MailSource, composeMails } from '../../src/mail/compose.js';
import { checkMailSource } from '../../src/mail/content.js';
import type { MailSettings } from '../../src/mail/settings.js';
import { sampleResult } from '../report/sample-result.js';

const OWN = {
  ruleDepartment: { 'KF-02a': '客服部', 'XD-03': '客服部', 'XD-07': '消贷部' },
  datasetDepartments: { swipes: ['客服部'], loans: ['消贷部'], storage: ['客服部'] },
};

function settings(over: Partial<MailSettings> = {}): MailSettings {
  return {
    from: '财务部 <finance@dealer.example>',
    replyTo: null,
    finance: ['finance-manager@dealer.example'],
    departments: { 客服部: ['cs-head@dealer.example'], 消贷部: ['loans-head@dealer.example'] },
    cc: ['audit@dealer.example', 'cs-head@dealer.example'],
    sendWhen: 'findings',
    subject: {},
    smtp: null,
    transport: null,
    sendmailPath: 'sendmail',
    ...over,
  };
}

const source = (lang: 'zh' | 'en' = 'zh') => checkMailSource(sampleResult(), { lang, color: false, verbose: false }, OWN);

describe('composeMails', () => {
  it('sendWhen: findings — only departments with findings, then finance; cc on every mail, never twice', async () => {
    const { mails, unaddressed } = await composeMails(source(), settings(), 'zh');
    expect(mails.map((m) => [m.id, m.recipients, m.subject])).toEqual([
      ['department:客服部', ['cs-head@dealer.example', 'audit@dealer.example'], '2026-10 内部服务检查 · 客服部：迟交 1，逾期未交 0'],
      ['finance', ['finance-manager@dealer.example', 'audit@dealer.example', 'cs-head@dealer.example'], '2026-10 内部服务检查：按时率 50.0%，迟交 1，逾期未交 0'],
    ]);
    expect(unaddressed).toEqual([]);
  });

  it('sendWhen: always — every configured department, a clean one told so', async () => {
    const { mails } = await composeMails(source(), settings({ sendWhen: 'always' }), 'zh');
    expect(mails.map((m) => m.id)).toEqual(['department:客服部', 'department:消贷部', 'finance']);
    const clean = await simpleParser(mails[1]!.raw);
    expect(clean.text).toContain('本期没有迟交或逾期未交的事项。');
    expect(clean.html).toContain('XD-07');
    expect(clean.html).not.toContain('KF-02a');
    expect(clean.attachments[0]!.content.toString('utf8').trimEnd().split('\r\n')).toHaveLength(1);
  });

  it('a department with findings and no recipients is reported, and finance still gets its items', async () => {
    const { mails, unaddressed } = await composeMails(source(), settings({ departments: { 消贷部: ['loans-head@dealer.example'] } }), 'zh');
    expect(unaddressed).toEqual(['客服部']);
    expect(mails.map((m) => m.id)).toEqual(['finance']);
    expect((await simpleParser(mails[0]!.raw)).attachments[0]!.content.toString('utf8')).toContain('KF-02a');
  });

  it('subjects from the config templates, English defaults with --lang en', async () => {
    const custom = await composeMails(source(), settings({ subject: { department: '{department}: {due} due, {onTime} on time, {pending} pending, {other} other, as of {asOf}' } }), 'zh');
    expect(custom.mails[0]!.subject).toBe('客服部: 2 due, 1 on time, 0 pending, 2 other, as of 2026-11-06 09:00');
    const en = await composeMails(source('en'), settings(), 'en');
    expect(en.mails.map((m) => m.subject)).toEqual(['2026-10 internal service check · 客服部: 1 late, 0 overdue', '2026-10 internal service check: on-time rate 50.0%, 1 late, 0 overdue']);
    expect((await simpleParser(en.mails[0]!.raw)).attachments[0]!.filename).toBe('2026-10-客服部-findings.csv');
  });

  it('another command (remind) feeds its own source and subject keys, {dueSoon} included', async () => {
    const remind: MailSource = {
      subjects: { department: 'remindDepartment', finance: 'remindFinance' },
      departments: ['客服部', '消贷部'],
      hasFindings: (d) => d === '客服部',
      department: (d) => ({ html: `<p>${d}</p>`, text: d, attachments: [], values: { department: d, dueSoon: 3, overdue: 1, asOf: '2026-11-06 09:00' } }),
      finance: () => ({ html: '<p>all</p>', text: 'all', attachments: [], values: { department: '', dueSoon: 5, overdue: 2, asOf: '2026-11-06 09:00' } }),
    };
    const { mails } = await composeMails(remind, settings({ cc: [], subject: { remindDepartment: '{department} 即将到期 {dueSoon}' } }), 'zh');
    expect(mails.map((m) => [m.id, m.subject])).toEqual([
      ['department:客服部', '客服部 即将到期 3'],
      ['finance', '2026-11-06 09:00 到期提醒：即将到期 5，逾期未交 2'],
    ]);
    const parsed = await simpleParser(mails[0]!.raw);
    expect(parsed.html).toBe('<p>客服部</p>');
    expect(parsed.attachments).toEqual([]);
  });
});
