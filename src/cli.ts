// Commander wiring only: parse options → call the command → print → exit code.
// Heavy modules load lazily; `isla --version` is answered by bin/isla.js before this
// file loads. The terminal and option parsers every command needs are loaded with it,
// not one dynamic import later.
import { type Argument, Command, CommanderError, type Help, Option } from 'commander';
import { IslaError } from './errors.js';
import type { Lang } from './messages.js';
import { type Terminal, processTerminal } from './commands/terminal.js';
import { parseLang } from './options.js';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { VERSION } from './version.js';


interface CommonOptions {
  lang?: string;
  color: boolean;
  verbose?: boolean;
  quiet?: boolean;
  config?: string;
}

type T = (zh: string, en: string) => string;

function common(cmd: Command, t: T, once: OptionParsers): Command {
  return cmd
    .addOption(new Option('--lang <lang>', t('界面语言：zh 或 en', 'language: zh | en')).default('zh').argParser(once.single('--lang')))
    .option('--no-color', t('不使用颜色', 'no colour'))
    .option('-q, --quiet', t('只在 stderr 输出错误', 'only errors on stderr'))
    .option('--verbose', t('列出每一条被拒绝的行，出错时显示堆栈', 'list every rejected row; stack traces on errors'));
}

/** Read --lang early, so even a usage error is in the user's language. */
function langFromArgv(argv: string[]): Lang {
  const i = argv.indexOf('--lang');
  const v = i === -1 ? argv.find((a) => a.startsWith('--lang='))?.slice(7) : argv[i + 1];
  return v === 'en' ? 'en' : 'zh';
}

/** The output formats each command offers, as its formatter registry names them. */
export interface FormatNames {
  check: string[];
  trend: string[];
  remind: string[];
}

/**
 * Only help shows the format names, and reading them loads every formatter: other
 * runs (`isla --version`, a cron line) must not pay for that.
 */
function showsHelp(argv: string[]): boolean {
  const args = argv.slice(2);
  return args.length === 0 || args[0] === 'help' || args.includes('-h') || args.includes('--help');
}

async function formatNames(): Promise<FormatNames> {
  const [{ FORMATS }, { TREND_FORMATS }, { REMINDER_FORMATS }] = await Promise.all([
    import('./report/index.js'),
    import('./report/trend/index.js'),
    import('./report/reminders.js'),
  ]);
  return { check: Object.keys(FORMATS), trend: Object.keys(TREND_FORMATS), remind: Object.keys(REMINDER_FORMATS) };
}

interface OptionParsers {
  /** A single-value option given twice is refused: last-wins would hide a typo in a cron line. */
  single(flag: string): (value: string, previous: unknown) => string;
  /** --department / --rule: repeat the option or separate with commas (spaces around them allowed). */
  list(flag: string): (value: string, previous: string[] | undefined) => string[];
}

function optionParsers(): OptionParsers {
  const given = new Map<string, string>();
  const nonEmpty = (flag: string, value: string): string => {
    if (value.trim() === '') throw new IslaError('empty-option', { option: flag });
    return value;
  };
  return {
    single: (flag) => (value) => {
      nonEmpty(flag, value);
      const first = given.get(flag);
      if (first !== undefined) throw new IslaError('repeated-option', { option: flag, first, second: value });
      given.set(flag, value);
      return value;
    },
    list: (flag) => (value, previous = []) => {
      const names = nonEmpty(flag, value).split(/[,，、]/).map((n) => n.trim()).filter(Boolean);
      if (names.length === 0) throw new IslaError('empty-option', { option: flag });
      return [...previous, ...names];
    },
  };
}

/** Commander's own headings and the default-value note, in the user's language. */
function helpConfiguration(lang: Lang): Partial<Help> {
  const titles: Record<string, string> = { 'Usage:': '用法：', 'Options:': '选项：', 'Commands:': '命令：', 'Arguments:': '参数：', 'Global Options:': '通用选项：' };
  const withDefault = (description: string, value: unknown): string =>
    value === undefined ? description : lang === 'zh' ? `${description}（默认：${String(value)}）` : `${description} (default: ${String(value)})`;
  return {
    styleTitle: (title: string) => (lang === 'zh' ? (titles[title] ?? title) : title),
    optionDescription: (option: Option) => withDefault(option.description, option.required || option.optional ? option.defaultValue : undefined),
    argumentDescription: (argument: Argument) => withDefault(argument.description, argument.defaultValue),
  };
}

