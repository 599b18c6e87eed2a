// Text from the data made safe for a terminal and for plain-text files (table,
// stderr lines, Markdown, CSV): control characters, ANSI/OSC escape sequences,
// bidi overrides and invisible separators are shown as visible escapes (`\x1b`),
// so a cell cannot clear the screen, plant a link, retitle the window, reorder a
// line or break a table row. HTML and JSON escape by their own rules.

// C0 and C1 controls and DEL (ESC starts every ANSI/OSC sequence, BEL ends OSC);
// U+061C, U+200B–U+200F, U+2028–U+202E, U+2060–U+2069 and U+FEFF are zero-width,
// line separators or bidi controls ("Trojan Source").
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function visible(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** `visible` for a value that may be a number or absent. */
export function visibleValue(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : typeof value === 'number' ? String(value) : visible(value);
}
