// Every sentence isla says, in Chinese and English. Codes stay stable in JSON;
// these texts are for people and may be reworded.
import type { IslaError, IslaErrorCode } from './errors.js';
import type { ProblemCode } from './ingest/problems.js';
import { flatString } from './strings.js';

export type Lang = 'zh' | 'en';

export type Params = Record<string, string | number | string[]>;
export type Template = (p: Params) => string;
/** Texts by message id, each in zh and en (a rule kind keeps its own beside its code). */
export type MessageTable = Record<string, Record<Lang, Template>>;

/**
 * A table's texts as one function; the id is the table's own, so a typo fails to
 * compile. The texts are findings' messages, kept to the end of the run: flat, not
 * the rope of pieces a template literal builds.
 */
export function textsOf<T extends MessageTable>(table: T): (lang: Lang, id: keyof T, params: Params) => string {
  return (lang, id, params) => flatString(table[id]![lang](params));
}

export const list = (v: unknown, sep: string): string => (Array.isArray(v) ? v.join(sep) : String(v ?? ''));

const ERRORS: Record<IslaErrorCode, Record<Lang, Template>> = {
  unreadable: {
    zh: (p) => `无法读取文件 ${p.file}（${p.reason}）：请检查路径是否正确、文件是否有读取权限。`,
    en: (p) => `Cannot read ${p.file} (${p.reason}): check the path and that the file is readable.`,
  },
  'empty-file': {
    zh: (p) => `文件 ${p.file} 是空的：请重新从系统导出，或把它从输入中去掉。`,
    en: (p) => `${p.file} is empty: export it again, or leave it out of the inputs.`,
  },
  undecodable: {
    zh: (p) => `文件 ${p.file} 第 ${p.line} 行无法按 ${p.encoding} 编码读取：请用 --encoding 指定正确的编码（如 gb18030、utf-8），或在 Excel 中另存为“CSV UTF-8”。`,
    en: (p) => `${p.file} line ${p.line} does not decode as ${p.encoding}: give the right one with --encoding (e.g. gb18030, utf-8), or save it from Excel as "CSV UTF-8".`,
  },
  'unterminated-quote': {
    zh: (p) => `文件 ${p.file} 第 ${p.line} 行开始的引号没有闭合：请在 Excel 中打开该行，检查单元格里的双引号，修正后重新导出。`,
    en: (p) => `${p.file}: the quote opened on line ${p.line} is never closed: open that row in Excel, fix the stray double quote and export again.`,
  },
  'no-header': {
    zh: (p) => `文件 ${p.file} 前 10 行里找不到表头：请确认第一行（或标题行下面）是列名。`,
    en: (p) => `${p.file}: no header row in its first 10 lines: make sure the column names are on the first line (or right below a title line).`,
  },
  'missing-column': {
    zh: (p) => `文件 ${p.file}（${p.dataset}）缺少必需的列“${p.column}”（尝试过：${list(p.tried, '、')}）${p.closest ? `；最接近的表头是“${p.closest}”` : ''}：请在导出中加上该列，或在 isla.config.yaml 的 datasets.${p.datasetId}.columns 里为它添加别名。`,
    en: (p) => `${p.file} (${p.dataset}) lacks the required column "${p.column}" (tried: ${list(p.tried, ', ')})${p.closest ? `; the closest header is "${p.closest}"` : ''}: add the column to the export, or add an alias under datasets.${p.datasetId}.columns in isla.config.yaml.`,
  },
  'unknown-dataset': {
    zh: (p) => `无法判断文件 ${p.file} 是哪类数据（${list(p.candidates, '；')}）：请用 数据集=路径 指定，例如 isla check ${p.example}。`,
    en: (p) => `Cannot tell which dataset ${p.file} is (${list(p.candidates, '; ')}): name it as dataset=path, e.g. isla check ${p.example}.`,
  },
  'ambiguous-dataset': {
    zh: (p) => `文件 ${p.file} 同时符合 ${list(p.candidates, '、')}：请用 数据集=路径 指定，例如 isla check ${p.example}。`,
    en: (p) => `${p.file} fits ${list(p.candidates, ', ')} equally well: name it as dataset=path, e.g. isla check ${p.example}.`,
  },
  'bad-dataset-name': {
    zh: (p) => `“${p.name}=”不是已知的数据集：可用的有 ${list(p.known, '、')}。`,
    en: (p) => `"${p.name}=" is not a known dataset: use one of ${list(p.known, ', ')}.`,
  },
  'no-inputs': {
    zh: (p) => `${p.path} 里没有 .csv / .txt / .tsv / .xlsx / .xls 文件：请给出导出文件或所在文件夹。`,
    en: (p) => `No .csv, .txt, .tsv, .xlsx or .xls files in ${p.path}: give the export files or their folder.`,
  },
  'bad-option': {
    zh: (p) => `选项 ${p.option} 的值“${p.value}”无效：${p.expected}。`,
    en: (p) => `Option ${p.option} has an invalid value "${p.value}": ${p.expected}.`,
  },
  'bad-config': {
    zh: (p) => `配置文件 ${p.file}${p.line ? ` 第 ${p.line} 行` : ''}：${p.detail}`,
    en: (p) => `Config ${p.file}${p.line ? ` line ${p.line}` : ''}: ${p.detail}`,
  },
  'strict-rejected': {
    zh: (p) => `--strict：有 ${p.count} 行数据被拒绝（见上方列表）：请修正这些行后重新导出，或去掉 --strict。`,
    en: (p) => `--strict: ${p.count} rows were rejected (listed above): fix them and export again, or drop --strict.`,
  },
  'output-is-input': {
    zh: (p) => `输出路径 ${p.path} 是输入文件之一，拒绝覆盖：请换一个输出路径。`,
    en: (p) => `The output path ${p.path} is one of the inputs and will not be overwritten: choose another path.`,
  },
  'output-in-input-folder': {
    zh: (p) => `输出路径 ${p.path} 在输入文件夹 ${p.folder} 里：下一次检查会把报告当作部门导出读入；请把报告写到输入文件夹以外的地方。`,
    en: (p) => `The output path ${p.path} is inside the input folder ${p.folder}, where the next check would read the report as an export: write it outside the input folders.`,
  },
  'config-exists': {
    zh: (p) => `${p.path} 已经存在，没有覆盖：要重新生成请加 --force（原文件会被替换）。`,
    en: (p) => `${p.path} already exists and was left as it is: add --force to replace it.`,
  },
  'bad-notice': {
    zh: (p) => `通知 ${p.file}${p.line ? ` 第 ${p.line} 行` : ''}${p.text ? `“${p.text}”` : ''}：${p.detail}；没有写入任何内容。`,
    en: (p) => `Notice ${p.file}${p.line ? ` line ${p.line}` : ''}${p.text ? ` "${p.text}"` : ''}: ${p.detail}; nothing was written.`,
  },
  'not-a-workbook': {
    zh: (p) => `文件 ${p.file} 名为 Excel 工作簿，但内容是 ${p.what}，isla 读不了：请从系统重新导出为 .xlsx 或 CSV。`,
    en: (p) => `${p.file} is named as an Excel workbook but holds ${p.what}, which isla cannot read: export it again as .xlsx or CSV.`,
  },
  'no-such-sheet': {
    zh: (p) => `工作簿 ${p.file} 里没有工作表“${p.sheet}”（有：${list(p.sheets, '、')}）：请用 数据集=${p.file}#工作表名 或 #序号 指定。`,
    en: (p) => `Workbook ${p.file} has no sheet "${p.sheet}" (it has: ${list(p.sheets, ', ')}): name it as dataset=${p.file}#<sheet name> or #<number>.`,
  },
  'workbook-too-big': {
    zh: (p) => `工作簿 ${p.file} 太大（${p.size}，上限 ${p.limit}），没有读取：请在 Excel 中另存为 CSV 再检查。`,
    en: (p) => `Workbook ${p.file} is too big (${p.size}, the limit is ${p.limit}) and was not read: save it as CSV in Excel (另存为 CSV) and check that.`,
  },
  'xlsx-needs-output': {
    zh: () => `--format xlsx 写出的是 Excel 文件，不能输出到终端：请用 -o 指定文件，例如 -o 检查结果.xlsx。`,
    en: () => `--format xlsx writes an Excel file, not text for a terminal: name the file with -o, e.g. -o findings.xlsx.`,
  },
  usage: {
    zh: (p) => `${p.detail}：运行 ${p.help} 查看用法。`,
    en: (p) => `${p.detail}: run ${p.help} to see the usage.`,
  },
  'repeated-option': {
    zh: (p) => `选项 ${p.option} 只能给一次（给了“${p.first}”和“${p.second}”）：请只保留一个。`,
    en: (p) => `Option ${p.option} takes one value, and was given "${p.first}" and "${p.second}": keep one.`,
  },
  'empty-option': {
    zh: (p) => `选项 ${p.option} 的值是空的：请写出要用的值，或去掉这个选项。`,
    en: (p) => `Option ${p.option} was given an empty value: write the value, or leave the option out.`,
  },
  'stdin-input': {
    zh: () => `isla 不从标准输入读取数据（输入“-”）：请给出导出文件或所在文件夹的路径。`,
    en: () => `isla does not read data from standard input ("-"): give the export files or their folder.`,
  },
  'period-after-as-of': {
    zh: (p) => `期间 ${p.period} 在检查时点 ${p.asOf} 之后，还没有可检查的内容：请检查 -p/--period 的月份，或用 --as-of 指定检查时点。`,
    en: (p) => `The period ${p.period} starts after the as-of moment ${p.asOf}, so there is nothing to check yet: check the -p/--period month, or set --as-of.`,
  },
  'init-not-folder': {
    zh: (p) => `isla init 的参数应是文件夹，而 ${p.path} ${p.why === 'file' ? '是一个已有的文件' : '看起来是文件名'}：请写 isla init 文件夹，会生成 文件夹/isla.config.yaml（其他文件名可用 -c 指定读取）。`,
    en: (p) => `isla init takes a folder, and ${p.path} ${p.why === 'file' ? 'is an existing file' : 'looks like a file name'}: write isla init FOLDER to get FOLDER/isla.config.yaml (read another file name with -c).`,
  },
  'not-a-file': {
    zh: (p) => `${p.file} 不是普通文件（是${({ fifo: '命名管道', socket: '套接字', device: '设备文件' } as Record<string, string>)[String(p.kind)] ?? '特殊文件'}），isla 不读取它：请给出导出的数据文件，或把它移出导出文件夹。`,
    en: (p) => `${p.file} is not a regular file (it is a ${({ fifo: 'named pipe', socket: 'socket', device: 'device' } as Record<string, string>)[String(p.kind)] ?? 'special file'}) and is not read: give the exported data file, or move it out of the exports folder.`,
  },
  'bad-smtp-url': {
    zh: () => `环境变量 ISLA_SMTP_URL 不是有效的 SMTP 地址：请写成 smtps://用户名:授权码@smtp.example.com:465 或 smtp://smtp.example.com:587（特殊字符用百分号编码）。`,
    en: () => `ISLA_SMTP_URL is not an SMTP URL: write smtps://user:password@smtp.example.com:465 or smtp://smtp.example.com:587 (percent-encode special characters).`,
  },
  'mail-no-config': {
    zh: (p) => `${p.option} 需要配置文件里的 mail 设置：请在 isla.config.yaml 中加上 mail:（发件人 from、收件人 finance / departments、发送方式 smtp），isla init 生成的文件里有示例。`,
    en: (p) => `${p.option} needs a mail section in the config: add mail: (from, finance / departments recipients, smtp) to isla.config.yaml; isla init writes an example.`,
  },
  'mail-no-transport': {
    zh: () => `--mail 没有配置发送方式：请在配置中写 mail.smtp（并把密码放在环境变量 ISLA_SMTP_PASSWORD），或设置 ISLA_SMTP_URL，或写 mail.transport: sendmail。`,
    en: () => `--mail has no way to send: set mail.smtp in the config (the password in ISLA_SMTP_PASSWORD), or ISLA_SMTP_URL, or mail.transport: sendmail.`,
  },
  'mail-no-recipients': {
    zh: () => `配置的 mail 里没有任何收件人：请在 mail.finance 或 mail.departments 下写上至少一个邮件地址。`,
    en: () => `The mail config has no recipients: put at least one address under mail.finance or mail.departments.`,
  },
  'mail-both': {
    zh: () => `--mail 和 --mail-out 只能选一个：--mail-out 只写出 .eml 文件供查看，不发送。`,
    en: () => `Use either --mail or --mail-out: --mail-out only writes .eml files to look at and sends nothing.`,
  },
  'no-report-set': {
    zh: (p) => `${p.path} 不是一套报告（没有可读的 summary.json）：请给出 isla check --report 写出的月份文件夹，例如 /srv/isla-reports/2026-10。`,
    en: (p) => `${p.path} is not a report set (no readable summary.json): give a period folder written by isla check --report, e.g. /srv/isla-reports/2026-10.`,
  },
  'write-failed': {
    zh: (p) => `无法写入 ${p.path}（${p.reason}）：请检查文件夹是否存在、是否有写入权限。`,
    en: (p) => `Cannot write ${p.path} (${p.reason}): check that the folder exists and is writable.`,
  },
  'no-history': {
    zh: (p) => `${p.dir} 里没有月度报告（YYYY-MM/summary.json）：请检查文件夹路径，或先用 isla check --report ${p.dir} 生成每月的报告。`,
    en: (p) => `No monthly report sets (YYYY-MM/summary.json) in ${p.dir}: check the folder, or write them first with isla check --report ${p.dir}.`,
  },
};

