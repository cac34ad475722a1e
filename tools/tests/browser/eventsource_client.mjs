// npm `eventsource` (the WHATWG EventSource for Node) subscribed to a URL: prints
// one JSON line per happening on stdout, flushed, for tools/tests/test_browser.py:
//   {"request": N, "last_event_id": ID}  the Nth request goes out (ID null: none)
//   {"open": N}                          the Nth connection opened
//   {"error": "...", "state": S}         the connection dropped (0 reconnecting, 2 closed)
//   {"type": T, "id": I, "data": D}      an event (message, and the types named after
//                                        the URL); D is cut to 100 characters + "..."
//   {"paused": true|false}               after a command below took effect
// Commands, one per line on standard input: `pause` stops reading the response body
// (the client stalls: its socket fills up and the server sees a slow consumer),
// `resume` reads on. It runs until standard input closes, then exits 0.
//
// Usage: node eventsource_client.mjs URL [TYPE...]
import { createInterface } from "node:readline";
import { EventSource } from "eventsource";

const [url, ...types] = process.argv.slice(2);
const print = (record) => process.stdout.write(JSON.stringify(record) + "\n");

let paused = false;
let wakeUps = [];

// The response body as the EventSource reads it: nothing is read from the real body
// while paused, so undici stops reading the socket (backpressure).
function gated(body) {
  const reader = body.getReader();
  return new ReadableStream({
    async pull(controller) {
      while (paused) await new Promise((resolve) => wakeUps.push(resolve));
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

let requests = 0;
async function gatedFetch(input, init) {
  print({ request: ++requests, last_event_id: init.headers["Last-Event-ID"] ?? null });
  const response = await fetch(input, init);
  return new Response(gated(response.body), { status: response.status,
                                              headers: response.headers });
}

let opens = 0;
const source = new EventSource(url, { fetch: gatedFetch });
source.onopen = () => print({ open: ++opens });
source.onerror = (e) => print({ error: String(e.message ?? e.type), state: source.readyState });
const show = (e) => print({ type: e.type, id: e.lastEventId,
                            data: e.data.length > 100 ? e.data.slice(0, 100) + "..." : e.data });
source.onmessage = show;
for (const type of types) source.addEventListener(type, show);

const commands = createInterface({ input: process.stdin });
commands.on("line", (line) => {
  if (line === "pause") paused = true;
  if (line === "resume") {
    paused = false;
    for (const wake of wakeUps) wake();
    wakeUps = [];
  }
  print({ paused });
});
commands.on("close", () => {
  source.close();
  process.exit(0);
});
