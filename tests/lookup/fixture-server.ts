/**
 * A local HTTP server on 127.0.0.1 that answers like doi.org, Crossref's REST
 * API and NCBI E-utilities, from the recorded responses in
 * `tests/fixtures/http/`, plus routes that misbehave on purpose.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'http');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export interface RecordedRequest {
  path: string;
  accept: string | undefined;
  userAgent: string | undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse, hits: number) => void;

const json = (res: ServerResponse, status: number, body: string, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
};

function routes(base: () => string): Map<string, Handler> {
  return new Map<string, Handler>([
    ['/doi/10.1111/bcp.12094', (_q, res) => json(res, 200, fixture('doi/niesters-bcp.12094.csl.json'), 'application/vnd.citationstyles.csl+json')],
    ['/crossref/works/10.1007/s11916-024-01246-2', (_q, res) => json(res, 200, fixture('crossref/moreau-s11916-024-01246-2.works.json'))],
    // doi.org answers with a redirect to the registration agency's record.
    ['/doi/10.1007/s11916-024-01246-2', (_q, res) => {
      res.writeHead(302, { location: `${base()}/crossref/works/10.1007/s11916-024-01246-2` });
      res.end();
    }],
    ['/doi/10.9999/missing', (_q, res) => json(res, 404, 'Resource not found.', 'text/plain')],
    ['/doi/10.9999/broken', (_q, res) => json(res, 200, '{"type": "journal-article", "title": "Cut off', 'application/vnd.citationstyles.csl+json')],
    ['/doi/10.9999/html', (_q, res) => json(res, 200, '<!doctype html><title>Landing page</title>', 'text/html')],
    // Never answers: the request is held until the server closes, so a look-up of it ends only by its deadline.
    ['/doi/10.9999/slow', () => undefined],
    ['/doi/10.9999/limited', (_q, res) => {
      res.writeHead(429, { 'retry-after': '0', 'content-type': 'text/plain' });
      res.end('Too Many Requests');
    }],
    // Rate-limited twice, then served: a retry with back-off gets through.
    ['/doi/10.9999/busy', (_q, res, hits) => {
      if (hits <= 2) {
        res.writeHead(hits === 1 ? 429 : 503, { 'content-type': 'text/plain' });
        res.end('busy');
        return;
      }
      json(res, 200, fixture('doi/niesters-bcp.12094.csl.json'), 'application/vnd.citationstyles.csl+json');
    }],
    // Two addresses that redirect to each other for ever.
    ['/doi/10.9999/loop', (_q, res) => {
      res.writeHead(302, { location: `${base()}/loop/back` });
      res.end();
    }],
    ['/loop/back', (_q, res) => {
      res.writeHead(301, { location: `${base()}/doi/10.9999/loop` });
      res.end();
    }],
    ['/doi/10.9999/huge', (_q, res) => json(res, 200, `{"type":"journal-article","title":"${'x'.repeat(300_000)}"}`)],
    ['/doi/10.9999/offsite', (_q, res) => {
      res.writeHead(302, { location: 'http://example.com/record.json' });
      res.end();
    }],
    ['/eutils/esummary.fcgi', (req, res) => {
      const id = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('id');
      if (id === '31082965' || id === '37417610') json(res, 200, fixture(`pubmed/esummary-${id}.json`));
      else json(res, 200, fixture('pubmed/esummary-unknown.json').replaceAll('99999999', id ?? ''));
    }],
  ]);
}

export interface FixtureServer {
  url: string;
  requests: RecordedRequest[];
  /** Resolves when the server receives a request for `path` beyond the first `seen` ones. */
  requested(path: string, seen: number): Promise<void>;
  /** How many requests for `path` the server has received. */
  hits(path: string): number;
  close(): Promise<void>;
}

/** The routes that never answer. */
export const HELD_PATHS = ['/doi/10.9999/slow'];

/**
 * An `HttpOptions.deadline` that ends an attempt on a held route the moment
 * the server has received it, and bounds every other attempt by its real
 * timeout: a timeout test then takes the give-up path without racing the
 * clock of a busy machine, and proves the request was sent and left unanswered.
 */
export function deadlineOnCue(server: FixtureServer): (timeoutMs: number, url: string) => AbortSignal {
  return (timeoutMs, url) => {
    const path = decodeURIComponent(new URL(url).pathname);
    if (!HELD_PATHS.includes(path)) return AbortSignal.timeout(timeoutMs);
    const controller = new AbortController();
    void server.requested(path, server.hits(path)).then(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')));
    return controller.signal;
  };
}

export async function startFixtureServer(): Promise<FixtureServer> {
  let url = '';
  const table = routes(() => url);
  const hits = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const waiting: { path: string; seen: number; done: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push({ path, accept: req.headers.accept, userAgent: req.headers['user-agent'] });
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    for (const w of waiting.filter((w) => w.path === path && count > w.seen)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.done();
    }
    const handler = table.get(path);
    if (handler) handler(req, res, count);
    else json(res, 404, 'not found', 'text/plain');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    hits: (path) => hits.get(path) ?? 0,
    requested: (path, seen) =>
      (hits.get(path) ?? 0) > seen ? Promise.resolve() : new Promise<void>((done) => waiting.push({ path, seen, done })),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