type MailEvent = 'sent' | 'partly' | 'failed' | 'skipped' | 'written';

const MAIL_LINES: Record<MailEvent, Record<Lang, Template>> = {
  sent: { zh: (p) => `邮件已发送：${p.who} → ${list(p.to, ', ')}（${p.bytes} 字节）：${p.detail}`, en: (p) => `Mail sent: ${p.who} → ${list(p.to, ', ')} (${p.bytes} bytes): ${p.detail}` },
  partly: { zh: (p) => `邮件部分未送达：${p.who} → ${list(p.to, ', ')} 已接收；被拒绝：${p.detail}`, en: (p) => `Mail partly refused: ${p.who} → ${list(p.to, ', ')} accepted; refused: ${p.detail}` },
  failed: { zh: (p) => `邮件发送失败：${p.who} → ${list(p.to, ', ')}：${p.detail}`, en: (p) => `Mail not sent: ${p.who} → ${list(p.to, ', ')}: ${p.detail}` },
  skipped: { zh: (p) => `邮件已发过，跳过：${p.who} → ${list(p.to, ', ')}（见 mail-log.json；要重发请加 --resend）`, en: (p) => `Mail already sent, skipped: ${p.who} → ${list(p.to, ', ')} (see mail-log.json; --resend sends it again)` },
  written: { zh: (p) => `邮件已写出：${p.who} → ${list(p.to, ', ')}：${p.detail}（${p.bytes} 字节）`, en: (p) => `Mail written: ${p.who} → ${list(p.to, ', ')}: ${p.detail} (${p.bytes} bytes)` },
};

