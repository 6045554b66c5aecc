/** `citemark dedupe [--fix] [--interactive] [--plan FILE | --apply FILE] [--dry-run]`: argument handling, prompts and output only. */
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { describeDifference } from '../bibliography/dedupe.js';
import type { BibEntry } from '../bibliography/types.js';
import type { CslItem } from '../bibliography/schema.js';
import { UsageError } from '../document/errors.js';
import type { DedupeFixResult, DedupeGroupReport, DedupeListing, EditorAnswer, GroupProposal } from '../manage/dedupe.js';
import { writeFileAtomic } from '../util/atomic.js';
import { EXIT_LINT_ERRORS, EXIT_OK, resolveUserPath, type CliIo, type Command } from './io.js';
import { displayText } from '../util/text.js';

function describeGroup(group: DedupeGroupReport, index: number): string {
  const lines = [`Group ${index + 1} (keeps \`${group.kept}\`):`];
  for (const m of group.members) {
    const how = m.reason ? (m.reason === 'title' ? ' same title, first author, year, journal and pages' : ` same ${m.reason}`) : '';
    const diff = m.differences.length > 0 ? `; differs on ${m.differences.map((d) => `\`${describeDifference(d)}\``).join(', ')}` : '';
    lines.push(`  ${m.id === group.kept ? '*' : '-'} ${m.id}  ${m.file}:${m.line}${how}${diff}`);
  }
  return lines.join('\n');
}

function describeListing(listing: DedupeListing): string {
  const out: string[] = [];
  if (listing.groups.length > 0) out.push(listing.groups.map(describeGroup).join('\n'));
  if (listing.brokenCopies.length > 0) {
    out.push(
      [
        'Copies that fail validation (see `invalid-reference`); never merged:',
        ...listing.brokenCopies.map((b) => {
          const of = b.copyOf.length > 0 ? `copy of ${b.copyOf.map((c) => `\`${c.id}\` (${c.file}:${c.line})`).join(', ')}` : 'another copy that fails too';
          return `  ! ${b.id ?? '(no key)'}  ${b.file}:${b.line} same ${b.reason}, ${of}; fix it and run \`citemark dedupe --fix\`, or delete it`;
        }),
      ].join('\n'),
    );
  }
  if (listing.possible.length > 0) {
    out.push(
      [
        'Possibly the same work (never merged by `--fix`; `--fix --interactive` asks about each, and a plan can merge one):',
        ...listing.possible.map((p) => `  ? ${p.ids[0]} (${p.files[0]}:${p.lines[0]}) and ${p.ids[1]} (${p.files[1]}:${p.lines[1]}): same ${p.linkedBy === 'title' ? 'title and first author' : p.linkedBy}, but ${p.detail}`),
      ].join('\n'),
    );
  }
  return out.join('\n\n');
}

/** Lines from the input, one at a time; undefined once it has ended. */
function lineReader(io: CliIo): () => Promise<string | undefined> {
  const source: AsyncIterable<string | Uint8Array> = (io as CliIo & { stdin?: AsyncIterable<string | Uint8Array> }).stdin ?? process.stdin;
  const iterator = source[Symbol.asyncIterator]();
  const decoder = new TextDecoder();
  let buffered = '';
  let ended = false;
  return async () => {
    for (;;) {
      const nl = buffered.indexOf('\n');
      if (nl !== -1) {
        const line = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        return line;
      }
      if (ended) {
        if (buffered === '') return undefined;
        const last = buffered;
        buffered = '';
        return last;
      }
      const next = await iterator.next();
      if (next.done) ended = true;
      else buffered += typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true });
    }
  };
}

const SHOWN_FIELDS = ['type', 'title', 'author', 'issued', 'container-title', 'volume', 'issue', 'page', 'DOI', 'PMID', 'ISSN', 'publisher', 'URL'] as const;

