// The `mail:` section: every mistake is one sentence naming the file, the line and the fix.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configError, runCli, tempDir, writeExport } from '../helpers.js';

const BASE = 'mail:\n  from: 财务部 <finance@dealer.example>\n';

function load(text: string) {
  return loadConfig({ config: writeExport(tempDir(), 'isla.config.yaml', text), lang: 'en' });
}


describe('mail config errors', () => {
  it.each([
    ['a department the service list does not have', `${BASE}  departments:\n    消贷: [a@dealer.example]\n`, 'Config CONFIG line 4: mail.departments.消贷: "消贷" is not a department of the service list; did you mean 消贷部?'],
    ['a department far from any', `${BASE}  departments:\n    行政部: [a@dealer.example]\n`, 'Config CONFIG line 4: mail.departments.行政部: "行政部" is not a department of the service list; the departments are 消贷部, 客服部, 保险部, 销售部, 人事部.'],
    ['an address without @', `${BASE}  finance: [finance.dealer.example]\n`, 'Config CONFIG line 3: mail.finance.0: "finance.dealer.example" is not a mail address'],
    ['two addresses in one string', `${BASE}  departments:\n    客服部:\n      - cs@dealer.example\n      - a@dealer.example, b@dealer.example\n`, 'Config CONFIG line 6: mail.departments.客服部.1: "a@dealer.example, b@dealer.example" is not a mail address'],
    ['a malformed from', 'mail:\n  from: 财务部 <finance@>\n', 'Config CONFIG line 2: mail.from: "财务部 <finance@>" is not a mail address'],
    ['an unknown placeholder', `${BASE}  subject:\n    department: "{period} {departement}"\n`, 'Config CONFIG line 4: mail.subject.department: unknown placeholder {departement}; did you mean {department}?'],
    ['{dueSoon} outside a reminder', `${BASE}  subject:\n    finance: "{dueSoon} due"\n`, 'Config CONFIG line 4: mail.subject.finance: unknown placeholder {dueSoon}'],
    ['a misspelt key', `${BASE}  sendwhen: always\n`, 'Config CONFIG line 3: mail.sendwhen: unknown key "sendwhen"; did you mean sendWhen?'],
    ['a bad sendWhen', `${BASE}  sendWhen: sometimes\n`, 'Config CONFIG line 3: mail.sendWhen: expected "findings" | "always", found "sometimes".'],
  ])('%s', (_name, text, message) => {
    expect(configError(text)).toContain(message);
  });

  it('a password in the config is refused, naming where it goes', () => {
    expect(configError(`${BASE}  smtp: {host: smtp.exmail.qq.com, port: 465, user: f@dealer.example, pass: hunter2}\n`, 'zh')).toBe(
      '配置文件 CONFIG 第 3 行：mail.smtp.pass：密码不能写在配置文件里：请删掉这一行，把 SMTP 密码（或授权码）放在环境变量 ISLA_SMTP_PASSWORD 中（或用 ISLA_SMTP_URL 给出全部连接设置）。',
    );
    expect(configError(`${BASE}  smtp:\n    host: smtp.exmail.qq.com\n    password: hunter2\n`)).toContain('line 5: mail.smtp.password: a password does not belong in the config file');
  });

  it('reads a valid section: single addresses become lists, display names kept, reminder placeholders allowed', () => {
    const { mail } = load(`${BASE}  finance: finance-manager@dealer.example
  departments:
    客服部:
      - cs-head@dealer.example
      - 李娜 <li.na@dealer.example>
      - '"Wang, Fang" <wang.fang@dealer.example>'
  sendWhen: always
  subject:
    remindDepartment: "{asOf} {department} 即将到期 {dueSoon}"
  smtp: {host: smtp.exmail.qq.com, port: 465, secure: true, user: finance@dealer.example}
`);
    expect(mail).toEqual({
      from: '财务部 <finance@dealer.example>',
      replyTo: null,
      finance: ['finance-manager@dealer.example'],
      departments: { 客服部: ['cs-head@dealer.example', '李娜 <li.na@dealer.example>', '"Wang, Fang" <wang.fang@dealer.example>'] },
      cc: [],
      sendWhen: 'always',
      subject: { remindDepartment: '{asOf} {department} 即将到期 {dueSoon}' },
      smtp: { host: 'smtp.exmail.qq.com', port: 465, secure: true, user: 'finance@dealer.example' },
      transport: 'smtp',
      sendmailPath: 'sendmail',
    });
  });
});

describe('--mail that cannot work stops before the check, with the fix (exit 2)', () => {
  const check = ['check', 'fixtures/2026-10', '--as-of', '2026-11-06T09:00'];

  it.each([
    ['no mail section', '', '--mail 需要配置文件里的 mail 设置'],
    ['no transport', `${BASE}  finance: [f@dealer.example]\n`, '--mail 没有配置发送方式：请在配置中写 mail.smtp（并把密码放在环境变量 ISLA_SMTP_PASSWORD），或设置 ISLA_SMTP_URL，或写 mail.transport: sendmail。'],
    ['no recipients', `${BASE}  smtp: {host: localhost}\n`, '配置的 mail 里没有任何收件人'],
    ['a password in the file', `${BASE}  finance: [f@dealer.example]\n  smtp: {host: localhost, pass: x}\n`, 'ISLA_SMTP_PASSWORD'],
  ])('%s', async (_name, text, message) => {
    const config = writeExport(tempDir(), 'isla.config.yaml', text || 'timezone: Asia/Shanghai\n');
    const out = await runCli([...check, '-c', config, '--mail']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain(message);
  });

  it('a bad ISLA_SMTP_URL is named without echoing its password', async () => {
    const config = writeExport(tempDir(), 'isla.config.yaml', `${BASE}  finance: [f@dealer.example]\n`);
    const out = await runCli([...check, '-c', config, '--mail', '--fail-on', 'none'], { ISLA_SMTP_URL: 'http://u:s3cret@host' });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('ISLA_SMTP_URL 不是有效的 SMTP 地址');
    expect(out.stderr).not.toContain('s3cret');
  });
});
