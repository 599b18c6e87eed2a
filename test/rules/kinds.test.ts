// The kinds catalogue: each kind declares its fields, words and messages in both
// languages, and the config schema, `isla rules` and `isla init` follow from them.
import { describe, expect, it } from 'vitest';
import { describeRule } from '../../src/commands/describe.js';
import { builtinConfig, loadConfig } from '../../src/config/load.js';
import { datasetLabeller } from '../../src/datasets/label.js';
import { KINDS, RULE_KINDS } from '../../src/rules/index.js';
import { COLUMN_KEYS, ruleKeys } from '../../src/service-list/schema.js';
import { configError } from '../helpers.js';

const kinds = Object.entries(KINDS);

describe('every kind says what it is, in Chinese and English', () => {
  it.each(kinds)('%s', (_name, kind) => {
    expect(kind.doc.zh).toMatch(/\p{Script=Han}/u);
    expect(kind.doc.en).toMatch(/^[\x20-\x7e]+$/);
    for (const [id, text] of Object.entries(('messages' in kind ? kind.messages : undefined) ?? {})) {
      const params = { item: '项目', fields: ['甲'], field: '甲', value: 'v', actual: 'a', conditions: ['c'], a: 'a', b: 'b', va: '1', vb: '2' };
      expect(text.zh(params), id).toMatch(/\p{Script=Han}/u);
      expect(text.en(params), id).not.toBe(text.zh(params));
    }
  });

  it('runs every kind but manual', () => {
    expect(Object.keys(RULE_KINDS)).toEqual(Object.keys(KINDS).filter((k) => k !== 'manual'));
  });
});

describe('isla rules describes every built-in rule from its kind', () => {
  const config = builtinConfig();
  it.each(config.rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    for (const lang of ['zh', 'en'] as const) {
      const text = describeRule(rule, lang, datasetLabeller(config.datasets, lang));
      expect(text).not.toMatch(/undefined|\[object/);
      expect(text.length).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('the schema comes from the kinds', () => {
  it('isla init writes a rule’s keys: the common ones, then its kind’s, then when and severity', () => {
    expect(ruleKeys('deadline')).toEqual(['department', 'item', 'short', 'dataset', 'kind', 'event', 'submitted', 'due', 'when', 'severity']);
    expect(ruleKeys('exists')).toEqual(['department', 'item', 'short', 'dataset', 'kind', 'event', 'field', 'in', 'when', 'severity']);
    expect(ruleKeys('manual')).toEqual(['department', 'item', 'short', 'dataset', 'kind', 'event', 'when', 'severity']);
  });

  it('knows which fields name columns of the dataset', () => {
    expect(COLUMN_KEYS).toEqual([
      ['event', 'column'],
      ['submitted', 'column'],
      ['fields', 'columns'],
      ['positive', 'columns'],
      ['field', 'column'],
      ['forbid', 'conditions'],
      ['when', 'conditions'],
    ]);
  });

  const rule = (lines: string[]): string => `rules:\n  N-1:\n    department: 客服部\n    item: 新规则\n    new: true\n    dataset: swipes\n${lines.map((l) => `    ${l}\n`).join('')}`;
  it.each([
    ['deadline', ['kind: deadline', 'event: 提车日期', 'submitted: 提交日', 'due: sameDay'], 'rules.N-1.submitted: "提交日" is not a column of swipes; did you mean "提交日期"?'],
    ['required', ['kind: required', 'fields: [车架号]', 'positive: [刷卡金]'], 'rules.N-1.positive: "刷卡金" is not a column of swipes; did you mean "刷卡金额"?'],
    ['expect', ['kind: expect', 'field: 车架', 'value: 是'], 'rules.N-1.field: "车架" is not a column of swipes; did you mean "车架号"?'],
    ['forbid', ['kind: forbid', 'forbid: [{field: 刷卡金, equals: 0}]'], 'rules.N-1.forbid: "刷卡金" is not a column of swipes; did you mean "刷卡金额"?'],
    ['match', ['kind: match', 'fields: [车架号, 刷卡号]'], 'rules.N-1.fields: "刷卡号" is not a column of swipes; did you mean "刷卡单号"?'],
    ['exists (its own check)', ['kind: exists', 'field: 车架号', 'in: {dataset: business, field: 车驾号}'], 'rules.N-1.in.field: "车驾号" is not a column of business; did you mean "车架号"?'],
    ['report (its own check)', ['kind: report', 'report: 欠款报表', 'due: {days: 3}'], 'rules.N-1.due: expected {monthly: {day: D}}, found {"days":3}.'],
    ['a kind’s needs', ['kind: exists'], 'rules.N-1: a exists rule needs field, in.'],
  ])('%s: a config naming what is not there is refused at its key', (_name, lines, message) => {
    expect(configError(rule(lines))).toContain(message);
  });

  it('a new rule loads from a config with the fields its kind declares', () => {
    const text = rule(['kind: match', 'fields: [车架号, 刷卡单号]']);
    expect(loadConfig({ lang: 'en', text, config: 'isla.config.yaml' }).rules.at(-1)).toMatchObject({ id: 'N-1', kind: 'match', fields: ['车架号', '刷卡单号'], severity: 'error' });
  });
});

describe('a value zod refuses is said in the user’s language', () => {
  it.each([
    ['en', 'rules.N-1.value: expected a valid value, found [1].'],
    ['zh', 'rules.N-1.value：应为有效的值，实际为 [1]。'],
  ] as const)('%s', (lang, message) => {
    const text = 'rules:\n  N-1:\n    department: 客服部\n    item: 新规则\n    new: true\n    kind: expect\n    dataset: swipes\n    field: 车架号\n    value: [1]\n';
    expect(configError(text, lang)).toContain(message);
  });
});