/** One stderr line per message (SPEC §8.3). `who` is the department, or '' for finance's mail. */
export function mailLine(lang: Lang, event: MailEvent, p: Params): string {
  return MAIL_LINES[event][lang]({ ...p, who: p.who || (lang === 'zh' ? '财务部（全部）' : 'finance (all)') });
}

export function mailUnaddressedWarning(lang: Lang, department: string): string {
  return lang === 'zh'
    ? `${department} 有问题项，但配置 mail.departments 里没有它的收件人：这些问题只发给财务部；请在 mail.departments.${department} 下写上负责人的地址。`
    : `${department} has findings but no recipients under mail.departments: its items go to finance only; add its head under mail.departments.${department}.`;
}

export function errorMessage(lang: Lang, err: IslaError): string {
  return ERRORS[err.code][lang](err.params);
}

const REASONS: Record<string, Record<Lang, string>> = {
  'not-a-date': { zh: '不是可识别的日期', en: 'not a date isla can read' },
  'impossible-date': { zh: '日期不存在', en: 'no such date' },
  'ambiguous-slash-date': {
    zh: '日/月顺序不明确（如 09/10/2026），请写成 2026-10-09',
    en: 'day/month order is ambiguous (like 09/10/2026); write 2026-10-09',
  },
  'impossible-time': { zh: '时间不存在', en: 'no such time of day' },
  'implausible-year': { zh: '年份不在 1990–2100 之间，可能是输入错误', en: 'the year is outside 1990–2100, probably a typo' },
  'not-a-month': { zh: '不是可识别的月份（如 2026-10、2026年10月）', en: 'not a month (like 2026-10)' },
  'not-an-amount': { zh: '不是可识别的金额', en: 'not an amount' },
  'not-a-boolean': { zh: '不是 是/否', en: 'not a yes/no value' },
};

