// A mail catcher for the example deployment and the container tests: an SMTP server (port 1025) that keeps
// every message in memory, and an HTTP listing of them (port 8025): GET /messages, DELETE /messages.
// No dependencies: it runs on the Node image alone. Not a mail server: no TLS, no authentication, no relay.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

const SMTP_PORT = Number(process.env.SMTP_PORT ?? 1025);
const HTTP_PORT = Number(process.env.HTTP_PORT ?? 8025);
const MAX_MESSAGES = 1000;
const MAX_BYTES = 1024 * 1024;
/** @type {{ from: string, to: string[], receivedAt: string, data: string }[]} */
let messages = [];

const smtp = createTcpServer((socket) => {
  socket.setEncoding('utf8');
  let buffer = '';
  let envelope = { from: '', to: /** @type {string[]} */ ([]) };
  let data = /** @type {string[] | undefined} */ (undefined);
  const reply = (line) => socket.write(`${line}\r\n`);
  reply('220 mail-catcher ESMTP');
  socket.on('data', (chunk) => {
    buffer += chunk;
    if (buffer.length > MAX_BYTES) {
      reply('552 message too large');
      socket.end();
      return;
    }
    let end = buffer.indexOf('\r\n');
    while (end >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (data) {
        if (line === '.') {
          messages.push({ ...envelope, receivedAt: new Date().toISOString(), data: data.join('\r\n') });
          messages = messages.slice(-MAX_MESSAGES);
          envelope = { from: '', to: [] };
          data = undefined;
          reply('250 OK: queued');
        } else {
          // Dot-stuffing (RFC 5321, 4.5.2): a leading dot was doubled by the client.
          data.push(line.startsWith('..') ? line.slice(1) : line);
        }
      } else {
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-mail-catcher\r\n250 8BITMIME');
        else if (verb === 'HELO') reply('250 mail-catcher');
        else if (verb === 'MAIL') {
          envelope = { from: address(line), to: [] };
          reply('250 OK');
        } else if (verb === 'RCPT') {
          envelope.to.push(address(line));
          reply('250 OK');
        } else if (verb === 'DATA') {
          data = [];
          reply('354 end data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET') {
          envelope = { from: '', to: [] };
          reply('250 OK');
        } else if (verb === 'NOOP') reply('250 OK');
        else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 command not implemented');
      }
      end = buffer.indexOf('\r\n');
    }
  });
  socket.on('error', () => socket.destroy());
});

function address(line) {
  return /<([^>]*)>/.exec(line)?.[1] ?? '';
}

const http = createHttpServer((req, res) => {
  if (req.url === '/messages' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(messages));
  } else if (req.url === '/messages' && req.method === 'DELETE') {
    messages = [];
    res.writeHead(204).end();
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
});

smtp.listen(SMTP_PORT, () => console.log(`mail-catcher: SMTP on ${SMTP_PORT}`));
http.listen(HTTP_PORT, () => console.log(`mail-catcher: HTTP on ${HTTP_PORT}`));
// As PID 1 in a container, Node gets no default action for SIGTERM: stop on it explicitly.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    smtp.close();
    http.close();
    process.exit(0);
  });
}
