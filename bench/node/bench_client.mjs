// The client peer: npm `eventsource` (the WHATWG EventSource for node, on fetch)
// reading the same stream as bench/c/bench_client.c from bench/c/stream_server.c.
//
// Usage: node bench_client.mjs PACKAGE_PREFIX URL [REPETITIONS]
//   PACKAGE_PREFIX is the `npm install --prefix` directory holding the package.
// Each run opens an EventSource, counts every event until the server's final
// `event: end` and closes it there (the body ends right after it; without the
// close the client would reconnect). Timed: from the constructor to the end event.
// Prints one line, fastest of REPETITIONS (default 3) runs; MB is 10^6 bytes:
//   eventsource-client events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y
// B is the body length, measured once with fetch, because EventSource hides it.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [prefix, url, repsArg = '3'] = process.argv.slice(2);
const reps = Number(repsArg);
if (!prefix || !url || !(reps > 0)) {
  console.error('usage: node bench_client.mjs PACKAGE_PREFIX URL [REPETITIONS]');
  process.exit(2);
}

const requireFromPrefix = createRequire(join(resolve(prefix), 'package.json'));
const { EventSource } = await import(
  pathToFileURL(requireFromPrefix.resolve('eventsource')).href);

// The corpora's event types; named events only reach listeners of their own name.
const COUNTED_TYPES = ['message', 'trade', 'blob'];

function runOnce() {
  return new Promise((resolvePromise, reject) => {
    let events = 0;
    let dataChars = 0; // touch every event, as the C benchmark does
    const start = performance.now();
    const source = new EventSource(url);
    const count = (event) => {
      events++;
      dataChars += event.data.length;
    };
    for (const type of COUNTED_TYPES) source.addEventListener(type, count);
    source.addEventListener('end', () => {
      const seconds = (performance.now() - start) / 1000;
      source.close();
      resolvePromise({ events, dataChars, seconds });
    });
    source.onerror = (err) => {
      source.close();
      reject(new Error(`stream failed before the end event: ${err.message ?? err.type}`));
    };
  });
}

async function bodyBytes() {
  const response = await fetch(url);
  return (await response.arrayBuffer()).byteLength;
}

let best = null;
for (let i = 0; i < reps; i++) {
  const run = await runOnce();
  if (best !== null && run.events !== best.events) {
    console.error(`runs disagree: ${best.events} then ${run.events} events`);
    process.exit(1);
  }
  if (best === null || run.seconds < best.seconds) best = run;
}
const bytes = await bodyBytes();
console.log(`eventsource-client events=${best.events} bytes=${bytes}` +
  ` seconds=${best.seconds.toFixed(6)} events_per_sec=${(best.events / best.seconds).toFixed(0)}` +
  ` mb_per_sec=${(bytes / best.seconds / 1e6).toFixed(1)}`);