const UNREADABLE_CELL: Record<Lang, Template> = {
  zh: (p) => `“${p.field}”的值“${p.value}”${p.reason}`,
  en: (p) => `"${p.field}" value "${p.value}": ${p.reason}`,
};

const PROBLEMS: Record<ProblemCode, Record<Lang, Template>> = {
  'missing-value': {
    zh: (p) => `“${p.field}”为空，该行无法检查`,
    en: (p) => `"${p.field}" is empty, so the row cannot be checked`,
  },
  'invalid-date': {
    zh: (p) => UNREADABLE_CELL.zh(p) + (p.note ? '，按未交处理' : ''),
    en: (p) => UNREADABLE_CELL.en(p) + (p.note ? '; taken as not submitted' : ''),
  },
  'before-event': {
    zh: (p) => `“${p.field}”的值“${p.value}”早于${p.reason}，可能是年份写错，按未交处理`,
    en: (p) => `"${p.field}" value "${p.value}" is before ${p.reason}, probably a wrong year; taken as not submitted`,
  },
  'unknown-department': {
    zh: (p) => `“${p.field}”的值“${p.value}”不是服务明细中的部门，是不是“${p.reason}”？该行没有检查（可在配置 departments.aliases 中把它认作该部门）`,
    en: (p) => `"${p.field}" value "${p.value}" is not a department of the service list; did you mean "${p.reason}"? The row was not checked (departments.aliases in the config can read it as that department)`,
  },
  'unknown-report': {
    zh: (p) => `“${p.field}”的值“${p.value}”不是要求报送的报表，是不是“${p.reason}”？该行没有计入`,
    en: (p) => `"${p.field}" value "${p.value}" is not a report the list asks for; did you mean "${p.reason}"? The row was not counted`,
  },
  'invalid-month': UNREADABLE_CELL,
  'invalid-amount': UNREADABLE_CELL,
  'invalid-boolean': UNREADABLE_CELL,
  'future-date': {
    zh: (p) => `“${p.field}”的值“${p.value}”晚于检查时点，按未填处理`,
    en: (p) => `"${p.field}" value "${p.value}" is after the as-of moment and is treated as empty`,
  },
  'invalid-cell': {
    zh: (p) => `单元格 ${p.reason}（“${p.field}”）是 ${p.value}：错误值或没有计算结果的公式，该行无法检查，请在 Excel 中修正后重新导出`,
    en: (p) => `cell ${p.reason} ("${p.field}") is ${p.value}: an error value or a formula with no result, so the row cannot be checked; fix it in Excel and export again`,
  },
  'undecodable-cell': {
    zh: (p) => `“${p.field}”的值“${p.value}”中有不是 UTF-8 的字节（显示为 �，多半是混进来的 GBK 字符），该行无法检查：请在原系统中修正后重新导出，或用 --encoding 指定编码`,
    en: (p) => `"${p.field}" value "${p.value}" holds bytes that are not UTF-8 (shown as �, most likely a stray GBK character), so the row cannot be checked; fix it and export again, or name the encoding with --encoding`,
  },
  'repeated-header': {
    zh: () => `这一行重复了表头（多次导出拼接在一起？），已跳过，不算被拒绝的行`,
    en: () => `this line repeats the header (exports pasted together?) and was skipped; it is not a rejected row`,
  },
  'ragged-row': {
    zh: (p) => `该行的单元格个数与表头不一致（${p.reason}），可能是未加引号的逗号`,
    en: (p) => `the row's cell count differs from the header (${p.reason}); perhaps an unquoted comma`,
  },
  'invalid-waiver': {
    zh: (p) => `这条延期/豁免登记不能采用：${p.reason}`,
    en: (p) => `this approval cannot be applied: ${p.reason}`,
  },
};

export type WaiverProblemId = 'unknown-rule' | 'manual-rule' | 'neither' | 'both' | 'no-approver' | 'extension-not-deadline';

const WAIVER_PROBLEMS: Record<WaiverProblemId, Record<Lang, Template>> = {
  'unknown-rule': {
    zh: (p) => `没有规则 ${p.rule}${p.suggestion ? `，是不是 ${p.suggestion}？` : '；规则编号见 isla rules'}`,
    en: (p) => `there is no rule ${p.rule}${p.suggestion ? `; did you mean ${p.suggestion}?` : '; isla rules lists the rule ids'}`,
  },
  'manual-rule': {
    zh: (p) => `${p.rule} 是人工核对项目，isla 不检查它，无需登记`,
    en: (p) => `${p.rule} is checked by hand, not by isla; it needs no approval here`,
  },
  neither: {
    zh: () => '延期至 和 豁免=是 都没有填：请填写其中一项',
    en: () => 'neither 延期至 nor 豁免=是 is given: fill in one of them',
  },
  both: {
    zh: () => '同时填了 延期至 和 豁免=是：一条登记只能是延期或豁免其中之一',
    en: () => 'both 延期至 and 豁免=是 are given: an approval is either an extension or a waiver',
  },
  'no-approver': {
    zh: () => '没有填写批准人',
    en: () => 'no approver (批准人) is given',
  },
  'extension-not-deadline': {
    zh: (p) => `${p.rule} 不是期限类规则，没有截止时间可以延期，只能豁免（豁免=是）`,
    en: (p) => `${p.rule} has no deadline to extend; it can only be waived (豁免=是)`,
  },
};

/** Why a row of the waiver log was rejected, in words (the `invalid-waiver` problem's reason). */
export function waiverProblemReason(lang: Lang, id: WaiverProblemId, params: Params = {}): string {
  return WAIVER_PROBLEMS[id][lang](params);
}

/** `note`: an unreadable submission time, judged as not submitted (SPEC §3.5). */
export function rowProblemMessage(lang: Lang, code: ProblemCode, field: string, value: string, detail?: string, note?: 'not-submitted'): string {
  const reason = detail === undefined ? '' : (REASONS[detail]?.[lang] ?? detail);
  return PROBLEMS[code][lang]({ field, value, reason, note: note ?? '' });
}