function shown(item: CslItem, field: (typeof SHOWN_FIELDS)[number]): string {
  const value = item[field];
  if (value === undefined) return '';
  if (field === 'author') return (item.author ?? []).map((n) => n.literal ?? [n.family, n.given].filter(Boolean).join(', ')).join('; ');
  if (field === 'issued') return (item.issued?.['date-parts']?.[0] ?? []).map((p, i) => (i === 0 ? String(p) : String(p).padStart(2, '0'))).join('-') || (item.issued?.literal ?? '');
  return displayText(value);
}

function cell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

/** The group's records side by side, one column each; `≠` marks the fields they disagree on. */
function sideBySide(members: readonly BibEntry[]): string {
  const width = Math.max(16, Math.min(40, Math.floor(100 / members.length)));
  const label = 16;
  const rows: string[] = [];
  rows.push(`${''.padEnd(label + 2)}${members.map((_, i) => cell(`[${i + 1}]`, width)).join(' │ ')}`);
  rows.push(`${cell('key', label)}  ${members.map((m) => cell(m.item.id, width)).join(' │ ')}`);
  rows.push(`${cell('file', label)}  ${members.map((m) => cell(`${m.source.file}:${m.source.line}`, width)).join(' │ ')}`);
  for (const field of SHOWN_FIELDS) {
    const values = members.map((m) => shown(m.item, field));
    if (values.every((v) => v === '')) continue;
    const differ = new Set(values).size > 1;
    rows.push(`${cell(field, label)}${differ ? '≠ ' : '  '}${values.map((v) => cell(v, width)).join(' │ ')}`);
  }
  return rows.join('\n');
}

class InputEnded extends Error {}

/** Asks per group: which record survives, then which value of each conflicting field to keep, or skip. */
function interactiveDecider(io: CliIo, fieldChoices: typeof import('../manage/dedupe.js').fieldChoices): (proposal: GroupProposal) => Promise<EditorAnswer> {
  const next = lineReader(io);
  const ask = async (question: string, valid: (answer: string) => boolean): Promise<string> => {
    for (;;) {
      io.stdout.write(question);
      const line = await next();
      if (line === undefined) throw new InputEnded();
      const answer = line.trim().toLowerCase();
      io.stdout.write('\n');
      if (valid(answer)) return answer;
      io.stdout.write('  Please answer with one of the choices shown.\n');
    }
  };
  return async (proposal) => {
    const { members, decision } = proposal;
    const how = proposal.report.members.find((m) => m.reason)?.reason ?? 'title';
    if (proposal.possible) {
      const shared = how === 'title' ? 'title and first author' : how;
      io.stdout.write(`\nGroup ${proposal.index + 1} of ${proposal.total}, possibly one work (same ${shared}, but ${proposal.possible.detail}):\n${sideBySide(members)}\n`);
      const same = await ask('Are they one work, to be merged? [y/N], q = stop asking (Enter: no) ', (a) => ['', 'y', 'yes', 'n', 'no', 'q'].includes(a));
      if (same === 'q') return 'quit';
      if (same !== 'y' && same !== 'yes') return 'skip';
    } else {
      io.stdout.write(`\nGroup ${proposal.index + 1} of ${proposal.total} (same ${how === 'title' ? 'title, first author, year, journal and pages' : how}):\n${sideBySide(members)}\n`);
    }
    const numbers = members.map((_, i) => String(i + 1));
    const automatic = members.findIndex((m) => m.item.id === decision.keep) + 1;
    const pick = await ask(`Keep which record? [${numbers.join('/')}], s = skip this group, q = skip it and every later one (Enter: ${automatic}) `, (a) => a === '' || a === 's' || a === 'q' || numbers.includes(a));
    if (pick === 's') return 'skip';
    if (pick === 'q') return 'quit';
    const kept = members[(pick === '' ? automatic : Number(pick)) - 1]!;
    const fields: Record<string, string> = {};
    for (const choice of fieldChoices(members, kept.item.id)) {
      const options = choice.options.map((o, i) => `[${i + 1}] ${o.value} (${o.id})`).join('  ');
      const allowed = choice.options.map((_, i) => String(i + 1));
      const answer = await ask(`\`${choice.field}\` differs: ${options} (Enter: 1) `, (a) => a === '' || allowed.includes(a));
      fields[choice.field] = choice.options[answer === '' ? 0 : Number(answer) - 1]!.id;
    }
    return { keep: kept.item.id, remove: members.filter((m) => m !== kept).map((m) => m.item.id), fields };
  };
}