function terminalFor(o: CommonOptions): { term: Terminal; lang: Lang } {
  return { term: processTerminal(o.color), lang: parseLang(o.lang) };
}

export function buildProgram(setExit: (code: number) => void, lang: Lang = 'zh', formats?: FormatNames): Command {
  /** Every command: its terminal and language, then its exit code. */
  const run = async (o: CommonOptions, command: (lang: Lang, term: Terminal) => Promise<number>): Promise<void> => {
    const { term, lang } = terminalFor(o);
    setExit(await command(lang, term));
  };
  const t: T = (zh, en) => (lang === 'zh' ? zh : en);
  const once = optionParsers();
  const single = (flags: string, description: string): Option => new Option(flags, description).argParser(once.single(flags.replace(/^-\w, /, '').split(' ')[0]!));
  /** `输出格式：table | json | …`, the names as the command's registry has them. */
  const formatHelp = (names: string[] | undefined, zhNote = '', enNote = ''): string =>
    names ? t(`输出格式：${names.join(' | ')}${zhNote}`, `output format: ${names.join(' | ')}${enNote}`) : t('输出格式', 'output format');
  // xlsx is written by check itself (bytes for -o), beside the text formats.
  const checkFormats = formats && (formats.check.includes('xlsx') ? formats.check : [...formats.check, 'xlsx']);

  // Set before the subcommands exist, so each inherits them.
  const program = new Command('isla')
    .description(t('财务部内部客户服务检查：按服务明细检查各部门交给财务的单据和数据是否及时、完整、一致。', 'Checks that every department delivers to finance on time, complete and consistent.'))
    .version(VERSION, '-V, --version', t('显示版本号', 'print the version'))
    .helpOption('-h, --help', t('显示帮助', 'display help'))
    .helpCommand('help [command]', t('显示某个命令的帮助', 'display help for a command'))
    .configureHelp(helpConfiguration(lang))
    // Usage errors are printed by main() in the user's language, never commander's English.
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => undefined })
    .exitOverride();

  common(program.command('check'), t, once)
    .description(t('检查一个月的导出数据', "check a period's exports against the service list"))
    .argument('[inputs...]', t('导出文件或文件夹；可写 数据集=路径 指定数据集', 'files or folders; dataset=path forces a dataset'))
    .addOption(single('-c, --config <file>', t('配置文件（YAML 或 JSON）', 'config file (YAML or JSON)')))
    .addOption(single('-p, --period <period>', t('期间：2026-10、2026年10月 或 2026-10-01..2026-10-31（默认：检查时点的上个月）', 'period: 2026-10 or 2026-10-01..2026-10-31 (default: the month before --as-of)')))
    .addOption(single('--as-of <time>', t('检查时点：YYYY-MM-DD[THH:mm] 或带时区偏移（默认：现在）', 'the moment of the check: YYYY-MM-DD[THH:mm] or with an offset (default: now)')))
    .addOption(single('--tz <zone>', t('不带时区的日期按此 IANA 时区理解（默认：配置，否则 Asia/Shanghai）', 'IANA zone for naive dates (default: config, else Asia/Shanghai)')))
    .addOption(single('-f, --format <format>', formatHelp(checkFormats, '（xlsx 需 -o）', ' (xlsx needs -o)')).default('table'))
    .addOption(single('-o, --output <file>', t('写入文件而不是标准输出', 'write to FILE instead of stdout')))
    .addOption(single('--report <dir>', t('另写一套报告到 DIR/<期间>/（json、md、html、csv）', 'also write the report set to DIR/<period>/ (json, md, html, csv)')))
    .addOption(single('--encoding <encoding>', t('所有输入按此编码读取', 'read every input as this encoding')))
    .option('--department <dept>', t('只检查这些部门（可重复，或用逗号分隔）', 'only these departments (repeat, or comma-separated)'), once.list('--department'))
    .option('--rule <id>', t('只检查这些规则（可重复，或用逗号分隔）', 'only these rules (repeat, or comma-separated)'), once.list('--rule'))
    .addOption(single('--fail-on <level>', t('退出码 1 的最低级别：error | warning | none', 'lowest severity that exits 1: error | warning | none')).default('error'))
    .option('--strict', t('有被拒绝的行就以退出码 2 失败', 'rejected rows make the run fail (exit 2)'))
    .option('--mail', t('检查后发邮件：各部门负责人收到本部门的问题，财务部收到全部（配置 mail）', 'send each head their own items, finance the whole report (config mail)'))
    .addOption(single('--mail-out <dir>', t('把这些邮件写成 .eml 文件放到 DIR，不发送', 'write the mails to DIR as .eml files; nothing is sent')))
    .option('--resend', t('忽略 mail-log.json，全部重新发送', 'send again what mail-log.json says was sent'))
    .action((inputs: string[], o: CommonOptions & Record<string, unknown>) =>
      run(o, async (lang, term) => (await import('./commands/check.js')).checkCommand(inputs, o as never, lang, term)),
    );

  common(program.command('trend'), t, once)
    .description(t('按月份比较各部门的按时率', 'on-time rates month by month from saved report sets'))
    .argument('<dir>', t('check --report 写报告的文件夹', 'the folder check --report writes to'))
    .addOption(single('--months <n>', t('显示最近几个月（到最新的一套报告为止）', 'how many months, ending with the latest report set')).default('12'))
    .addOption(single('-f, --format <format>', formatHelp(formats?.trend)).default('table'))
    .option('--department <dept>', t('只看这些部门（可重复，或用逗号分隔）', 'only these departments (repeat, or comma-separated)'), once.list('--department'))
    .action((dir: string, o: CommonOptions & { months: string; format: string; department?: string[] }) =>
      run(o, async (lang, term) => (await import('./commands/trend.js')).trendCommand(dir, o, lang, term)),
    );

  common(program.command('remind'), t, once)
    .description(t('到期提醒：未来几个工作日内到期、以及仍逾期未交的事项', 'what falls due in the next workdays, and what is still outstanding'))
    .argument('[inputs...]', t('导出文件或文件夹；可写 数据集=路径 指定数据集', 'files or folders; dataset=path forces a dataset'))
    .addOption(single('-c, --config <file>', t('配置文件（YAML 或 JSON）', 'config file (YAML or JSON)')))
    .addOption(single('--within <n>', t('提醒几个财务工作日内到期的事项', 'remind of what falls due within N finance workdays')).default('2'))
    .addOption(single('--since <date>', t('逾期未交只列应交日期在此之后的（默认：上个月第一天）', 'overdue items due on or after DATE (default: the first day of the previous month)')))
    .addOption(single('--as-of <time>', t('提醒时点：YYYY-MM-DD[THH:mm] 或带时区偏移（默认：现在）', 'the moment of the run: YYYY-MM-DD[THH:mm] or with an offset (default: now)')))
    .addOption(single('--tz <zone>', t('不带时区的日期按此 IANA 时区理解（默认：配置，否则 Asia/Shanghai）', 'IANA zone for naive dates (default: config, else Asia/Shanghai)')))
    .addOption(single('-f, --format <format>', formatHelp(formats?.remind)).default('table'))
    .addOption(single('-o, --output <file>', t('写入文件而不是标准输出', 'write to FILE instead of stdout')))
    .addOption(single('--encoding <encoding>', t('所有输入按此编码读取', 'read every input as this encoding')))
    .option('--department <dept>', t('只提醒这些部门（可重复，或用逗号分隔）', 'only these departments (repeat, or comma-separated)'), once.list('--department'))
    .option('--rule <id>', t('只提醒这些规则（可重复，或用逗号分隔）', 'only these rules (repeat, or comma-separated)'), once.list('--rule'))
    .addOption(single('--fail-on <level>', t('退出码 1 的最低级别：error | warning | none', 'lowest severity that exits 1: error | warning | none')).default('error'))
    .option('--force', t('非财务工作日也照常运行', 'run on a day finance does not work, too'))
    .option('--mail', t('把提醒发给各部门负责人和财务部（配置 mail）', 'mail each head their reminders, finance the whole list (config mail)'))
    .addOption(single('--mail-out <dir>', t('把邮件写成 .eml 文件放到 DIR，不发送', 'write the mails to DIR as .eml files; nothing is sent')))
    .action((inputs: string[], o: CommonOptions & Record<string, unknown>) =>
      run(o, async (lang, term) => (await import('./commands/remind.js')).remindCommand(inputs, o as never, lang, term)),
    );

  common(program.command('mail'), t, once)
    .description(t('发送一套已保存报告的邮件（DIR/<期间>/ 中的 summary.json）', 'send the mails of a saved report set (DIR/<period>/, from summary.json)'))
    .argument('<setdir>', t('报告文件夹，如 /srv/isla-reports/2026-10', 'the report set folder, e.g. /srv/isla-reports/2026-10'))
    .addOption(single('-c, --config <file>', t('配置文件（邮件设置）', 'config file (mail settings)')))
    .addOption(single('--mail-out <dir>', t('把邮件写成 .eml 文件放到 DIR，不发送', 'write the mails to DIR as .eml files; nothing is sent')))
    .option('--resend', t('忽略 mail-log.json，全部重新发送', 'send again what mail-log.json says was sent'))
    .action((setDir: string, o: CommonOptions & { mailOut?: string; resend?: boolean }) =>
      run(o, async (lang, term) => (await import('./commands/mail.js')).mailCommand(setDir, o, lang, term)),
    );

  common(program.command('inspect'), t, once)
    .description(t('查看每个文件是怎么读取的（设置新导出时用）', 'show how each file is read (for setting up an export)'))
    .argument('[inputs...]', t('导出文件或文件夹', 'files or folders'))
    .addOption(single('-c, --config <file>', t('配置文件', 'config file')))
    .addOption(single('--encoding <encoding>', t('所有输入按此编码读取', 'read every input as this encoding')))
    .addOption(single('--tz <zone>', t('IANA 时区', 'IANA zone')))
    .addOption(single('-f, --format <format>', 'text | json').default('text'))
    .action((inputs: string[], o: CommonOptions & { encoding?: string; format: string; tz?: string }) =>
      run(o, async (lang, term) => (await import('./commands/inspect.js')).inspectCommand(inputs, o, lang, term)),
    );

  common(program.command('rules'), t, once)
    .description(t('列出服务明细及检查方式', 'print the service list and how each item is checked'))
    .addOption(single('-c, --config <file>', t('配置文件', 'config file')))
    .addOption(single('-f, --format <format>', 'table | markdown | json').default('table'))
    .action((o: CommonOptions & { format: string }) => run(o, async (lang, term) => (await import('./commands/rules.js')).rulesCommand(o, lang, term)));

  const calendar = common(program.command('calendar'), t, once)
    .description(t('显示某月（YYYY-MM）的财务工作日，或某年（YYYY）的节假日、调休及其来源', "print a month's workdays, or a year's holidays and where they come from"))
    .argument('<month>', t('月份 2026-10，或年份 2027', 'a month such as 2026-10, or a year such as 2027'))
    .addOption(single('-c, --config <file>', t('配置文件', 'config file')))
    .addOption(single('-f, --format <format>', 'table | json').default('table'))
    .action((month: string, o: CommonOptions & { format: string }) =>
      run(o, async (lang, term) => (await import('./commands/calendar.js')).calendarCommand(month, o, lang, term)),
    );
  // The language, colour and config options are the parent's: commander reads them
  // on `calendar` wherever they stand on the command line.
  calendar
    .command('import')
    .description('读取国务院节假日安排通知，输出 calendar.years 配置 read the State Council\'s holiday notice into calendar.years')
    .argument('<files...>', '通知（网页复制的文本或另存的 HTML，UTF-8 或 GB18030）；调整通知跟在当年通知后面 the notice, then any later notice amending it')
    .option('--write', '写入配置文件 -c（默认 ./isla.config.yaml），保留注释 add it to the config file, keeping its comments')
    .action((files: string[], o: { write?: boolean }, cmd: Command) => {
      const parent = cmd.parent!.opts<CommonOptions>();
      return run(parent, async (lang, term) => (await import('./commands/calendar.js')).calendarImportCommand(files, { ...parent, ...o }, lang, term));
    });

  common(program.command('init'), t, once)
    .description(t('写一份带中文注释的配置文件 isla.config.yaml', 'write a commented starter isla.config.yaml'))
    .argument('[dir]', t('写到哪个文件夹', 'folder to write it to'), '.')
    .option('--force', t('覆盖已有的配置文件', 'replace an existing file'))
    .action((dir: string, o: CommonOptions & { force?: boolean }) =>
      run(o, async (lang, term) => (await import('./commands/init.js')).initCommand(dir, o, lang, term)),
    );

  return program;
}

