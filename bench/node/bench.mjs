// The peer: npm `eventsource-parser` on the same corpus and chunk sizes as
// bench/c/bench_parser.c, used the way its users use it: bytes go through a
// streaming TextDecoder, the strings into parser.feed().
//
// Usage: node bench.mjs PACKAGE_PREFIX CORPUS_FILE CHUNK_SIZE [REPETITIONS]
//   PACKAGE_PREFIX is the `npm install --prefix` directory holding the package.
// Prints one line, fastest of REPETITIONS (default 3) runs; MB is 10^6 bytes:
//   eventsource-parser-64K events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [prefix, corpusPath, chunkArg, repsArg = '3'] = process.argv.slice(2);
const chunkSize = Number(chunkArg);
const reps = Number(repsArg);
if (!prefix || !corpusPath || !(chunkSize > 0) || !(reps > 0)) {
  console.error('usage: node bench.mjs PACKAGE_PREFIX CORPUS_FILE CHUNK_SIZE [REPETITIONS]');
  process.exit(2);
}

// The package lives outside this script's node_modules chain, so resolve it from the
// install prefix. It is ESM-only in recent versions: load the resolved file with import().
const requireFromPrefix = createRequire(join(resolve(prefix), 'package.json'));
const { createParser } = await import(
  pathToFileURL(requireFromPrefix.resolve('eventsource-parser')).href);

const corpus = readFileSync(corpusPath);

function runOnce() {
  let events = 0;
  let dataChars = 0; // touch every event, as the C benchmark does
  const parser = createParser({
    onEvent(event) {
      events++;
      dataChars += event.data.length;
    },
  });
  const decoder = new TextDecoder('utf-8');
  const start = performance.now();
  for (let off = 0; off < corpus.length; off += chunkSize) {
    parser.feed(decoder.decode(corpus.subarray(off, off + chunkSize), { stream: true }));
  }
  parser.feed(decoder.decode());
  const seconds = (performance.now() - start) / 1000;
  return { events, dataChars, seconds };
}

let best = null;
for (let i = 0; i < reps; i++) {
  const run = runOnce();
  if (best === null || run.seconds < best.seconds) best = run;
}
const label = chunkSize % 1024 === 0 ? `${chunkSize / 1024}K` : `${chunkSize}B`;
console.log(`eventsource-parser-${label} events=${best.events} bytes=${corpus.length}` +
  ` seconds=${best.seconds.toFixed(6)} events_per_sec=${(best.events / best.seconds).toFixed(0)}` +
  ` mb_per_sec=${(corpus.length / best.seconds / 1e6).toFixed(1)}`);
