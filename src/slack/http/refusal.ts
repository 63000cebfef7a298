/** The outcomes of the HTTP front's log lines; NOT_ACKNOWLEDGED is a request no listener acked in 3 s. */
export type HttpOutcome =
  | 'REQUEST_TOO_LARGE'
  | 'SIGNATURE_INVALID'
  | 'TIMESTAMP_OUT_OF_WINDOW'
  | 'PAYLOAD_INVALID'
  | 'NOT_ACKNOWLEDGED';

/**
 * Why the HTTP front refused a request before Bolt saw it: the status it answered and the `outcome`
 * its log line carries (as a request line's outcome: a code to count and alert on).
 */
export interface Refusal {
  status: 400 | 401 | 413;
  outcome: HttpOutcome;
  /** In our words, for the log (and the body of a 400 or 413): never the request's own bytes. */
  reason: string;
  /** Who the payload says acted, when it says so readably (for the log line). */
  user?: string;
}

// Slack's own payloads stay far below this: a view_submission carries its whole view (Slack refuses
// views over ~250 kB) and form-encoding can nearly triple JSON, so 1 MiB leaves room for every real
// request while refusing anything bigger unread (Bolt's default is 4 MB).
export const MAX_BODY_BYTES = 1024 * 1024;

// Slack signs every request with its send time; a request more than 5 minutes from our clock, in the
// past (Bolt checks this one) or in the future (Bolt does not), is refused as a replay.
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
