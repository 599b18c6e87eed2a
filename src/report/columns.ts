// Plain aligned columns for the terminal and plain-text mail. cli-table3 lays out
// tables in time quadratic in the rows (8,000 rows: 12 s), and a month of a big
// dealership can list tens of thousands of late items, so isla aligns text itself.

const ANSI = /\x1b\[[0-9;]*m/g;

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s.replace(ANSI, '')) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

export type Align = 'left' | 'right';

/**
 * A cell cut to `width` terminal columns, ending in "…" when cut: one 5,000-character
 * customer name must not pad every row of the table to 5,000 columns.
 */
export function clip(text: string, width: number): string {
  if (text.length * 2 <= width || displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = displayWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + '…';
}

/** Rows of cells as lines, each column as wide as its widest cell, two spaces apart. */
export function alignColumns(head: string[], rows: string[][], align: Align[], indent = '  '): string[] {
  const all = [head, ...rows];
  // A loop, not Math.max(...cells): spreading 125,000 cells overflows the stack.
  const widths = head.map((_, i) => all.reduce((widest, r) => Math.max(widest, displayWidth(r[i] ?? '')), 0));
  return all.map((r) =>
    (
      indent +
      r
        .map((cell, i) => {
          const gap = ' '.repeat(widths[i]! - displayWidth(cell));
          return align[i] === 'right' ? gap + cell : cell + gap;
        })
        .join('  ')
    ).trimEnd(),
  );
}
