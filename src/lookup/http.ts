/**
 * The one HTTP client of citemark's look-ups: only `https:` URLs (or
 * `http:` on loopback, for tests and local mirrors), a timeout per attempt,
 * a size limit, redirects checked against the same policy, a polite
 * User-Agent, and retries with back-off on 429 and 5xx.
 */
import { setTimeout as delay } from 'node:timers/promises';

export type LookupErrorKind = 'not-found' | 'timeout' | 'rate-limited' | 'http' | 'network' | 'malformed' | 'too-large' | 'url';

export class LookupError extends Error {
  readonly kind: LookupErrorKind;
  readonly url: string | undefined;
  readonly status: number | undefined;
  constructor(kind: LookupErrorKind, message: string, details: { url?: string; status?: number } = {}) {
    super(message);
    this.name = 'LookupError';
    this.kind = kind;
    this.url = details.url;
    this.status = details.status;
  }
}

export interface HttpOptions {
  userAgent: string;
  /** Per attempt, covering the headers and the whole body. */
  timeoutMs: number;
  /** Further attempts after the first, on 429 and 5xx only. */
  retries: number;
  /** First back-off; doubled on each retry. A `Retry-After` header wins, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  maxBytes: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The signal that ends one attempt after `timeoutMs` (default
   * `AbortSignal.timeout`). Tests pass one they abort on cue, so a timeout is
   * checked without waiting on the clock of a busy machine.
   */
  deadline?: (timeoutMs: number, url: string) => AbortSignal;
}

export const DEFAULT_HTTP_OPTIONS: Omit<HttpOptions, 'userAgent'> = {
  timeoutMs: 10_000,
  retries: 3,
  backoffMs: 1_000,
  maxBackoffMs: 30_000,
  maxBytes: 5 * 1024 * 1024,
};

export interface HttpResponse {
  url: string;
  status: number;
  contentType: string;
  body: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const MAX_REDIRECTS = 5;

/** Throws unless `url` is `https:`, or `http:` on a loopback host. */
export function checkUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LookupError('url', `\`${url}\` is not a URL; check \`lookup\` in \`citemark.config.json\``, { url });
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return parsed;
  throw new LookupError('url', `Refusing to fetch \`${url}\`: only \`https:\` URLs (or \`http:\` on 127.0.0.1) are allowed`, { url });
}

async function readLimited(response: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new LookupError('too-large', `Response from \`${url}\` is ${declared} bytes, over the ${maxBytes}-byte limit`, { url });
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new LookupError('too-large', `Response from \`${url}\` is over the ${maxBytes}-byte limit`, { url });
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

async function fetchOnce(url: string, accept: string, options: HttpOptions): Promise<{ response: Response; url: string }> {
  let current = url;
  for (let hop = 0; ; hop++) {
    checkUrl(current);
    const response = await fetch(current, {
      headers: { accept, 'user-agent': options.userAgent },
      redirect: 'manual',
      signal: options.deadline ? options.deadline(options.timeoutMs, current) : AbortSignal.timeout(options.timeoutMs),
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new LookupError('http', `Too many redirects from \`${url}\``, { url });
      current = new URL(location, current).toString();
      continue;
    }
    return { response, url: current };
  }
}

/**
 * GETs `url`. Returns any 2xx or 4xx response (the caller decides what a 404
 * means); throws LookupError on timeouts, network failures, oversized
 * bodies, and on 429/5xx once the retries are spent.
 */
export async function httpGet(url: string, accept: string, options: HttpOptions): Promise<HttpResponse> {
  const sleep = options.sleep ?? ((ms: number) => delay(ms).then(() => undefined));
  for (let attempt = 0; ; attempt++) {
    let fetched: { response: Response; url: string };
    let body: string;
    try {
      fetched = await fetchOnce(url, accept, options);
      body = await readLimited(fetched.response, options.maxBytes, fetched.url);
    } catch (error) {
      if (error instanceof LookupError) throw error;
      if (isTimeout(error)) {
        throw new LookupError('timeout', `No answer from \`${url}\` within ${options.timeoutMs} ms; try again later or raise \`lookup.timeoutMs\``, { url });
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new LookupError('network', `Cannot reach \`${url}\` (${cause?.code ?? cause?.message ?? (error as Error).message}); check the network or \`lookup\` base URLs`, { url });
    }
    const { response } = fetched;
    const status = response.status;
    if (status === 429 || status >= 500) {
      if (attempt < options.retries) {
        const wait = Math.min(retryAfterMs(response.headers.get('retry-after')) ?? options.backoffMs * 2 ** attempt, options.maxBackoffMs);
        await sleep(wait);
        continue;
      }
      const tries = `${attempt + 1} attempt${attempt === 0 ? '' : 's'}`;
      if (status === 429) {
        throw new LookupError('rate-limited', `\`${url}\` is rate-limiting requests (HTTP 429 after ${tries}); wait a minute and run again`, { url, status });
      }
      throw new LookupError('http', `\`${url}\` failed with HTTP ${status} after ${tries}; try again later`, { url, status });
    }
    return { url: fetched.url, status, contentType: response.headers.get('content-type') ?? '', body };
  }
}
