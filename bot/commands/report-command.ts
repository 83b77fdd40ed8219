/**
 * `madoguchi report --from YYYY-MM-DD --to YYYY-MM-DD [--channel C] [--lang L] [--domain D]
 * [--format html|csv|json] [--out file]`: the service-demand report of a period — the figures of
 * the console's insight pages (conversations and messages per day by channel and language, top
 * documents and domains, knowledge gaps and their topics, hand-offs by team, weekday, hour and
 * office hours, crisis escalations, parity), from the daily roll-ups, rolled up first so today's
 * turns count. Small cells are suppressed; no example questions. The documents closest to each
 * knowledge-gap topic come from the knowledge base's retrieval, as on the console (the stored
 * index, loaded by the command). The run is audited.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../config';
import { openCommandDatabase } from './command-database';
import { AuditLog } from '../../safety/audit/audit-log';
import { DemandRollup } from '../../insight/demand-rollup';
import { DemandReportBuilder } from '../../insight/demand-report';
import { formatReport, type ReportFormat } from '../../insight/report-format';
import { ReportQuerySchema } from '../../insight/report-query';
import { closestDocuments, reportSettings } from '../wiring/insight-wiring';
import { openCommandRetriever } from './command-retriever';

/** The command's options, checked at the edge. */
export const ReportOptions = z.object({
  from: z.string(),
  to: z.string(),
  channel: z.string().optional(),
  lang: z.string().optional(),
  domain: z.string().optional(),
  format: z.enum(['html', 'csv', 'json']).default('html'),
  /** Language of the HTML report's headings and labels. */
  ui: z.enum(['ko', 'ja', 'en']).default('en'),
  out: z.string().min(1).optional(),
  /** Database override (tests). */
  databaseUrl: z.string().optional(),
  dataDir: z.string().optional(),
});

/** Options of the command as given (also used by tests). */
export type ReportCommandOptions = z.input<typeof ReportOptions>;

/** Builds the report and returns it in the chosen format. */
export async function runReport(options: ReportCommandOptions): Promise<{ format: ReportFormat; text: string }> {
  const parsed = ReportOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  const o = parsed.data;
  const q = ReportQuerySchema.safeParse({ from: o.from, to: o.to, channel: o.channel, lang: o.lang, domain: o.domain });
  if (!q.success) {
    const issue = q.error.issues[0];
    throw new Error(`--${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  const query = q.data;
  const config = loadConfig();
  const db = await openCommandDatabase(o.databaseUrl ?? config.DATABASE_URL, o.dataDir ?? config.DATA_DIR);
  try {
    await new DemandRollup(db).rollup();
    // No example questions: a report leaves the console (masked examples stay on supervisors' screens).
    const closest = closestDocuments(await openCommandRetriever(config, db));
    const report = await new DemandReportBuilder(db, reportSettings(config, { closest })).build(query, { examples: false });
    await new AuditLog(db).append({ actorId: 'cli', actorRole: 'operator', action: 'insight.report', target: 'demand', detail: { ...query, format: o.format } });
    return { format: o.format, text: formatReport(report, o.format, o.ui) };
  } finally {
    await db.close();
  }
}

/** Registers the `report` subcommand. */
export function register(program: Command): void {
  program
    .command('report')
    .description('service-demand report of a period (aggregates only; cells under 5 residents suppressed)')
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD (UTC)')
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD (UTC), inclusive')
    .option('--channel <id>', 'only this channel (webchat, line, kakao, telegram, msteams …)')
    .option('--lang <lang>', 'only this language (ko, ja, en)')
    .option('--domain <domain>', 'only documents, gaps and hand-offs of this domain')
    .option('--format <format>', 'html, csv or json', 'html')
    .option('--ui <lang>', 'language of the HTML report (ko, ja, en)', 'en')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { from: string; to: string; channel?: string; lang?: string; domain?: string; format: string; ui: string; out?: string }) => {
      try {
        const { text } = await runReport(opts as ReportCommandOptions);
        if (opts.out) fs.writeFileSync(opts.out, text);
        else process.stdout.write(text);
      } catch (err) {
        process.stderr.write(`madoguchi report: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