/** The finding texts the engine and the approvals share; each kind's own are in its module. */
export type FindingMessageId = 'duplicate' | 'approved-on-time' | 'approved-pending' | 'approved-waived';

const FINDINGS: Record<FindingMessageId, Record<Lang, Template>> = {
  'approved-on-time': {
    zh: (p) => `${p.item}：已批准延期至 ${p.until}，${p.submitted} 交，按时`,
    en: (p) => `${p.item}: extended to ${p.until}, delivered ${p.submitted}, on time`,
  },
  'approved-pending': {
    zh: (p) => `${p.item}：已批准延期至 ${p.until}，尚未到期`,
    en: (p) => `${p.item}: extended to ${p.until}, not due yet`,
  },
  'approved-waived': {
    zh: (p) => `${p.item}：已批准豁免，不计入考核`,
    en: (p) => `${p.item}: waived, not counted`,
  },
  duplicate: {
    zh: (p) => `${p.field} ${p.key} 重复，首次出现在${p.firstFile ? ` ${p.firstFile} ` : ''}第 ${p.firstLine} 行；本行不再检查`,
    en: (p) => `${p.field} ${p.key} repeats the record on line ${p.firstLine}${p.firstFile ? ` of ${p.firstFile}` : ''}; this row is not checked again`,
  },
};

/** Flat, as a rule kind's texts are (see textsOf): findings are kept to the end of the run. */
export function findingMessage(lang: Lang, id: FindingMessageId, params: Params): string {
  return flatString(FINDINGS[id][lang](params));
}

export function yesNo(lang: Lang, v: boolean): string {
  return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
}

export type ConfigProblemId =
  | 'yaml'
  | 'not-found'
  | 'too-large'
  | 'not-utf8'
  | 'aliases'
  | 'unknown-key'
  | 'invalid'
  | 'unknown-rule'
  | 'rule-needs'
  | 'unknown-dataset'
  | 'unknown-column'
  | 'bad-timezone'
  | 'duplicate-key-column'
  | 'calendar-both'
  | 'calendar-wrong-year'
  | 'calendar-years-weekdays'
  | 'near-rule-id'
  | 'unknown-department'
  | 'mail-secret'
  | 'mail-address'
  | 'mail-department'
  | 'mail-placeholder';

