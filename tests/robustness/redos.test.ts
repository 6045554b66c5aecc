/**
 * Static checks over `src/**\/*.ts`, parsed with the TypeScript compiler:
 * no regular expression can be driven into catastrophic (exponential)
 * backtracking, no new super-linear one slips in unreviewed, and citation-js
 * is never asked to detect an input's type.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync, type Diagnostics } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

// recheck's native binary ships as an optional dependency; it is ~30× faster than the Scala.js build.
process.env.RECHECK_BACKEND ??= 'native';

interface FoundRegExp {
  file: string;
  line: number;
  /** undefined when the pattern is built at run time (a template with `${…}`, a variable). */
  source: string | undefined;
  flags: string;
  code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceFiles(join(REPO, 'src')).map((path) => ({
  file: relative(REPO, path).split('\\').join('/'),
  tree: ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true),
}));

function staticText(node: ts.Expression | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  // String.raw`…` without substitutions: the raw text is the pattern.
  if (node && ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'String.raw' && ts.isNoSubstitutionTemplateLiteral(node.template)) {
    return node.template.rawText;
  }
  return undefined;
}

function collectRegExps(): FoundRegExp[] {
  const found: FoundRegExp[] = [];
  for (const { file, tree } of files) {
    const visit = (node: ts.Node): void => {
      const line = tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText();
        const end = text.lastIndexOf('/');
        found.push({ file, line, source: text.slice(1, end), flags: text.slice(end + 1), code: text });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        found.push({ file, line, source: staticText(pattern), flags: staticText(flags) ?? '', code: node.getText().slice(0, 120) });
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
  return found;
}

function check(source: string, flags: string): Diagnostics {
  // Flags recheck does not model (`d`, `y`) do not change backtracking.
  const usable = flags.replace(/[dy]/g, '');
  // The budgets are generous so that a busy machine gets the same verdicts as an idle one: a decided pattern
  // returns in milliseconds, and only an undecided one uses its whole budget.
  const first = checkSync(source, usable, { timeout: 5000 });
  if (first.status !== 'unknown') return first;
  // Large alternations of words time out in the automaton checker; the fuzzer (seeded) settles them quickly.
  const fuzzed = checkSync(source, usable, { timeout: 10_000, checker: 'fuzz', randomSeed: 42 });
  if (fuzzed.status !== 'unknown') return fuzzed;
  return checkSync(source, usable, { timeout: 30_000 });
}

type Verdict = 'safe' | 'exponential' | `polynomial-${number}` | 'unknown';

function verdictOf(d: Diagnostics): Verdict {
  if (d.status === 'safe') return 'safe';
  if (d.status === 'unknown') return 'unknown';
  return d.complexity.type === 'exponential' ? 'exponential' : `polynomial-${d.complexity.degree}`;
}

/**
 * recheck's verdict per pattern, saved: checking all ~400 patterns takes over a minute (one native process per
 * pattern), so only patterns not in this file are checked on a normal run. A verdict depends on the pattern and
 * flags alone. `REDOS_RECHECK_ALL=1` ignores the file and rewrites it.
 */
const VERDICTS_FILE = join(REPO, 'tests/fixtures/robustness/redos-verdicts.json');
const KNOWN_FILE = join(REPO, 'tests/fixtures/robustness/redos-known-polynomial.json');
const recheckAll = process.env.REDOS_RECHECK_ALL === '1';
const patternKey = (r: { source: string; flags: string }) => `/${r.source}/${r.flags}`;
const saved: Record<string, Verdict> = recheckAll ? {} : (JSON.parse(readFileSync(VERDICTS_FILE, 'utf8')) as { verdicts: Record<string, Verdict> }).verdicts;

interface KnownPolynomial {
  file: string;
  pattern: string;
  degree: number | null;
  note?: string;
}

const known = JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) as { reason: string; regexps: KnownPolynomial[] };
const knownKey = (file: string, pattern: string) => `${file} ${pattern}`;

describe('regular expressions in src/', () => {
  const all = collectRegExps();
  const literal = all.filter((r): r is FoundRegExp & { source: string } => r.source !== undefined);
  const fresh = new Map<string, Verdict>();
  const results = literal.map((r) => {
    const key = patternKey(r);
    let verdict = saved[key] ?? fresh.get(key);
    if (verdict === undefined) {
      verdict = verdictOf(check(r.source, r.flags));
      fresh.set(key, verdict);
    }
    return { ...r, pattern: key, verdict };
  });
  if (recheckAll) {
    const verdicts = Object.fromEntries([...fresh].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeFileSync(VERDICTS_FILE, `${JSON.stringify({ note: 'recheck 4.5 verdicts by pattern; regenerate with REDOS_RECHECK_ALL=1', verdicts }, null, 1)}\n`);
  }

  it('the collector finds them (literals, `new RegExp`, `String.raw`)', () => {
    expect(literal.length).toBeGreaterThan(100);
    expect(literal.some((r) => r.file === 'src/bibliography/parse.ts' && r.source === '^TY {1,2}- ?')).toBe(true);
  });

  it('recheck itself flags a catastrophic pattern (the check can fail)', () => {
    expect(verdictOf(check('^(a|a)*$', ''))).toBe('exponential');
    expect(verdictOf(check('^[a-z]+$', ''))).toBe('safe');
  });

  it('none can backtrack exponentially', () => {
    expect(results.filter((r) => r.verdict === 'exponential').map((r) => `${r.file}:${r.line} ${r.code}`)).toEqual([]);
  });

  it(`no super-linear one beyond the reviewed list (${relative(REPO, KNOWN_FILE)})`, () => {
    const listed = new Set(known.regexps.map((r) => knownKey(r.file, r.pattern)));
    const polynomial = results.filter((r) => r.verdict.startsWith('polynomial'));
    expect(polynomial.filter((r) => !listed.has(knownKey(r.file, r.pattern))).map((r) => `${r.file}:${r.line} ${r.code} is ${r.verdict}`)).toEqual([]);
    // The list shrinks as patterns are fixed: a listed pattern that is gone or now linear is reported for removal.
    const still = new Set(results.filter((r) => r.verdict !== 'safe').map((r) => knownKey(r.file, r.pattern)));
    const stale = known.regexps.filter((r) => !still.has(knownKey(r.file, r.pattern)));
    if (stale.length > 0) console.warn(`redos: drop these from ${relative(REPO, KNOWN_FILE)}:\n${stale.map((r) => `  ${r.file} ${r.pattern}`).join('\n')}`);
  });

  it('recheck decides every literal pattern not reviewed by hand', () => {
    const listed = new Set(known.regexps.map((r) => knownKey(r.file, r.pattern)));
    const undecided = results.filter((r) => r.verdict === 'unknown' && !listed.has(knownKey(r.file, r.pattern)));
    expect(undecided.map((r) => `${r.file}:${r.line} ${r.code}`)).toEqual([]);
  });

  it('patterns built at run time stay few (each new one deserves a look: none takes user text as a pattern)', () => {
    // Today: escaped globs (bibliography/load.ts) and alternations of constant word lists (months, number words,
    // locator terms, reference markers) in citations/, evidence/, import/.
    const dynamic = all.filter((r) => r.source === undefined);
    expect(dynamic.some((r) => r.file === 'src/bibliography/load.ts')).toBe(true);
    expect(dynamic.length).toBeLessThan(120);
  });
});

describe('citation-js is never asked to detect an input type', () => {
  it('every `Cite`/`chain`/`Cite.async` call in src/ passes `forceType`', () => {
    const offenders: string[] = [];
    for (const { file, tree } of files) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const callee = node.expression.getText();
          if (/(^|\.)(Cite|chain|chainAsync|Cite\.async)$/.test(callee) && !/^(RegExp)$/.test(callee)) {
            const options = node.arguments?.[1];
            const forced = options !== undefined && ts.isObjectLiteralExpression(options) && options.properties.some((p) => p.name?.getText() === 'forceType');
            if (!forced) offenders.push(`${file}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText().slice(0, 80)}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(tree);
    }
    expect(offenders).toEqual([]);
  });
});
