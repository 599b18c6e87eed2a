import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFinanceCalendar } from '../../src/calendar/finance-calendar.js';
import { type Notice, NoticeProblem, applyAmendments, parseNotice, yearSchedule } from '../../src/calendar/notice.js';
import { dayNumber, isoDate } from '../../src/ingest/local-time.js';
import { ROOT } from '../helpers.js';

const NOTICES = path.join(ROOT, 'test', 'fixtures', 'notices');
const notice = (name: string): Notice => parseNotice(readFileSync(path.join(NOTICES, name), 'utf8'));
const TITLE = '国务院办公厅关于2026年部分节假日安排的通知\n';
/** A one-line notice of 2026 (or another year's title). */
const line = (text: string, title = TITLE): Notice => parseNotice(title + text + '\n');
const days = (n: Notice) => n.festivals.map((f) => ({ name: f.name, holidays: f.holidays, workdays: f.workdays }));

function problem(text: string): { line: number; text: string; reason: NoticeProblem['reason'] } {
  try {
    parseNotice(text);
  } catch (err) {
    expect(err).toBeInstanceOf(NoticeProblem);
    const p = err as NoticeProblem;
    return { line: p.line, text: p.text, reason: p.reason };
  }
  throw new Error('no problem');
}

describe('the notice variants of past years', () => {
  it.each([
    ['周六 with the date range in one month', '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。', [{ name: '元旦', holidays: ['2026-01-01', '2026-01-02', '2026-01-03'], workdays: ['2026-01-04'] }]],
    ['星期六', '一、元旦：1月1日（星期四）至3日（星期六）放假调休，共3天。1月4日（星期日）上班。', [{ name: '元旦', holidays: ['2026-01-01', '2026-01-02', '2026-01-03'], workdays: ['2026-01-04'] }]],
    ['a lunar date beside the weekday', '二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。', [{ name: '春节', holidays: ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'], workdays: ['2026-02-14', '2026-02-28'] }]],
    ['a range across a month end, 至 with the month', '六、国庆节、中秋节：9月30日至10月2日放假，共3天。', [{ name: '国庆节、中秋节', holidays: ['2026-09-30', '2026-10-01', '2026-10-02'], workdays: [] }]],
    ['a line with no count', '三、清明节：4月5日放假，与周末连休。', [{ name: '清明节', holidays: ['2026-04-05'], workdays: [] }]],
    ['a 补休 day', '四、劳动节：5月1日放假，5月4日（星期一）补休。', [{ name: '劳动节', holidays: ['2026-05-01', '2026-05-04'], workdays: [] }]],
    ['放假1天，不调休', '一、元旦：1月1日（周四）放假1天，不调休。', [{ name: '元旦', holidays: ['2026-01-01'], workdays: [] }]],
    ['no weekday at all', '四、劳动节：5月1日放假。', [{ name: '劳动节', holidays: ['2026-05-01'], workdays: [] }]],
    ['an encouragement is not a holiday', '二、春节：2月15日至23日放假调休，共9天。2月14日（星期六）、2月28日（星期六）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月16日）休息。', [{ name: '春节', holidays: ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'], workdays: ['2026-02-14', '2026-02-28'] }]],
    ['ASCII punctuation and spaces of a web copy', '一、 元旦: 1 月 1 日(周四)至 3 日(周六)放假调休, 共 3 天。1月4日(周日)上班。', [{ name: '元旦', holidays: ['2026-01-01', '2026-01-02', '2026-01-03'], workdays: ['2026-01-04'] }]],
  ])('%s', (_name, text, expected) => {
    expect(days(line(text))).toEqual(expected);
  });

  it('a New Year holiday across the year end (2019): the December days belong to the notice', () => {
    const n = line('一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。', '国务院办公厅关于2019年部分节假日安排的通知\n');
    expect(n.year).toBe(2019);
    expect(days(n)).toEqual([{ name: '元旦', holidays: ['2018-12-30', '2018-12-31', '2019-01-01'], workdays: ['2018-12-29'] }]);
  });

  it('reads the year from the sentence when the title is split over two lines', () => {
    const n = parseNotice('国务院办公厅关于2024年\n部分节假日安排的通知\n经国务院批准，现将2024年元旦、春节放假调休日期的具体安排通知如下。\n一、元旦：1月1日放假，与周末连休。\n');
    expect(n.year).toBe(2024);
    expect(n.festivals[0]!.holidays).toEqual(['2024-01-01']);
  });

  it('a saved web page: tags, entities and scripts are not text; the line is the file line', () => {
    const html = [
      '<html><head><meta charset="utf-8"><title>国务院办公厅关于2026年部分节假日安排的通知</title>',
      '<script>var x = "一、元旦：9月9日放假";</script></head><body>',
      '<p>国务院办公厅关于2026年部分节假日安排的通知</p>',
      '<p>一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。</p>',
      '<p>二、春节：2月15日&#65288;周日&#65289;至23日（周一）放假调休，共9天。<br>2月14日（周六）、2月28日（周六）上班。</p>',
      '<p>三、清明节：4月4日（周六）至6日（周一）放假，共4天。</p>',
      '</body></html>',
    ].join('\n');
    expect(problem(html)).toEqual({ line: 6, text: '三、清明节：4月4日（周六）至6日（周一）放假，共4天。', reason: { id: 'count', written: 4, read: 3 } });
    const fixed = parseNotice(html.replace('共4天', '共3天'));
    expect(days(fixed).map((f) => [f.name, f.holidays.length, f.workdays])).toEqual([
      ['元旦', 3, ['2026-01-04']],
      // The <br> splits the line; the 上班 sentence after it still belongs to 春节.
      ['春节', 9, ['2026-02-14', '2026-02-28']],
      ['清明节', 3, []],
    ]);
  });
});

describe('what the importer will not guess', () => {
  it.each([
    ['a bracketed weekday that is not the date’s', '一、元旦：1月1日（周五）放假，共1天。', { id: 'weekday', date: '2026-01-01', written: '周五', actual: 4 }],
    ['共N天 that is not the days read', '三、清明节：4月4日至6日放假，共4天。', { id: 'count', written: 4, read: 3 }],
    ['a make-up day on a weekday', '七、国庆节：10月1日至7日放假调休，共7天。10月9日（星期五）上班。', { id: 'makeup-weekday', date: '2026-10-09', actual: 5 }],
    ['a weekday written wrong on a make-up day', '七、国庆节：10月1日至7日放假调休，共7天。10月10日（星期日）上班。', { id: 'weekday', date: '2026-10-10', written: '星期日', actual: 6 }],
    ['a date that does not exist', '二、春节：2月30日放假。', { id: 'bad-date', date: '2月30日' }],
    ['a range that runs backwards', '五、端午节：6月21日至19日放假，共3天。', { id: 'reversed', from: '2026-06-21', to: '2026-06-19' }],
    ['a sentence it cannot read', '五、端午节：6月19日起放假三天。', { id: 'unreadable' }],
  ])('%s', (_name, text, reason) => {
    expect(problem(TITLE + '\n' + text + '\n')).toEqual({ line: 3, text, reason });
  });

  it('a file that is not a notice', () => {
    expect(problem('2026年放假安排\n元旦放三天\n').reason).toEqual({ id: 'no-year' });
    expect(problem(TITLE + '各省、自治区、直辖市人民政府：\n').reason).toEqual({ id: 'no-holidays' });
  });

  it('the closing instructions of a notice are not holiday lines', () => {
    const n = notice('2019-laborday.txt');
    expect(n.amendment).toBe(true);
    expect(days(n)).toEqual([{ name: '劳动节', holidays: ['2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04'], workdays: ['2019-04-28', '2019-05-05'] }]);
    expect(n.source).toBe('国办发明电〔2019〕3号');
  });
});

/**
 * Every published notice we have, against the calendar package's data for that
 * year: the same finance workdays on every day from the December before to the
 * year's end. (Where the package holds a weekend day as a holiday and the notice
 * says 与周末连休, finance does not work either way.) A year's December days that
 * the next year's notice decides are compared with that notice applied too.
 */
describe('real notices against the chinese-days data', () => {
  const schedule = (year: number): { holidays: string[]; workdays: string[]; source: string } => {
    let n = notice(`${year}.txt`);
    if (year === 2019) n = applyAmendments(n, [notice('2019-laborday.txt')]);
    if (year === 2020) n = applyAmendments(n, [notice('2020-extension.txt')]);
    const s = yearSchedule(n);
    return { holidays: s.holidays.map((h) => h[0]), workdays: s.workdays.map((w) => w[0]), source: s.source };
  };
  const differences = (year: number): string[] => {
    const years: Record<string, ReturnType<typeof schedule>> = { [year]: schedule(year) };
    if (year < 2026) years[year + 1] = schedule(year + 1);
    const fromNotice = createFinanceCalendar({ source: 'cn', extraHolidays: [], extraWorkdays: [], years });
    const fromPackage = createFinanceCalendar();
    const out: string[] = [];
    for (let d = dayNumber(year, 1, 1); d <= dayNumber(year, 12, 31); d++) {
      if (fromNotice.isWorkday(d) !== fromPackage.isWorkday(d)) out.push(`${isoDate(d)} ${fromNotice.isWorkday(d) ? 'worked' : 'off'} by the notice`);
    }
    return out;
  };

  it.each([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])('%i matches the package day for day', (year) => {
    expect(differences(year)).toEqual([]);
  });

  it('2015: the package also has the separate notice for the 70th anniversary of victory (Sep 3–4 off, Sun Sep 6 worked)', () => {
    expect(differences(2015)).toEqual(['2015-09-03 worked by the notice', '2015-09-04 worked by the notice', '2015-09-06 off by the notice']);
  });

  it('2020: the January notice extending Spring Festival to Feb 2 adds Jan 31–Feb 2 and unworks Sat Feb 1', () => {
    const first = yearSchedule(notice('2020.txt'));
    const extended = yearSchedule(applyAmendments(notice('2020.txt'), [notice('2020-extension.txt')]));
    expect(extended.holidays.filter(([d]) => !first.holidays.some(([f]) => f === d))).toEqual([
      ['2020-01-31', '春节'],
      ['2020-02-01', '春节'],
      ['2020-02-02', '春节'],
    ]);
    expect(first.workdays.map(([d]) => d)).toContain('2020-02-01');
    expect(extended.workdays.map(([d]) => d)).toEqual(['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10']);
    expect(extended.source).toBe('国办发明电〔2019〕16号、国办发明电〔2020〕1号');
  });

  it('2019: the Labour Day amendment replaces the first notice’s one day', () => {
    expect(schedule(2019).source).toBe('国办发明电〔2018〕15号、国办发明电〔2019〕3号');
    const first = yearSchedule(notice('2019.txt')).holidays.filter(([d]) => d.startsWith('2019-05'));
    expect(first).toEqual([['2019-05-01', '劳动节']]);
    expect(schedule(2019).holidays.filter((d) => d.startsWith('2019-05'))).toEqual(['2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04']);
  });
});
