// Interop server written with plain Node.js `http`, none of our server code:
// streams `id: n\ndata: node n\n\n` for n = 1..3 (continuing after Last-Event-ID,
// rules H1/M7), then ends the body; a request whose Last-Event-ID is already 3 gets
// 204, the stop signal (M4). Node picks the framing itself (chunked).
//
//   node tests/server/node_sse_server.mjs    -> prints {"port": N}; exits at stdin EOF
import http from 'node:http';

const LAST = 3;

const server = http.createServer((req, res) => {
  const lastId = Number.parseInt(req.headers['last-event-id'] ?? '0', 10) || 0;
  if (lastId >= LAST) {
    res.writeHead(204);
    res.end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
  });
  for (let n = lastId + 1; n <= LAST; n++) {
    res.write(`id: ${n}\ndata: node ${n}\n\n`);
  }
  res.end();
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

// Stop when the test closes our stdin (or kills us).
const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
