/**
 * The soak's baseline: bare node:http answering every request with the same page, read from the
 * file named on the command line, on the port given after it (any free one without). What the
 * machine can do with no application at all.
 */
import fs from 'node:fs';
import http from 'node:http';

const page = fs.readFileSync(process.argv[2]!);
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
  response.end(page);
});
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : ''}`);
});
