import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/lib/mailer.js';

// A minimal SMTP server (RFC 5321 without extensions) that records what it receives, so that the
// mailer is tested over a real socket with nodemailer's real SMTP client.
let server: Server;
let port = 0;
const received: { from: string; to: string[]; data: string }[] = [];

function session(socket: Socket) {
  let buffer = '';
  let inData = false;
  let current = { from: '', to: [] as string[], data: '' };
  socket.write('220 test ESMTP\r\n');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === '.') {
          inData = false;
          received.push(current);
          current = { from: '', to: [], data: '' };
          socket.write('250 queued\r\n');
        } else current.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test\r\n');
      else if (verb === 'MAIL') {
        current.from = line;
        socket.write('250 ok\r\n');
      } else if (verb === 'RCPT') {
        current.to.push(line);
        socket.write('250 ok\r\n');
      } else if (verb === 'DATA') {
        inData = true;
        socket.write('354 go on\r\n');
      } else if (verb === 'QUIT') {
        socket.end('221 bye\r\n');
      } else socket.write('250 ok\r\n');
    }
  });
}

beforeAll(async () => {
  server = createServer(session);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the SMTP mailer', () => {
  it('delivers a Chinese mail over SMTP with its sender, recipient and kind', async () => {
    const mailer = createSmtpMailer(
      `smtp://127.0.0.1:${port}`,
      '结对 Jiedui <no-reply@jiedui.test>',
    );
    await mailer.send({
      to: 'zhang@zjut.edu.cn',
      subject: '人才办催办提醒',
      text: '请尽快答复对接邀请。',
      kind: 'stuck_reminder',
    });
    mailer.close();
    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail?.from).toContain('<no-reply@jiedui.test>');
    expect(mail?.to).toEqual(['RCPT TO:<zhang@zjut.edu.cn>']);
    expect(mail?.data).toContain('X-Jiedui-Kind: stuck_reminder');
    // The subject is MIME-encoded; decode it back.
    const subject = /^Subject: (.*)$/m.exec(mail?.data ?? '')?.[1] ?? '';
    const decoded = subject.replace(/=\?UTF-8\?B\?([^?]+)\?=/gi, (_m, b64: string) =>
      Buffer.from(b64, 'base64').toString('utf8'),
    );
    expect(decoded.replace(/\s+/g, '')).toBe('人才办催办提醒');
  });

  it('fails the send when the server refuses the recipient', async () => {
    const refusing = createServer((socket) => {
      socket.write('220 test\r\n');
      socket.on('data', (chunk) => {
        const line = chunk.toString();
        if (/^RCPT/i.test(line)) socket.write('550 no such user\r\n');
        else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      });
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const address = refusing.address();
    const mailer = createSmtpMailer(
      `smtp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      'no-reply@jiedui.test',
    );
    await expect(
      mailer.send({ to: 'nobody@example.com', subject: 'x', text: 'y', kind: 'test' }),
    ).rejects.toThrow();
    mailer.close();
    await new Promise((resolve) => refusing.close(resolve));
  });
});
