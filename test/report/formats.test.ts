import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/index.js';
import { sampleResult } from './sample-result.js';

const render = (format: keyof typeof FORMATS, lang: 'zh' | 'en' = 'en') => [...FORMATS[format](sampleResult(), { lang, color: false, verbose: false })].join('');

describe('csv', () => {
  it('one row per finding, BOM, CRLF, formula guard and quoting', () => {
    expect(render('csv')).toBe(
      '\uFEFFDepartment,Rule,Status,Severity,Dataset,Key,Customer,Handler,File,Line,Event,Due,Due time,Delivered,Days late,Workdays,Details\r\n' +
        `客服部,KF-02a,late,error,swipes,"'=HYPERLINK(""http://x"")",<script>alert(1)</script>,"李""娜"" & 张|三",exports/刷卡单.csv,5,2026-10-15,2026-10-16,,2026-10-19T10:20,3,1,提车次日提供刷卡单：迟 3 天\r\n` +
        `客服部,XD-03,mismatch,warning,loans,'-12,'@王芳,\\t周敏,exports/放贷.csv,7,2026-10-12,,,,,,'+购车人与合同人不一致\\r\\n*查档案*\r\n` +
        `客服部,,duplicate,warning,swipes,\\rSK-9,'=1+1,,exports/刷卡单.csv,8,2026-10-20,,,,,,刷卡单号 SK-9 repeats line 6\r\n`,
    );
  });

  it('has Chinese headers by default', () => {
    expect(render('csv', 'zh').split('\r\n')[0]).toBe('\uFEFF部门,规则,状态,级别,数据,单号,客户,经办人,文件,行,发生日期,应交时间,应交钟点,实交时间,迟交天数,工作日,说明');
  });
});

describe('markdown', () => {
  it('summary, late items and the rest, with nothing able to break a table', () => {
    expect(render('markdown')).toBe(
      [
        '# Finance internal-service check · 2026-10',
        '',
        'Period 2026-10-01 – 2026-10-31 · As of 2026-11-06T09:00:00+08:00 · Zone Asia/Shanghai',
        '',
        '## By department',
        '',
        '| Department | Due | On time | Late | Overdue | Pending | Other | On-time rate |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| 客服部 | 2 | 1 | 1 | 0 | 0 | 2 | 50.0% |',
        '| Total | 2 | 1 | 1 | 0 | 0 | 2 | 50.0% |',
        '',
        '## Late and overdue items',
        '',
        '### 客服部 (1)',
        '',
        '| Rule | Status | Key | Customer | Event | Due | Delivered | Days late | Handler |',
        '| --- | --- | --- | --- | --- | --- | --- | ---: | --- |',
        '| KF-02a | late | =HYPERLINK("http\\://x") | \\<script\\>alert(1)\\</script\\> | 2026-10-15 | 2026-10-16 | 2026-10-19 10:20 | 3 | 李"娜" \\& 张\\|三 |',
        '',
        '## Other findings (2)',
        '',
        '- 客服部 · XD-03 · mismatch · exports/放贷.csv:7 — +购车人与合同人不一致\\\\r\\\\n\\*查档案\\*',
        '- 客服部 · duplicate · exports/刷卡单.csv:8 — 刷卡单号 SK-9 repeats line 6',
        '',
        '**No data provided**: storage',
        '',
        '**Rules not checked**',
        '',
        '- XD-07: column 公证费报送日期 not in file',
        '',
        'Rejected rows: 1',
        '',
      ].join('\n'),
    );
  });
});

