// Runs one 835 parse in a fresh process so its peak memory is its own:
// `node --import tsx era-child.ts <portalbots|x12-parser> <file>` prints one
// JSON line { mbPerSecond, mbPerCpuSecond, peakRssMb, baselineRssMb, seconds, units }.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { X12parser } from 'x12-parser';
import { bench835File } from './era-files.ts';

async function x12ParserTokenize(file: string) {
  const { size } = await stat(file);
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  let segments = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const parser = new X12parser();
    const input = createReadStream(file, { highWaterMark: 1 << 20 });
    input.on('error', reject);
    parser.on('error', reject);
    parser.on('data', () => {
      if ((++segments & 4095) === 0) {
        const rss = process.memoryUsage.rss();
        if (rss > peak) peak = rss;
      }
    });
    parser.on('end', () => resolve());
    input.pipe(parser);
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    mbPerSecond: size / 1e6 / seconds,
    mbPerCpuSecond: size / 1e6 / ((cpu.user + cpu.system) / 1e6),
    peakRssMb: peak / 1e6,
    baselineRssMb: baseline / 1e6,
    seconds,
    units: segments,
  };
}

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'portalbots' && mode !== 'x12-parser')) {
  process.stderr.write('usage: era-child.ts <portalbots|x12-parser> <file>\n');
  process.exit(2);
}
const result =
  mode === 'x12-parser'
    ? await x12ParserTokenize(file)
    : await bench835File(file).then((r) => ({
        mbPerSecond: r.mbPerSecond,
        mbPerCpuSecond: r.mbPerCpuSecond,
        peakRssMb: r.peakRssMb,
        baselineRssMb: r.baselineRssMb,
        seconds: r.seconds,
        units: r.claims,
      }));
process.stdout.write(`${JSON.stringify(result)}\n`);
