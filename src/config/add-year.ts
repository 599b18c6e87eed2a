// Writing a year's schedule into a config file someone maintains by hand. The
// yaml Document finds where calendar.years.<YYYY> goes; the new block is spliced
// into the original text there, so every other line — comments, spacing, flow
// lists — stays byte for byte as it was. Only a flow-style `calendar: {…}` is
// re-rendered through the Document, since a block cannot go inside it.
import { Document, isMap, isScalar, parseDocument, type Node, type YAMLMap } from 'yaml';

export interface YearBlock {
  year: number;
  source: string;
  /** [date, festival] pairs; the festival becomes the line's comment. */
  holidays: [string, string][];
  workdays: [string, string][];
}

/** `2026:` and its schedule as YAML lines, each date commented with its festival. */
export function renderYearBlock(block: YearBlock, indent = ''): string {
  const doc = new Document({});
  const node = doc.createNode({ source: block.source, holidays: block.holidays.map((h) => h[0]), workdays: block.workdays.map((w) => w[0]) });
  for (const key of ['holidays', 'workdays'] as const) {
    const seq = node.get(key, true) as unknown as { items: { comment?: string }[] };
    seq.items.forEach((item, i) => (item.comment = ` ${block[key][i]![1]}`));
  }
  (doc.contents as YAMLMap).set(block.year, node);
  return doc
    .toString()
    .split('\n')
    .map((line) => (line ? indent + line : line))
    .join('\n');
}

function pairOf(map: YAMLMap, key: string): { key: Node; value: unknown } | undefined {
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair ? { key: pair.key as Node, value: pair.value } : undefined;
}

const columnAt = (text: string, offset: number): number => offset - text.lastIndexOf('\n', offset - 1) - 1;
/** The offset just past the line that holds `offset`. */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
/**
 * The offset just past a key's block: its own line and every following line
 * indented deeper. A comment or blank line after it belongs to what follows.
 */
function blockEnd(text: string, keyStart: number): number {
  const column = columnAt(text, keyStart);
  let end = lineEnd(text, keyStart);
  for (let at = end; at < text.length; ) {
    const next = lineEnd(text, at);
    const line = text.slice(at, next).replace(/\r?\n$/, '');
    if (line.trim() !== '' && line.length - line.trimStart().length <= column) break;
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) end = next;
    at = next;
  }
  return end;
}

const withNewline = (text: string): string => (text === '' || text.endsWith('\n') ? text : text + '\n');

/** The config text with calendar.years.<year> added, or replaced when it is there. */
export function addYear(text: string, block: YearBlock): { text: string; replaced: boolean } {
  const doc = parseDocument(text);
  const year = String(block.year);
  const root = doc.contents;
  const calendar = isMap(root) ? pairOf(root, 'calendar') : undefined;
  const years = calendar && isMap(calendar.value) ? pairOf(calendar.value, 'years') : undefined;
  const existing = years && isMap(years.value) ? pairOf(years.value, year) : undefined;

  // A flow map, or `calendar:` with nothing under it: no block to add lines to.
  if ((calendar && (!isMap(calendar.value) || calendar.value.flow)) || (years && isMap(years.value) && years.value.flow) || (root && !isMap(root))) {
    return { text: reRendered(doc, block), replaced: existing !== undefined };
  }
  if (existing) {
    const start = existing.key.range![0];
    const indent = ' '.repeat(columnAt(text, start));
    const lineStart = start - columnAt(text, start);
    return { text: text.slice(0, lineStart) + renderYearBlock(block, indent) + text.slice(blockEnd(text, start)), replaced: true };
  }
  if (years && isMap(years.value)) {
    const first = years.value.items[0]?.key as Node | undefined;
    const indent = ' '.repeat(first?.range ? columnAt(text, first.range[0]) : columnAt(text, years.key.range![0]) + 2);
    const at = blockEnd(text, years.key.range![0]);
    return { text: withNewline(text.slice(0, at)) + renderYearBlock(block, indent) + text.slice(at), replaced: false };
  }
  if (calendar && isMap(calendar.value)) {
    const indent = ' '.repeat(columnAt(text, (calendar.value.items[0]!.key as Node).range![0]));
    const at = blockEnd(text, calendar.key.range![0]);
    return { text: withNewline(text.slice(0, at)) + `${indent}years:\n` + renderYearBlock(block, indent + '  ') + text.slice(at), replaced: false };
  }
  return { text: withNewline(text) + 'calendar:\n  years:\n' + renderYearBlock(block, '    '), replaced: false };
}

function reRendered(doc: ReturnType<typeof parseDocument>, block: YearBlock): string {
  if (!isMap(doc.get('calendar', true))) doc.set('calendar', doc.createNode({}));
  if (!isMap(doc.getIn(['calendar', 'years'], true))) doc.setIn(['calendar', 'years'], doc.createNode({}));
  const years = doc.getIn(['calendar', 'years'], true) as YAMLMap;
  const existing = years.items.find((p) => isScalar(p.key) && String(p.key.value) === String(block.year));
  if (existing) years.delete(existing.key);
  const rendered = parseDocument(renderYearBlock(block));
  years.set(block.year, (rendered.contents as YAMLMap).get(block.year, true));
  return doc.toString();
}
