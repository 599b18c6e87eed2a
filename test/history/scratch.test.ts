import { it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { writeShiftedSample } from '../helpers.js';
it('demo', () => {
  for (const back of [1, 2]) { const d = `/tmp/trend-demo/in-${back}`; mkdirSync(d, { recursive: true }); writeShiftedSample(d, back); }
});
