// Commander wiring only: parse options → call the command → print → exit code.
// Heavy modules load lazily so `isla --version` stays fast.
import { Command, CommanderError, Option } from 'commander';
import type { IslaError } from './errors.js';
import type { Lang } from './messages.js';
import type { Terminal } from './commands/terminal.js';
import { VERSION } from './version.js';


interface CommonOptions {
  lang?: string;
  color: boolean;
  verbose?: boolean;
  quiet?: boolean;
  config?: string;
}

function common(cmd: Command): Command {
  return cmd
    .addOption(new Option('--lang <lang>', '界面语言 language: zh | en').default('zh'))
    .option('--no-color', '不使用颜色 no colour')
    .option('-q, --quiet', '只在 stderr 输出错误 only errors on stderr')
    .option('--verbose', '列出每一条被拒绝的行，出错时显示堆栈 list every rejected row; stack traces');
}

/** Read --lang early, so even a usage error is in the user's language. */
function langFromArgv(argv: string[]): Lang {
  const i = argv.indexOf('--lang');
  const v = i === -1 ? argv.find((a) => a.startsWith('--lang='))?.slice(7) : argv[i + 1];
  return v === 'en' ? 'en' : 'zh';
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').filter(Boolean)];

async function terminalFor(o: CommonOptions): Promise<{ term: Terminal; lang: Lang }> {
  const [{ processTerminal }, { parseLang }] = await Promise.all([import('./commands/terminal.js'), import('./options.js')]);
  return { term: processTerminal(o.color), lang: parseLang(o.lang) };
}

export function buildProgram(setExit: (code: number) => void): Command {
  /** Every command: its terminal and language, then its exit code. */
  const run = async (o: CommonOptions, command: (lang: Lang, term: Terminal) => Promise<number>): Promise<void> => {
    const { term, lang } = await terminalFor(o);
    setExit(await command(lang, term));
  };

  const program = new Command('isla')
    .description('财务部内部客户服务检查：按服务明细检查各部门交给财务的单据和数据是否及时、完整、一致。\nChecks that every department delivers to finance on time, complete and consistent.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  common(program.command('check'))
    .description('检查一个月的导出数据 check a period\'s exports against the service list')
    .argument('[inputs...]', '导出文件或文件夹；可写 数据集=路径 files or folders; dataset=path forces a dataset')
    .option('-c, --config <file>', '配置文件 config file (YAML or JSON)')
    .option('-p, --period <period>', '期间 YYYY-MM 或 YYYY-MM-DD..YYYY-MM-DD（默认：检查时点的上个月）')
    .option('--as-of <time>', '检查时点 the moment of the check: YYYY-MM-DD[THH:mm] or with an offset (default: now)')
    .option('--tz <zone>', 'IANA 时区 zone for naive dates (default: config, else Asia/Shanghai)')
    .addOption(new Option('-f, --format <format>', '输出格式 output format: table | json | csv | markdown | html').default('table'))
    .option('-o, --output <file>', '写入文件而不是标准输出 write to FILE instead of stdout')
    .option('--report <dir>', '另写一套报告到 DIR/<期间>/ also write the report set to DIR/<period>/ (json, md, html, csv)')
    .option('--encoding <encoding>', '所有输入按此编码读取 read every input as this encoding')
    .option('--department <dept>', '只检查这些部门（可重复，或用逗号分隔）only these departments (repeat, or comma-separated)', collect)
    .option('--rule <id>', '只检查这些规则（可重复，或用逗号分隔）only these rules (repeat, or comma-separated)', collect)
    .addOption(new Option('--fail-on <level>', '退出码 1 的最低级别 lowest severity that exits 1: error | warning | none').default('error'))
    .option('--strict', '有被拒绝的行就以退出码 2 失败 rejected rows make the run fail (exit 2)')
    .option('--mail', '检查后发邮件：各部门负责人收到本部门的问题，财务部收到全部（配置 mail）send each head their own items, finance the whole report')
    .option('--mail-out <dir>', '把这些邮件写成 .eml 文件放到 DIR，不发送 write the mails to DIR as .eml files; nothing is sent')
    .option('--resend', '忽略 mail-log.json，全部重新发送 send again what mail-log.json says was sent')
    .action((inputs: string[], o: CommonOptions & Record<string, unknown>) =>
      run(o, async (lang, term) => (await import('./commands/check.js')).checkCommand(inputs, o as never, lang, term)),
    );

  common(program.command('remind'))
    .description('到期提醒：未来几个工作日内到期、以及仍逾期未交的事项 what falls due in the next workdays, and what is still outstanding')
    .argument('[inputs...]', '导出文件或文件夹；可写 数据集=路径 files or folders; dataset=path forces a dataset')
    .option('-c, --config <file>', '配置文件 config file (YAML or JSON)')
    .addOption(new Option('--within <n>', '提醒几个财务工作日内到期的事项 remind of what falls due within N finance workdays').default('2'))
    .option('--since <date>', '逾期未交只列应交日期在此之后的 overdue items due on or after DATE (default: the first day of the previous month)')
    .option('--as-of <time>', '提醒时点 the moment of the run: YYYY-MM-DD[THH:mm] or with an offset (default: now)')
    .option('--tz <zone>', 'IANA 时区 zone for naive dates (default: config, else Asia/Shanghai)')
    .addOption(new Option('-f, --format <format>', '输出格式 output format: table | json | csv | markdown | html').default('table'))
    .option('-o, --output <file>', '写入文件而不是标准输出 write to FILE instead of stdout')
    .option('--encoding <encoding>', '所有输入按此编码读取 read every input as this encoding')
    .option('--department <dept>', '只提醒这些部门（可重复，或用逗号分隔）only these departments (repeat, or comma-separated)', collect)
    .option('--rule <id>', '只提醒这些规则（可重复，或用逗号分隔）only these rules (repeat, or comma-separated)', collect)
    .addOption(new Option('--fail-on <level>', '退出码 1 的最低级别 lowest severity that exits 1: error | warning | none').default('error'))
    .option('--force', '非财务工作日也照常运行 run on a day finance does not work, too')
    .option('--mail', '把提醒发给各部门负责人和财务部（配置 mail）mail each head their reminders, finance the whole list')
    .option('--mail-out <dir>', '把邮件写成 .eml 文件放到 DIR，不发送 write the mails to DIR as .eml files; nothing is sent')
    .action((inputs: string[], o: CommonOptions & Record<string, unknown>) =>
      run(o, async (lang, term) => (await import('./commands/remind.js')).remindCommand(inputs, o as never, lang, term)),
    );

  common(program.command('mail'))
    .description('发送一套已保存报告的邮件 send the mails of a saved report set (DIR/<period>/, from summary.json)')
    .argument('<setdir>', '报告文件夹，如 /srv/isla-reports/2026-10 the report set folder')
    .option('-c, --config <file>', '配置文件 config file (mail settings)')
    .option('--mail-out <dir>', '把邮件写成 .eml 文件放到 DIR，不发送 write the mails to DIR as .eml files; nothing is sent')
    .option('--resend', '忽略 mail-log.json，全部重新发送 send again what mail-log.json says was sent')
    .action((setDir: string, o: CommonOptions & { mailOut?: string; resend?: boolean }) =>
      run(o, async (lang, term) => (await import('./commands/mail.js')).mailCommand(setDir, o, lang, term)),
    );

  common(program.command('inspect'))
    .description('查看每个文件是怎么读取的 show how each file is read (for setting up an export)')
    .argument('[inputs...]', '导出文件或文件夹 files or folders')
    .option('-c, --config <file>', '配置文件 config file')
    .option('--encoding <encoding>', '所有输入按此编码读取 read every input as this encoding')
    .option('--tz <zone>', 'IANA 时区 zone')
    .addOption(new Option('-f, --format <format>', 'text | json').default('text'))
    .action((inputs: string[], o: CommonOptions & { encoding?: string; format: string; tz?: string }) =>
      run(o, async (lang, term) => (await import('./commands/inspect.js')).inspectCommand(inputs, o, lang, term)),
    );

  common(program.command('rules'))
    .description('列出服务明细及检查方式 print the service list and how each item is checked')
    .option('-c, --config <file>', '配置文件 config file')
    .addOption(new Option('-f, --format <format>', 'table | markdown | json').default('table'))
    .action((o: CommonOptions & { format: string }) => run(o, async (lang, term) => (await import('./commands/rules.js')).rulesCommand(o, lang, term)));

  common(program.command('calendar'))
    .description('显示某月财务工作日、节假日和调休 print finance\'s workdays, holidays and make-up days')
    .argument('<month>', 'YYYY-MM')
    .option('-c, --config <file>', '配置文件 config file')
    .addOption(new Option('-f, --format <format>', 'table | json').default('table'))
    .action((month: string, o: CommonOptions & { format: string }) =>
      run(o, async (lang, term) => (await import('./commands/calendar.js')).calendarCommand(month, o, lang, term)),
    );

  common(program.command('init'))
    .description('写一份带中文注释的配置文件 write a commented starter isla.config.yaml')
    .argument('[dir]', '写到哪个文件夹 folder to write it to', '.')
    .option('--force', '覆盖已有的配置文件 replace an existing file')
    .action((dir: string, o: CommonOptions & { force?: boolean }) =>
      run(o, async (lang, term) => (await import('./commands/init.js')).initCommand(dir, o, lang, term)),
    );

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  program.exitOverride();
  const verbose = argv.includes('--verbose') || process.env.ISLA_DEBUG === '1';
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too; a usage error is exit 2 like any bad input.
      return err.exitCode === 0 ? 0 : 2;
    }
    const lang = langFromArgv(argv);
    if ((err as IslaError)?.name === 'IslaError') {
      const { errorMessage } = await import('./messages.js');
      process.stderr.write(errorMessage(lang, err as IslaError) + '\n');
    } else {
      process.stderr.write(
        lang === 'zh'
          ? `isla 内部错误：${(err as Error)?.message ?? err}。请加 --verbose 重新运行，并把输出发给 IT。\n`
          : `isla internal error: ${(err as Error)?.message ?? err}. Run again with --verbose and send the output to IT.\n`,
      );
    }
    if (verbose && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    return 2;
  }
}