const CONFIG: Record<ConfigProblemId, Record<Lang, Template>> = {
  yaml: {
    zh: (p) => `不是有效的 YAML（${p.reason}）：请检查该行的缩进、冒号和引号。`,
    en: (p) => `not valid YAML (${p.reason}): check that line's indentation, colons and quotes.`,
  },
  'too-large': {
    zh: (p) => `文件有 ${p.size}，不像配置文件（上限 1 MB）：请检查 -c/--config 是否指向了数据文件。`,
    en: (p) => `the file is ${p.size}, too big for a config (limit 1 MB): check that -c/--config does not point at a data file.`,
  },
  'not-utf8': {
    zh: (p) => `不是 UTF-8 编码（看起来是 ${p.encoding === 'gb18030' ? 'GBK/GB18030' : p.encoding}）：请用记事本或 VS Code 另存为“UTF-8”编码后重试。`,
    en: (p) => `not UTF-8 (it looks like ${p.encoding === 'gb18030' ? 'GBK/GB18030' : p.encoding}): save it again as UTF-8 (Notepad or VS Code) and retry.`,
  },
  aliases: {
    zh: () => `YAML 别名（*引用）展开得太多，像是恶意构造的文件：请去掉多层 & / * 引用，直接写出设置。`,
    en: () => `too many YAML aliases (* references) to expand, as in a crafted file: write the settings out instead of nesting & / * references.`,
  },
  'not-found': {
    zh: () => `找不到该文件：请检查 -c/--config 的路径，或用 isla init 生成一个。`,
    en: () => `no such file: check the -c/--config path, or write one with isla init.`,
  },
  'unknown-key': {
    zh: (p) => `${p.path}：未知的设置项“${p.key}”${p.suggestion ? `，是不是 ${p.suggestion}？` : `；可用的有 ${list(p.known, '、')}。`}`,
    en: (p) => `${p.path}: unknown key "${p.key}"${p.suggestion ? `; did you mean ${p.suggestion}?` : `; allowed: ${list(p.known, ', ')}.`}`,
  },
  invalid: {
    zh: (p) => `${p.path}：应为${p.expected}，实际为 ${p.found}。`,
    en: (p) => `${p.path}: expected ${p.expected}, found ${p.found}.`,
  },
  'unknown-rule': {
    zh: (p) => `rules.${p.id}：没有这条规则${p.suggestion ? `，是不是 ${p.suggestion}？` : '。'}新增规则需写明 kind、department 和 item。`,
    en: (p) => `rules.${p.id}: no such rule${p.suggestion ? `; did you mean ${p.suggestion}?` : '.'} A new rule needs kind, department and item.`,
  },
  'rule-needs': {
    zh: (p) => `rules.${p.id}：${p.kind} 类规则需要设置 ${list(p.fields, '、')}。`,
    en: (p) => `rules.${p.id}: a ${p.kind} rule needs ${list(p.fields, ', ')}.`,
  },
  'unknown-dataset': {
    zh: (p) => `${p.path}：没有数据集“${p.dataset}”${p.suggestion ? `，是不是 ${p.suggestion}？` : `；可用的有 ${list(p.known, '、')}。`}`,
    en: (p) => `${p.path}: no dataset "${p.dataset}"${p.suggestion ? `; did you mean ${p.suggestion}?` : `; known: ${list(p.known, ', ')}.`}`,
  },
  'unknown-column': {
    zh: (p) => `${p.path}：“${p.column}”不是数据集 ${p.dataset} 的列${p.suggestion ? `，是不是“${p.suggestion}”？` : `；它的列有 ${list(p.known, '、')}。`}`,
    en: (p) => `${p.path}: "${p.column}" is not a column of ${p.dataset}${p.suggestion ? `; did you mean "${p.suggestion}"?` : `; its columns are ${list(p.known, ', ')}.`}`,
  },
  'near-rule-id': {
    zh: (p) => `rules.${p.id}：新规则的编号与内置规则 ${p.suggestion} 只差一个字符，是不是 ${p.suggestion}？要修改它请写 rules.${p.suggestion}；确实要新增，请在这条规则里加上 new: true。`,
    en: (p) => `rules.${p.id}: a new rule id one character off the built-in ${p.suggestion}; did you mean ${p.suggestion}? To change it, write rules.${p.suggestion}; to add a new rule, put new: true in it.`,
  },
  'unknown-department': {
    zh: (p) => `${p.path}：“${p.department}”不是服务明细中的部门${p.suggestion ? `，是不是 ${p.suggestion}？` : `；已有的部门是 ${list(p.known, '、')}。`}要新增部门，请在 departments.names 中列出。`,
    en: (p) => `${p.path}: "${p.department}" is not a department of the service list${p.suggestion ? `; did you mean ${p.suggestion}?` : `; the departments are ${list(p.known, ', ')}.`} To add a department, list it under departments.names.`,
  },
  'bad-timezone': {
    zh: (p) => `${p.path}：“${p.zone}”不是有效的 IANA 时区（例如 Asia/Shanghai）。`,
    en: (p) => `${p.path}: "${p.zone}" is not an IANA time zone (e.g. Asia/Shanghai).`,
  },
  'duplicate-key-column': {
    zh: (p) => `${p.path}：数据集 ${p.dataset} 只能有一个 key 列（现在有 ${list(p.columns, '、')}）。`,
    en: (p) => `${p.path}: dataset ${p.dataset} may have one key column (found ${list(p.columns, ', ')}).`,
  },
  'calendar-both': {
    zh: (p) => `${p.path}：${p.date} 同时列为放假日和上班日：请只保留其中一处。`,
    en: (p) => `${p.path}: ${p.date} is listed both as a day off and as a workday: keep only one.`,
  },
  'calendar-wrong-year': {
    zh: (p) => `${p.path}：${p.date} 不属于 ${p.year} 年：这里只能写 ${p.year} 年的日期（或 ${p.before} 年 12 月跨年的元旦假日）。`,
    en: (p) => `${p.path}: ${p.date} is not in ${p.year}: list only ${p.year}'s dates here (or a New Year holiday starting in December ${p.before}).`,
  },
  'calendar-years-weekdays': {
    zh: () => `calendar.years 只用于法定节假日日历（source: cn）：删掉 source: weekdays，或删掉 calendar.years。`,
    en: () => `calendar.years only applies to the statutory calendar (source: cn): remove source: weekdays or calendar.years.`,
  },
  'mail-secret': {
    zh: (p) => `${p.path}：密码不能写在配置文件里：请删掉这一行，把 SMTP 密码（或授权码）放在环境变量 ISLA_SMTP_PASSWORD 中（或用 ISLA_SMTP_URL 给出全部连接设置）。`,
    en: (p) => `${p.path}: a password does not belong in the config file: delete this line and put the SMTP password in the environment variable ISLA_SMTP_PASSWORD (or all settings in ISLA_SMTP_URL).`,
  },
  'mail-address': {
    zh: (p) => `${p.path}：“${p.address}”不是有效的邮件地址：请写成 name@example.com 或 姓名 <name@example.com>，多个地址写成列表。`,
    en: (p) => `${p.path}: "${p.address}" is not a mail address: write name@example.com or Name <name@example.com>, and several as a list.`,
  },
  'mail-department': {
    zh: (p) => `${p.path}：“${p.department}”不是服务明细里的部门${p.suggestion ? `，是不是 ${p.suggestion}？` : `；部门有 ${list(p.known, '、')}。`}`,
    en: (p) => `${p.path}: "${p.department}" is not a department of the service list${p.suggestion ? `; did you mean ${p.suggestion}?` : `; the departments are ${list(p.known, ', ')}.`}`,
  },
  'mail-placeholder': {
    zh: (p) => `${p.path}：未知的占位符 {${p.name}}${p.suggestion ? `，是不是 {${p.suggestion}}？` : `；可用的有 ${list(p.known, '、')}。`}`,
    en: (p) => `${p.path}: unknown placeholder {${p.name}}${p.suggestion ? `; did you mean {${p.suggestion}}?` : `; allowed: ${list(p.known, ', ')}.`}`,
  },
};

/**
 * What a config value should have been, by zod's type name or the schema's own
 * message: every zod issue is said through this table, so no zod English reaches a clerk.
 */
