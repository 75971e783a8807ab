// A minimal SMTP sink on loopback (what tests/e2e/smtp_sink.py does with
// aiosmtpd, in Node so the browser tests need no Python): it accepts every
// message and keeps it in memory. No STARTTLS is offered, so curl sends in
// the clear.

import { createServer, type Server as NetServer, type Socket } from 'node:net';

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export class SmtpSink {
  readonly mails: Mail[] = [];
  port = 0;
  private server: NetServer | null = null;
  private readonly sockets = new Set<Socket>();

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    sink.server = createServer((socket) => sink.session(socket));
    await new Promise<void>((resolve, reject) => {
      sink.server!.once('error', reject);
      sink.server!.listen(0, '127.0.0.1', () => resolve());
    });
    const address = sink.server.address();
    sink.port = typeof address === 'object' && address ? address.port : 0;
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The decoded text of every part of the mails sent to `address`. */
  textsTo(address: string): string[] {
    return this.mails.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase()))
      .map((m) => decodeParts(m.raw));
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('latin1');
    let buffer = '';
    let inData = false;
    let data = '';
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => socket.write(line + '\r\n');
    reply('220 sink.test ESMTP ticketd e2e sink');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            this.mails.push({ from, to, raw: Buffer.from(data, 'latin1').toString('utf8') });
            data = '';
            reply('250 OK: queued');
          } else {
            data += (line.startsWith('..') ? line.slice(1) : line) + '\r\n';
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          reply('250-sink.test');
          reply('250-8BITMIME');
          reply('250 SIZE 10485760');
        } else if (verb === 'HELO') {
          reply('250 sink.test');
        } else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 OK');
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
        } else if (verb === 'RSET' || verb === 'NOOP') {
          reply('250 OK');
        } else {
          reply('502 Command not implemented');
        }
      }
    });
  }
}

/** The message as text: its base64 and quoted-printable parts decoded. */
function decodeParts(raw: string): string {
  let out = raw;
  const parts = raw.split(/\r\n--[^\r\n]+\r\n/);
  for (const part of parts) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const body = part.slice(split + 4).split(/\r\n--/)[0]!;
    if (/content-transfer-encoding:\s*base64/i.test(head)) {
      out += '\n' + Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    } else if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
      out += '\n' + body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi,
                                                       (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
  }
  return out;
}