describe('html', () => {
  const html = render('html', 'zh');
  it('escapes every value', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('李&quot;娜&quot; &amp; 张|三');
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;)');
    expect(html).toContain('<span style="color:#666666;">单号</span> \rSK-9</span>');
  });

  it('is self-contained and mail-safe: no scripts, styles, SVG, images or remote assets', () => {
    expect(html).not.toMatch(/<script|<style|<svg|<img|<link|@import|url\(|src=|https?:\/\/(?!x)/i);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('shows period, as-of, zone, the summary with a bar, late items, the rest and what was not checked', () => {
    expect(html).toContain('<span style="white-space:nowrap;"><span style="color:#666666;">期间</span> 2026-10-01 – 2026-10-31</span>');
    expect(html).toContain('<span style="color:#666666;">检查时点</span> 2026-11-06 09:00</span>');
    expect(html).toContain('Asia/Shanghai');
    expect(html).toContain('<td width="50%" bgcolor="#c0392b"');
    expect(html).toContain('<span style="white-space:nowrap;">客服部 (1)</span>');
    expect(html).toContain('未提供数据');
    expect(html).toContain('column 公证费报送日期 not in file');
  });
});

describe('html for a mail pane and a phone', () => {
  const rules = [{ id: 'KF-02a', department: '客服部', item: '提车次日提供刷卡单', check: '1 天内' }];
  const html = [...FORMATS.html(sampleResult(), { lang: 'zh', color: false, verbose: false, rules })].join('');

  it('puts the item text beside its code, and never lets a code, date, name or status break', () => {
    expect(html).toContain('<span style="white-space:nowrap;font-weight:bold;">KF-02a</span> <span>提车次日提供刷卡单</span> <span style="white-space:nowrap;color:#b9770e;font-weight:bold;">迟交 3 天</span>');
    expect(html).toContain('<span style="white-space:nowrap;"><span style="color:#666666;">应交时间</span> 2026-10-16</span>');
    expect(html).toContain('<span style="white-space:nowrap;"><span style="color:#666666;">经办人</span> 李&quot;娜&quot; &amp; 张|三</span>');
  });

  it('shows file names, not the folders they were read from', () => {
    expect(html).toContain('<span style="color:#666666;">文件</span> 放贷.csv:7</span>');
    expect(html).not.toContain('exports/');
  });

  it('puts the run warnings first, before the summary', () => {
    const warned = [...FORMATS.html({ ...sampleResult(), warnings: [{ code: 'calendar-coverage', message: '节假日数据未覆盖 2027 年' }] }, { lang: 'zh', color: false, verbose: false })].join('');
    expect(warned.indexOf('节假日数据未覆盖 2027 年')).toBeGreaterThan(0);
    expect(warned.indexOf('节假日数据未覆盖 2027 年')).toBeLessThan(warned.indexOf('部门汇总'));
  });
});

describe('json', () => {
  it('is the result, parseable, keys in contract order', () => {
    const parsed = JSON.parse(render('json'));
    expect(parsed).toEqual(sampleResult());
    expect(Object.keys(parsed)).toEqual(Object.keys(sampleResult()));
  });
});

describe('table', () => {
  it('lists the late item and the other finding, without colour codes', () => {
    const text = render('table');
    expect(text).not.toContain('\x1b[');
    expect(text).toMatch(/KF-02a\s+=HYPERLINK\("http:\/\/x"\)\s+<script>alert\(1\)<\/s…\s+10-15\s+10-16\s+10-19 10:20\s+3/);
    expect(text).toContain('客服部  XD-03  mismatch  -12  exports/放贷.csv:7');
  });
});

describe('未判定 beside 应交, and the rate rounded once from the counts', () => {
  // 37 of 43 on time is 86.046…%: 86.0 %, not 86.1 % from the rounded 0.8605.
  const withUnjudged = () => {
    const r = sampleResult();
    const row = { due: 43, onTime: 37, late: 4, overdue: 2, pending: 0, otherFindings: 1, onTimeRate: 0.8605, notJudged: 3 };
    r.summary = { total: row, byDepartment: [{ department: '消贷部', ...row }] };
    return r;
  };
  const renderZh = (format: keyof typeof FORMATS) => [...FORMATS[format](withUnjudged(), { lang: 'zh', color: false, verbose: false })].join('');

  it('markdown', () => {
    expect(renderZh('markdown')).toContain(
      '| 部门 | 应交 | 未判定 | 按时 | 迟交 | 逾期未交 | 待交 | 其他问题 | 按时率 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n| 消贷部 | 43 | 3 | 37 | 4 | 2 | 0 | 1 | 86.0% |\n| 合计 | 43 | 3 | 37 | 4 | 2 | 0 | 1 | 86.0% |\n',
    );
  });

  it('table', () => {
    const lines = renderZh('table').split('\n');
    expect(lines.find((l) => l.includes('未判定'))).toBe('  部门    应交  未判定  按时  迟交  逾期未交  待交  其他问题  按时率');
    expect(lines.find((l) => l.startsWith('  消贷部'))).toBe('  消贷部    43       3    37     4         2     0         1   86.0%');
  });

  it('html', () => {
    const html = renderZh('html');
    // Under 应交, in its cell: a phone's 390 px has no room for one more column.
    expect(html).toMatch(/>43<div style="[^"]*">未判定 3<\/div><\/td><td[^>]*>37<\/td>/);
    expect(html).not.toContain('>未判定</th>');
    expect(html).toContain('<b>86.0%</b>');
  });

  it('json carries notJudged in every summary row', () => {
    const json = JSON.parse(renderZh('json'));
    expect(json.summary.total.notJudged).toBe(3);
    expect(json.summary.byDepartment[0].notJudged).toBe(3);
  });

  it('no 未判定 column when every row was judged', () => {
    expect(render('markdown')).not.toContain('Not judged');
    expect(render('table')).not.toContain('Not judged');
  });
});
