/** A Web API error as Slack returns it: HTTP 200, `{ ok: false, error, response_metadata }`. */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(code);
    this.name = 'SlackApiError';
  }
}

/**
 * The arguments of one call, whichever way they came: form fields are all strings and complex ones
 * (blocks, view, files) arrive JSON-stringified, while a JSON body holds real objects.
 */
export class MethodArgs {
  constructor(readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== '';
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return undefined;
  }

  required(name: string): string {
    const v = this.str(name);
    if (v === undefined || v === '') {
      throw new SlackApiError('invalid_arguments', [`[ERROR] missing required field: ${name}`]);
    }
    return v;
  }

  bool(name: string): boolean {
    const v = this.raw[name];
    return v === true || v === 'true' || v === '1' || v === 1;
  }

  /** A complex argument; `format` is the error Slack gives when the string is not JSON. */
  json(name: string, format = 'invalid_arguments'): unknown {
    const v = this.raw[name];
    if (typeof v !== 'string') return v;
    if (v === '') return undefined;
    try {
      return JSON.parse(v);
    } catch {
      throw new SlackApiError(format, [`[ERROR] ${name} must be valid JSON [json-pointer:/${name}]`]);
    }
  }
}
