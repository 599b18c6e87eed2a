// A dataset's name for people: 刷卡单 in Chinese, "card-swipe slips" in English.
import type { Lang } from '../messages.js';
import type { DatasetDef } from './types.js';

export function datasetLabeller(datasets: DatasetDef[], lang: Lang): (id: string) => string {
  const byId = new Map(datasets.map((d) => [d.id, lang === 'zh' ? d.label : d.labelEn]));
  return (id) => byId.get(id) ?? id;
}

/** The other way round, for `刷卡单=pos.csv`: each dataset's Chinese and English name → its id. */
export function datasetIdsByName(datasets: DatasetDef[]): Record<string, string> {
  return Object.fromEntries(datasets.flatMap((d) => [[d.labelEn, d.id], [d.label, d.id]]));
}