const EXPECTED: Record<string, Record<Lang, string>> = {
  string: { zh: '文字', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  boolean: { zh: 'true 或 false', en: 'true or false' },
  array: { zh: '列表（如 [a, b]）', en: 'a list (like [a, b])' },
  object: { zh: '键值设置（如 key: value）', en: 'a map (like key: value)' },
  record: { zh: '键值设置（如 key: value）', en: 'a map (like key: value)' },
  'a time like "12:00"': { zh: '“12:00”这样的时间', en: 'a time like "12:00"' },
  'a date like 2026-10-13': { zh: '2026-10-13 这样的日期', en: 'a date like 2026-10-13' },
  'a date that exists (that month has no such day)': { zh: '存在的日期（那个月没有这一天）', en: 'a date that exists (that month has no such day)' },
  'a year like 2027 as the key': { zh: '以年份（如 2027）为键', en: 'a year like 2027 as the key' },
  due: { zh: 'sameDay、{days: N}、{workdays: N} 或 {monthly: {day: D, time: "HH:mm"}}', en: 'sameDay, {days: N}, {workdays: N} or {monthly: {day: D, time: "HH:mm"}}' },
  'a valid value': { zh: '有效的值', en: 'a valid value' },
};

export function expectedValue(lang: Lang, key: string): string | undefined {
  return EXPECTED[key]?.[lang];
}

export function configProblem(lang: Lang, id: ConfigProblemId, params: Params): string {
  return CONFIG[id][lang](params);
}

/** Why a rule was not checked; a missing column names the file that lacks it (one of several, perhaps). */
export function notCheckedReason(lang: Lang, p: { column?: string; dataset?: string; file?: string }): string {
  if (p.dataset !== undefined) return lang === 'zh' ? `未提供数据：${p.dataset}` : `no data provided: ${p.dataset}`;
  if (p.file !== undefined) return lang === 'zh' ? `文件 ${p.file} 中没有“${p.column}”列` : `column ${p.column} not in ${p.file}`;
  return lang === 'zh' ? `文件中没有“${p.column}”列` : `column ${p.column} not in file`;
}

export function skippedFileWarning(lang: Lang, file: string, example: string): string {
  return lang === 'zh'
    ? `已跳过 ${file}：无法判断它是哪类数据；如果它是导出文件，请用 数据集=路径 指定，例如 isla check ${example}。`
    : `Skipped ${file}: it fits no dataset; if it is an export, name it as dataset=path, e.g. isla check ${example}.`;
}

export function extensionIgnoredWarning(lang: Lang, p: { file: string; line: number; ruleId: string; key: string; until: string; due: string }): string {
  return lang === 'zh'
    ? `${p.file} 第 ${p.line} 行：${p.ruleId} ${p.key} 的延期至 ${p.until} 不晚于原截止时间 ${p.due}，未采用，仍按原截止判断。`
    : `${p.file} line ${p.line}: the extension of ${p.ruleId} ${p.key} to ${p.until} is not later than its due ${p.due}; not applied, the due stands.`;
}

export function calendarCoverageWarning(lang: Lang, year: number): string {
  return lang === 'zh'
    ? `${year} 年春节等假日未知，涉及的到期日可能有误：节假日数据未覆盖 ${year} 年，该年暂按周一至周五加固定日期的假日（元旦、5 月 1–2 日、10 月 1–3 日）计算，受影响的事项标为“待核实”。国务院公布 ${year} 年放假安排后，请用 isla calendar import 通知文件 --write 写入配置 calendar.years.${year}。`
    : `${year}'s Spring Festival and other holidays are unknown, so due dates that touch ${year} may be wrong: the holiday data does not cover ${year}, which is read as Monday–Friday plus the fixed-date holidays (Jan 1, May 1–2, Oct 1–3), and the items affected are marked unconfirmed. When the State Council publishes ${year}'s schedule, run isla calendar import NOTICE --write to put it under calendar.years.${year} in the config.`;
}

type NoticeReasonParams = { id: string; [key: string]: string | number };

/** Weekday names, Sunday first (as `weekday()` numbers them). */
export const WEEKDAY_NAMES: Record<Lang, string[]> = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

const NOTICE: Record<string, Record<Lang, Template>> = {
  'no-year': {
    zh: () => '找不到年份：文件里应有标题“国务院办公厅关于YYYY年部分节假日安排的通知”（请复制通知全文，包括标题）',
    en: () => 'no year found: the file should hold the title 国务院办公厅关于YYYY年部分节假日安排的通知 (copy the whole notice, title included)',
  },
  'no-holidays': {
    zh: () => '没有读到任何放假安排（“一、元旦：…放假”这样的行）：请确认复制的是通知正文',
    en: () => 'no holiday lines found (like 一、元旦：…放假): check that the file holds the notice itself',
  },
  unreadable: {
    zh: () => '读不懂这一行的放假或上班日期：请对照通知原文检查这一行，或手工写入配置 calendar.years',
    en: () => 'cannot read the days off or workdays on this line: compare it with the published notice, or write calendar.years by hand',
  },
  'bad-date': { zh: (p) => `${p.date} 不是有效日期`, en: (p) => `${p.date} is not a date that exists` },
  reversed: { zh: (p) => `放假从 ${p.from} 到 ${p.to}，结束早于开始`, en: (p) => `the holiday runs from ${p.from} to ${p.to}, ending before it starts` },
  weekday: {
    zh: (p) => `${p.date} 写的是${p.written}，但那天是${WEEKDAY_NAMES.zh[Number(p.actual)]}`,
    en: (p) => `${p.date} is written as ${p.written} but is a ${WEEKDAY_NAMES.en[Number(p.actual)]}`,
  },
  count: {
    zh: (p) => `写的是共 ${p.written} 天，读到的放假日是 ${p.read} 天`,
    en: (p) => `it says ${p.written} days, but ${p.read} days off were read`,
  },
  'makeup-weekday': {
    zh: (p) => `调休上班日 ${p.date} 是${WEEKDAY_NAMES.zh[Number(p.actual)]}，不是周末`,
    en: (p) => `the make-up workday ${p.date} is a ${WEEKDAY_NAMES.en[Number(p.actual)]}, not a weekend day`,
  },
  both: { zh: (p) => `${p.date} 既是放假日又是上班日`, en: (p) => `${p.date} is both a day off and a workday` },
  'wrong-year': {
    zh: (p) => `${p.date} 不在通知的年份内`,
    en: (p) => `${p.date} is outside the notice's year`,
  },
  amendment: {
    zh: (p) => `这是调整通知，只改 ${p.festival}：请和当年的通知一起导入，原通知在前，例如 isla calendar import ${p.year}.txt ${p.file}`,
    en: (p) => `this notice only changes ${p.festival}: import it after that year's notice, e.g. isla calendar import ${p.year}.txt ${p.file}`,
  },
  'other-year': {
    zh: (p) => `这份通知是 ${p.year} 年的，前面的通知是 ${p.first} 年的：一次只导入同一年的通知`,
    en: (p) => `this notice is for ${p.year} but the first one is for ${p.first}: import one year's notices at a time`,
  },
};

/** Why a holiday notice could not be read (isla calendar import). */
export function noticeReason(lang: Lang, reason: NoticeReasonParams): string {
  return NOTICE[reason.id]![lang](reason);
}

export type HistoryNoteId = 'set-unreadable' | 'set-not-json' | 'set-schema-version' | 'set-kind' | 'set-period' | 'set-field' | 'range-skipped';

/** What `trend` (and `check --report`'s history block) says of a report set it could not use. */
const HISTORY: Record<HistoryNoteId, Record<Lang, Template>> = {
  'set-unreadable': {
    zh: (p) => `报告 ${p.folder} 无法读取（${p.reason}），该月显示为 —：请用 isla check --report 重新生成该月的报告。`,
    en: (p) => `The report set ${p.folder} cannot be read (${p.reason}); that month shows —: write it again with isla check --report.`,
  },
  'set-not-json': {
    zh: (p) => `报告 ${p.folder} 的 summary.json 不是有效的 JSON（${p.reason}），该月显示为 —：请用 isla check --report 重新生成该月的报告。`,
    en: (p) => `The report set ${p.folder} has a summary.json that is not valid JSON (${p.reason}); that month shows —: write it again with isla check --report.`,
  },
  'set-schema-version': {
    zh: (p) => `报告 ${p.folder} 的 schemaVersion 是 ${p.version}，本版本只读 1，该月显示为 —：请用本版本的 isla check --report 重新生成。`,
    en: (p) => `The report set ${p.folder} has schemaVersion ${p.version}, and this version reads 1 only; that month shows —: write it again with this version's isla check --report.`,
  },
  'set-kind': {
    zh: (p) => `报告 ${p.folder} 的 summary.json 是“${p.kind}”，不是月度检查结果，该月显示为 —。`,
    en: (p) => `The report set ${p.folder} holds a "${p.kind}" summary.json, not a month's check; that month shows —.`,
  },
  'set-period': {
    zh: (p) => `报告 ${p.folder} 的期间是 ${p.label}，与文件夹名不符，该月显示为 —：请把它放回对应月份的文件夹，或重新生成。`,
    en: (p) => `The report set ${p.folder} is for the period ${p.label}, not its folder's month; that month shows —: move it to its own folder or write it again.`,
  },
  'set-field': {
    zh: (p) => `报告 ${p.folder} 的 summary.json 中 ${p.field} 缺失或类型不对，该月显示为 —：请用 isla check --report 重新生成该月的报告。`,
    en: (p) => `The report set ${p.folder} has a summary.json whose ${p.field} is missing or of the wrong type; that month shows —: write it again with isla check --report.`,
  },
  'range-skipped': {
    zh: (p) => `跳过 ${p.folder}：这是按日期区间生成的报告，趋势只比较整月。`,
    en: (p) => `Skipped ${p.folder}: a report for a date range; the trend compares whole months only.`,
  },
};

export function historyNote(lang: Lang, id: HistoryNoteId, params: Params): string {
  return HISTORY[id][lang](params);
}

const SHEET_SKIP_REASON: Record<string, Record<Lang, string>> = {
  hidden: { zh: '是隐藏的工作表', en: 'is hidden' },
  chart: { zh: '是图表', en: 'is a chart sheet' },
  empty: { zh: '是空的', en: 'is empty' },
  'no-header': { zh: '前 10 行没有表头', en: 'has no header in its first 10 rows' },
  'no-dataset': { zh: '不属于任何数据（如汇总表）', en: 'fits no dataset (a summary sheet?)' },
};

/** SPEC §12: a workbook's sheet that is not read is named, never silently left out. */
export function sheetSkippedWarning(lang: Lang, file: string, reason: string): string {
  const why = SHEET_SKIP_REASON[reason]?.[lang] ?? reason;
  return lang === 'zh'
    ? `已跳过工作表 ${file}：${why}${reason === 'empty' ? '。' : `；如果它是要检查的数据，请用 数据集=文件#工作表 指定，例如 swipes=${file}。`}`
    : `Skipped sheet ${file}: it ${why}${reason === 'empty' ? '.' : `; if it holds data to check, name it as dataset=file#sheet, e.g. swipes=${file}.`}`;
}

export function noRowsWarning(lang: Lang, file: string): string {
  return lang === 'zh'
    ? `文件 ${file} 不是空的，但没有读出任何数据行：请确认它是从系统导出的明细（在 Excel 中“另存为 CSV UTF-8”），或用 isla inspect 查看它是怎样被读取的。`
    : `${file} is not empty but gave no data rows: check that it is the detailed export (save it from Excel as "CSV UTF-8"), or see how it is read with isla inspect.`;
}

/** remind on a day finance does not work (SPEC §9): one sentence on stderr, nothing sent. */
export function notWorkdayNotice(lang: Lang, p: { date: string; name: string | null; weekday: number }): string {
  const zhDay = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][p.weekday]!;
  const enDay = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][p.weekday]!;
  return lang === 'zh'
    ? `${p.date}（${p.name ?? zhDay}）不是财务部工作日：今天不发提醒，也不输出清单；要照常运行请加 --force。`
    : `${p.date} (${p.name ?? enDay}) is not a finance workday: no reminders today, nothing sent; add --force to run anyway.`;
}
