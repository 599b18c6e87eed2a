// The catalogue: the built-in service list is the company's, complete, and valid.
import { describe, expect, it } from 'vitest';
import { builtinConfig } from '../src/config/load.js';

const rules = builtinConfig().rules;

describe('the built-in service list (SPEC §5)', () => {
  it('has every item of the company list, in its order', () => {
    expect(rules.map((r) => r.id)).toEqual([
      'XD-01', 'XD-02', 'XD-03', 'XD-04', 'XD-05', 'XD-06', 'XD-07', 'XD-08', 'XD-09', 'XD-10',
      'KF-01', 'KF-02a', 'KF-02b', 'KF-03a', 'KF-03b', 'KF-04',
      'BX-01', 'BX-02', 'BX-03a', 'BX-03b', 'BX-03c', 'BX-04', 'BX-05', 'BX-06', 'BX-07',
      'XS-01', 'XS-02', 'XS-03', 'XS-04', 'XS-05', 'XS-06', 'XS-07', 'XS-08a', 'XS-08b',
      'RS-01', 'RS-02', 'RS-03', 'RS-04', 'RS-05',
    ]);
  });

  it('marks exactly the items SPEC §5 leaves to people as manual', () => {
    expect(rules.filter((r) => r.kind === 'manual').map((r) => r.id)).toEqual([
      'XD-05', 'XD-06', 'XD-10', 'KF-04', 'BX-01', 'BX-02', 'BX-04', 'BX-05', 'BX-07', 'XS-03', 'XS-04', 'RS-01', 'RS-03', 'RS-04',
    ]);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has its department, the company’s text and what its kind needs', (id, rule) => {
    const dept = { XD: '消贷部', KF: '客服部', BX: '保险部', XS: '销售部', RS: '人事部' }[id.slice(0, 2)];
    expect(rule.department).toBe(dept);
    expect(rule.item.length).toBeGreaterThan(4);
    if (rule.kind !== 'manual') {
      expect(rule.dataset).toBeTruthy();
      expect(['error', 'warning']).toContain(rule.severity);
    }
  });

  it('uses the SPEC §5 deadlines', () => {
    const due = Object.fromEntries(rules.filter((r) => r.due).map((r) => [r.id, r.due]));
    expect(due).toEqual({
      'XD-01': { workdays: 2 }, 'XD-02': { workdays: 1 }, 'XD-04': { workdays: 3 }, 'XD-07': { workdays: 3 },
      'XD-08': { monthly: { day: 5 } }, 'XD-09': { monthly: { day: 5 } },
      'KF-01': { days: 7 }, 'KF-02a': { days: 1 }, 'KF-03a': { sameDay: true }, 'KF-03b': { sameDay: true },
      'BX-03a': { workdays: 2 }, 'BX-06': { monthly: { day: 5 } },
      'XS-07': { days: 3 }, 'XS-08a': { monthly: { day: 1, time: '12:00' } }, 'XS-08b': { monthly: { day: 1, time: '12:00' } },
      'RS-02': { workdays: 5 }, 'RS-05': { workdays: 1 },
    });
    expect(rules.filter((r) => r.severity === 'warning').map((r) => r.id)).toEqual(['XD-03', 'XS-06']);
  });
});

describe('the version', () => {
  it('is the package’s', async () => {
    const { VERSION } = await import('../src/version.js');
    const { readFileSync } = await import('node:fs');
    expect(VERSION).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  });
});