/** Commander's usage errors (English, fixed texts) as one sentence in the user's language. */
function usageError(err: CommanderError, argv: string[], lang: Lang, commands: string[]): IslaError {
  const command = argv.slice(2).find((a) => commands.includes(a));
  const help = command ? `isla ${command} --help` : 'isla --help';
  const zh = lang === 'zh';
  const m = err.message.replace(/^error: /, '');
  const suggestion = /\(Did you mean (.+)\?\)/.exec(m)?.[1];
  const quoted = /'([^']*)'/.exec(m)?.[1] ?? '';
  const closest = suggestion ? (zh ? `（是不是 ${suggestion}？）` : ` (did you mean ${suggestion}?)`) : '';
  const details: Record<string, [string, string]> = {
    'commander.unknownOption': [`没有选项 ${quoted}${closest}`, `unknown option ${quoted}${closest}`],
    'commander.unknownCommand': [`没有命令 ${quoted}${closest}`, `unknown command ${quoted}${closest}`],
    'commander.missingArgument': [`缺少参数 <${quoted}>`, `missing the argument <${quoted}>`],
    'commander.optionMissingArgument': [`选项 ${quoted} 缺少值`, `option ${quoted} needs a value`],
    'commander.excessArguments': [`参数太多（${argv.slice(2).join(' ')}）`, `too many arguments (${argv.slice(2).join(' ')})`],
  };
  const detail = details[err.code]?.[zh ? 0 : 1] ?? m.split('\n')[0]!;
  return new IslaError('usage', { detail, help }, { cause: err });
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const lang = langFromArgv(argv);
  const program = buildProgram((c) => (code = c), lang, showsHelp(argv) ? await formatNames() : undefined);
  const verbose = argv.includes('--verbose') || process.env.ISLA_DEBUG === '1';
  endQuietlyOnClosedPipe();
  try {
    await program.parseAsync(argv);
    return code;
  } catch (caught) {
    let err = caught;
    if (err instanceof CommanderError) {
      // --help and --version end here too; a usage error is exit 2 like any bad input.
      if (err.exitCode === 0) return 0;
      err = usageError(err, argv, lang, program.commands.map((c) => c.name()));
    }
    const { visible } = await import('./report/visible.js');
    if ((err as IslaError)?.name === 'IslaError') {
      const { errorMessage } = await import('./messages.js');
      process.stderr.write(visible(errorMessage(lang, err as IslaError)) + '\n');
    } else {
      const text = visible(String((err as Error)?.message ?? err));
      process.stderr.write(
        lang === 'zh'
          ? `isla 内部错误：${text}。请加 --verbose 重新运行，并把输出发给 IT。\n`
          : `isla internal error: ${text}. Run again with --verbose and send the output to IT.\n`,
      );
    }
    if (verbose && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    return 2;
  }
}
