// "Did you mean …": the candidate one slip away from what was typed. Its own module
// so commands that only suggest names do not load the config loader (yaml, zod).
import { editDistance } from '../ingest/headers.js';

export function suggest(word: string, candidates: string[]): string {
  let best = '';
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : '';
}
