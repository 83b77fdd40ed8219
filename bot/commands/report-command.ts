/**
 * `madoguchi report --from YYYY-MM-DD --to YYYY-MM-DD [--format html|csv|json] [--out file]`:
 * the service-demand report of a period (conversations and messages per day by channel and
 * language, top documents, knowledge gaps, hand-offs by team, crisis escalations, parity), from
 * the daily roll-ups — rolled up first, so today's turns count. Cells with fewer than five
 * residents are suppressed. The run is recorded in the audit log.
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

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar day');

/** The command's options, checked at the edge. */
export const ReportOptions = z
  .object({
    from: Day,
    to: Day,
    format: z.enum(['html', 'csv', 'json']).default('html'),
    out: z.string().min(1).optional(),
    /** Database override (tests). */
    databaseUrl: z.string().optional(),
    dataDir: z.string().optional(),
  })
  .refine((o) => o.from <= o.to, { message: '--from must not be after --to', path: ['from'] });

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
  const config = loadConfig();
  const db = await openCommandDatabase(o.databaseUrl ?? config.DATABASE_URL, o.dataDir ?? config.DATA_DIR);
  try {
    await new DemandRollup(db).rollup();
    const report = await new DemandReportBuilder(db).build({ from: o.from, to: o.to });
    await new AuditLog(db).append({ actorId: 'cli', actorRole: 'operator', action: 'insight.report', target: 'demand', detail: { from: o.from, to: o.to, format: o.format } });
    return { format: o.format, text: formatReport(report, o.format) };
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
    .option('--format <format>', 'html, csv or json', 'html')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { from: string; to: string; format: string; out?: string }) => {
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
