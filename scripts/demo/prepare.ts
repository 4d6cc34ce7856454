/**
 * Writes the demo's data into a folder (default `.tmp/gate`): the seattle-weather split
 * (`data/weather-2012-2013.csv`, `data/weather-2014-2015.csv`) and the golden set
 * (`golden.jsonl`). Used by the pr-gate workflow before the actions run.
 */
import { resolve } from 'node:path';
import { writeGoldenSet, writeWeatherData } from './pipeline';

const dir = resolve(process.argv[2] ?? '.tmp/gate');
writeWeatherData(dir);
const golden = writeGoldenSet([dir]);
console.log(`wrote ${dir}/data/weather-*.csv and ${dir}/golden.jsonl (${golden.length} rows)`);
