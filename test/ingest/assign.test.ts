import { describe, expect, it } from 'vitest';
import { BUILTIN_DATASETS } from '../../src/datasets/builtin.js';
import { IslaError } from '../../src/errors.js';
import { assignDataset, hintMatches } from '../../src/ingest/assign.js';
import { mapColumns, normaliseHeader } from '../../src/ingest/headers.js';
import { errorMessage } from '../../src/messages.js';

const dataset = (id: string) => BUILTIN_DATASETS.find((d) => d.id === id)!;

describe('header normalisation', () => {
  it.each([
    [' 金额(元) ', '金额'],
    ['金额（元）', '金额'],
    ['\uFEFF合同编号', '合同编号'],
    ['客户　姓名', '客户姓名'],
    ['ＶＩＮ', 'vin'],
    ['刷卡金额[元]', '刷卡金额'],
  ])('%s → %s', (raw, normal) => expect(normaliseHeader(raw)).toBe(normal));
});

describe('every alias of every built-in dataset maps to its canonical column', () => {
  for (const d of BUILTIN_DATASETS) {
    for (const column of d.columns) {
      for (const alias of column.aliases) {
        it(`${d.id}: ${alias} → ${column.name}`, () => {
          // The alias with a unit suffix and full-width brackets, beside the other canonical names.
          const header = d.columns.map((c) => (c === column ? ` ${alias}（元）` : c.name));
          const mapping = mapColumns(d, header);
          expect(mapping.found[column.name]).toBe(`${alias}（元）`);
          expect(mapping.missing).toEqual([]);
        });
      }
    }
  }

  it('a canonical name wins over the same word used as another column’s alias', () => {
    // 业务单: 报送时间 is canonical, 提交时间 its alias; both columns present.
    const mapping = mapColumns(dataset('business'), ['业务单号', '客户姓名', '车架号', '交车日期', '提交时间', '报送时间']);
    expect(mapping.found['报送时间']).toBe('报送时间');
  });
});

describe('file-name hints', () => {
  it.each([
    ['POS导出.csv', 'pos', true],
    ['exports.csv', 'pos', false],
    ['2026-10-pos.csv', 'POS', true],
    ['loans_2026.csv', 'loan', false],
    ['loan-2026.csv', 'loan', true],
    ['10月刷卡单.csv', '刷卡', true],
  ])('%s matches %s: %s', (file, hint, expected) => expect(hintMatches(file, hint)).toBe(expected));
});

describe('dataset assignment', () => {
  const swipesHeader = ['刷卡单号', '车架号', '提车日期', '提交日期'];

  it('explicit dataset=path wins', () => {
    expect(assignDataset('x/刷卡单.csv', swipesHeader, BUILTIN_DATASETS, 'en', 'business')).toMatchObject({ dataset: { id: 'business' }, assignedBy: 'explicit' });
  });

  it('then a file-name hint', () => {
    expect(assignDataset('exports/10月刷卡单.csv', ['a', 'b'], BUILTIN_DATASETS, 'en')).toMatchObject({ dataset: { id: 'swipes' }, assignedBy: 'hint' });
  });

  it('then the header', () => {
    expect(assignDataset('exports/export-1.csv', swipesHeader, BUILTIN_DATASETS, 'en')).toMatchObject({ dataset: { id: 'swipes' }, assignedBy: 'header' });
  });

  it('two equally good matches are an error listing the candidates and the fix', () => {
    // A dealership's own dataset that reads just like the built-in 车辆入库.
    const lookalike = { ...dataset('storage'), id: 'returns', label: '退车', hints: [] };
    let err: unknown;
    try {
      assignDataset('exports/export.csv', ['车架号', '提回日期', '车辆入库日期'], [...BUILTIN_DATASETS, lookalike], 'en');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IslaError);
    expect((err as IslaError).code).toBe('ambiguous-dataset');
    expect(errorMessage('en', err as IslaError)).toBe(
      'exports/export.csv fits storage, returns equally well: name it as dataset=path, e.g. isla check storage=exports/export.csv.',
    );
  });

  it('no match is an error listing what each candidate lacks', () => {
    let err: unknown;
    try {
      assignDataset('exports/export.csv', ['日期', '金额'], BUILTIN_DATASETS, 'zh');
    } catch (e) {
      err = e;
    }
    expect((err as IslaError).code).toBe('unknown-dataset');
    const message = errorMessage('zh', err as IslaError);
    expect(message).toContain('enrollments（员工参保）缺 工号、参保日期、通知财务日期');
    expect(message).toContain('请用 数据集=路径 指定，例如 isla check ');
  });
});
