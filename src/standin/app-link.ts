import { createHmac } from 'node:crypto';

export const ACK_TIMEOUT_MS = 3000;

/** Slack's request signature: v0= + hex HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). */
export function slackSignature(secret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

/**
 * What Slack saw of one request to the app. `error` is the code Slack shows the user:
 * operation_timeout when no answer came within 3 s, dispatch_failed when it could not connect or
 * got anything but HTTP 200.
 */
export interface Delivery {
  status: number;
  body: string;
  contentType: string;
  error?: 'operation_timeout' | 'dispatch_failed';
}

/** Signed HTTP requests to the app's request URL, given up on after 3 s as Slack does. */
export class AppLink {
  private readonly inFlight = new Set<AbortController>();

  constructor(
    public appUrl: string,
    private readonly signingSecret: string,
    private readonly ackTimeoutMs = ACK_TIMEOUT_MS,
  ) {}

  async post(body: string, contentType: string, headers: Record<string, string> = {}): Promise<Delivery> {
    const timestamp = Math.floor(Date.now() / 1000);
    const controller = new AbortController();
    this.inFlight.add(controller);
    const request = fetch(this.appUrl, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(this.signingSecret, timestamp, body),
        ...headers,
      },
      body,
      signal: controller.signal,
    })
      .then(async (res): Promise<Delivery> => {
        const text = await res.text();
        const delivery = {
          status: res.status,
          body: text,
          contentType: res.headers.get('content-type') ?? '',
        };
        return res.status === 200 ? delivery : { ...delivery, error: 'dispatch_failed' };
      })
      .catch((): Delivery => ({ status: 0, body: '', contentType: '', error: 'dispatch_failed' }))
      .finally(() => this.inFlight.delete(controller));
    // Slack stops waiting after 3 s but does not cut the connection; a late answer is ignored.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Delivery>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: 0, body: '', contentType: '', error: 'operation_timeout' }),
        this.ackTimeoutMs,
      );
    });
    try {
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops every request still waiting for the app (on close). */
  abortAll(): void {
    for (const c of this.inFlight) c.abort();
    this.inFlight.clear();
  }
}