function report(result: DedupeFixResult, io: CliIo, dryRun: boolean): number {
  const verb = dryRun ? 'Would merge' : 'Merged';
  for (const m of result.merged) {
    const notes = m.conflicts.length > 0 ? `; kept ${m.conflicts.map((c) => `\`${c.field}: ${c.kept.value}\``).join(', ')}, the other values are in \`note\`` : '';
    const edited = m.editedFiles.filter((f) => f !== m.file);
    const cut = edited.length > 0 ? `; cut from ${edited.join(', ')}` : '';
    io.stdout.write(`${verb} ${m.removed.map((r) => `\`${r}\``).join(', ')} into \`${m.kept}\` (${m.file})${notes}${cut}\n`);
  }
  for (const a of result.articles) io.stdout.write(`${dryRun ? 'Would rewrite' : 'Rewrote'} ${a.rewrites} citation${a.rewrites === 1 ? '' : 's'} in ${a.file}\n`);
  for (const s of result.skipped) {
    if (s.reason !== 'declined') io.stderr.write(`citemark dedupe: not merged ${s.ids.map((i) => `\`${i}\``).join(', ')}: ${s.reason}\n`);
  }
  for (const b of result.brokenCopies) {
    io.stderr.write(`citemark dedupe: not merged ${b.id ? `\`${b.id}\` ` : ''}(${b.file}:${b.line}): it fails validation (see \`invalid-reference\`); fix it and run again, or delete it\n`);
  }
  if (result.merged.length === 0 && result.skipped.length === 0 && result.brokenCopies.length === 0) io.stdout.write('No duplicate references.\n');
  return result.skipped.some((s) => s.reason !== 'declined') || result.brokenCopies.length > 0 ? EXIT_LINT_ERRORS : EXIT_OK;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export const dedupeCommand: Command = {
  summary: 'List duplicate references; --fix merges them and rewrites citations',
  usage: 'citemark dedupe [--fix] [--interactive] [--plan FILE | --apply FILE] [--dry-run]',
  options: {
    fix: { type: 'boolean', description: 'merge each group into one record and rewrite the citations' },
    interactive: { type: 'boolean', description: 'with --fix or --plan, choose the surviving record and each conflicting value' },
    plan: { type: 'string', value: 'FILE', description: 'write the proposed merges to FILE for review (`-` for standard output)' },
    apply: { type: 'string', value: 'FILE', description: 'carry out exactly the merges of a plan FILE' },
    'dry-run': { type: 'boolean', description: 'with --fix or --apply, print what would change; write nothing' },
  },
  examples: ['npx citemark dedupe', 'npx citemark dedupe --fix --dry-run', 'npx citemark dedupe --fix --interactive'],
  async run({ values, positionals, root, io }) {
    if (positionals.length > 0) throw new UsageError(`\`dedupe\` takes no paths (got \`${positionals[0]}\`); use \`--cwd DIR\` to pick the project.`);
    const { applyPlan, fieldChoices, fixDuplicates, listDuplicates, parsePlan, planFromListing, PlanError, proposals } = await import('../manage/dedupe.js');
    const plan = typeof values.plan === 'string' ? values.plan : undefined;
    const apply = typeof values.apply === 'string' ? values.apply : undefined;
    const interactive = values.interactive === true;
    const dryRun = values['dry-run'] === true;
    if (plan !== undefined && apply !== undefined) throw new UsageError('`--plan` writes a plan and `--apply` carries one out; give one of them.');
    if ((plan !== undefined || apply !== undefined) && values.fix === true) throw new UsageError('`--fix` merges at once; with `--plan FILE` the merges are written to a plan, with `--apply FILE` a plan is carried out. Give one of them.');
    if (interactive && values.fix !== true && plan === undefined) throw new UsageError('`--interactive` goes with `--fix` (merge as you decide) or `--plan FILE` (record your decisions): `citemark dedupe --fix --interactive`.');
    if (interactive && apply !== undefined) throw new UsageError('`--apply` carries out a plan as written; review the plan file instead of `--interactive`.');

    if (apply !== undefined) {
      const path = resolveUserPath(root, io.cwd, apply);
      if (!existsSync(path)) throw new UsageError(`No plan at \`${apply}\`; write one with \`citemark dedupe --plan ${apply}\`.`);
      const { readFile } = await import('node:fs/promises');
      try {
        const parsed = parsePlan(await readFile(path, 'utf8'), apply);
        return report(await applyPlan(root, parsed, { dryRun }), io, dryRun);
      } catch (error) {
        if (error instanceof PlanError) throw new UsageError(error.message);
        throw error;
      }
    }

    const decide = interactive ? interactiveDecider(io, fieldChoices) : undefined;
    const ended = (): never => {
      throw new UsageError('The input ended before every group was answered; nothing was written. Answer each group, or use `--plan FILE` to review the merges in a file.');
    };

    if (plan !== undefined) {
      const rel = plan === '-' ? '' : toPosix(relative(root, resolveUserPath(root, io.cwd, plan)));
      if (/^(references|articles)(\/|$)/.test(rel)) throw new UsageError(`\`${plan}\` is inside \`${rel.split('/')[0]}/\`, where citemark would read it as part of the project; write the plan elsewhere.`);
      const listing = await listDuplicates(root);
      let decisions;
      if (decide) {
        decisions = [];
        const used = new Set<string>();
        for (const proposal of proposals(listing, { possible: true })) {
          if (proposal.possible && proposal.members.some((m) => used.has(m.item.id))) continue;
          let answer: EditorAnswer;
          try {
            answer = await decide(proposal);
          } catch (error) {
            if (error instanceof InputEnded) ended();
            throw error;
          }
          if (answer === 'quit') break;
          if (answer === 'skip') continue;
          decisions.push(answer);
          for (const m of proposal.members) used.add(m.item.id);
        }
      }
      const content = planFromListing(listing, decisions);
      const target = plan === '-' ? undefined : resolveUserPath(root, io.cwd, plan);
      const text = `${JSON.stringify(content, null, 2)}\n`;
      if (!target) io.stdout.write(text);
      else {
        await writeFileAtomic(target, text);
        io.stdout.write(`Wrote ${content.merges.length} merge${content.merges.length === 1 ? '' : 's'} to ${plan} (${listing.possible.length} possible pair${listing.possible.length === 1 ? '' : 's'} listed for review, not applied); run \`citemark dedupe --apply ${plan}\` to carry it out.\n`);
      }
      return EXIT_OK;
    }

    if (values.fix !== true) {
      const listing = await listDuplicates(root);
      const text = describeListing(listing);
      if (text === '') {
        io.stdout.write('No duplicate references.\n');
        return EXIT_OK;
      }
      const n = listing.groups.length;
      const tail = n > 0 ? `${n} duplicate group${n === 1 ? '' : 's'}; run \`citemark dedupe --fix\` to merge them.` : 'No group to merge.';
      io.stdout.write(`${text}\n\n${tail}\n`);
      return n > 0 || listing.brokenCopies.length > 0 ? EXIT_LINT_ERRORS : EXIT_OK;
    }

    let result: DedupeFixResult;
    try {
      result = await fixDuplicates(root, { ...(decide ? { decide, reviewPossible: true, by: 'the editor with `citemark dedupe --interactive`' } : {}), dryRun });
    } catch (error) {
      if (error instanceof InputEnded) ended();
      throw error;
    }
    return report(result, io, dryRun);
  },
};
