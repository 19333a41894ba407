/**
 * Child process: papaparse alone on a CSV file read from disk, the baseline every import ratio is taken against.
 *   tsx papaparse.ts FILE arrays|objects RUNS
 * `arrays` parses to string arrays (the bare parse our parser is compared with); `objects` uses `header: true`,
 * so every row is held as an object — the peak memory a user would see from papaparse on its own.
 * Prints one JSON line: the best time of RUNS, the row count and this process's peak RSS.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { best } from '../sheet-data';

const [file, mode = 'arrays', runs = '1'] = process.argv.slice(2);
if (!file) throw new Error('usage: papaparse.ts FILE arrays|objects RUNS');

let rows = 0;
const ms = await best(Number(runs), () => {
  // Reading and decoding are inside the timing on both sides: our import starts from the file's bytes too.
  const text = new TextDecoder().decode(readFileSync(file));
  rows = Papa.parse(text, { header: mode === 'objects' }).data.length;
});
console.log(JSON.stringify({ ms, rows, maxRssKB: process.resourceUsage().maxRSS }));
