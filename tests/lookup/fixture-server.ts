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
    ['/doi/10.9999/slow', (_q, res) => {
      const timer = setTimeout(() => json(res, 200, fixture('doi/niesters-bcp.12094.csl.json')), 2_000);
      res.on('close', () => clearTimeout(timer));
    }],
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
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  let url = '';
  const table = routes(() => url);
  const hits = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push({ path, accept: req.headers.accept, userAgent: req.headers['user-agent'] });
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    const handler = table.get(path);
    if (handler) handler(req, res, count);
    else json(res, 404, 'not found', 'text/plain');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
