// The load generator for bench:slack, in its own process: Slack is another machine, so the client
// must not share the app's event loop or heap. Keep-alive sockets, warmed first, as a real peer
// keeps; each command gets its own response_url on this process's sink.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackSignature } from '../src/standin/app-link.js';

interface ClientConfig {
  appUrl: string;
  secret: string;
  command: string;
  concurrency: number;
  rounds: number;
}

const config = JSON.parse(process.env.BENCH_CLIENT_CONFIG ?? '{}') as ClientConfig;
const target = new URL(config.appUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency + 8 });

const arrived = new Map<string, number>();
const sink = http.createServer((req, res) => {
  req.resume().on('end', () => {
    arrived.set(req.url ?? '', performance.now());
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
const waiters = new Map<string, () => void>();
sink.on('request', (req) => req.on('end', () => waiters.get(req.url ?? '')?.()));

function post(body: string): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  const signature = slackSignature(config.secret, ts, body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
        },
      },
      (res) => {
        res
          .resume()
          .on('end', () =>
            res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`HTTP ${res.statusCode}`)),
          );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function send(id: string): Promise<{ ack: number; full: number }> {
  const answered = new Promise<void>((resolve) => waiters.set(`/${id}`, resolve));
  const body = new URLSearchParams({
    team_id: 'T0STANDIN',
    channel_id: 'C0OPS',
    user_id: 'U0OPS',
    command: '/backfill',
    text: config.command,
    response_url: `${sinkUrl}/${id}`,
    trigger_id: id,
  }).toString();
  const sent = performance.now();
  await post(body);
  const ack = performance.now() - sent;
  await answered;
  return { ack, full: (arrived.get(`/${id}`) ?? 0) - sent };
}

await Promise.all(Array.from({ length: config.concurrency }, (_, i) => send(`warm-${i}`)));
const acks: number[] = [];
const fulls: number[] = [];
for (let round = 0; round < config.rounds; round++) {
  const results = await Promise.all(
    Array.from({ length: config.concurrency }, (_, i) => send(`r${round}-${i}`)),
  );
  for (const r of results) {
    acks.push(r.ack);
    fulls.push(r.full);
  }
}
agent.destroy();
sink.close();
process.stdout.write(JSON.stringify({ acks, fulls }));
