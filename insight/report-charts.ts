/**
 * The charts of the HTML report as Chart.js configurations (type, data, options), built from the
 * report's figures: suppressed cells are left out of every chart (their figures are null), so a
 * chart never shows what the tables hide. The console draws the same charts in the browser.
 */
import { t } from '../locales/i18n';
import type { Lang } from '../locales/lang';
import type { DemandReport } from './demand-report';

/** One chart: where it goes, its accessible title and its Chart.js configuration. */
export interface ChartSpec {
  id: string;
  /** The table it belongs to. */
  section: string;
  title: string;
  type: 'bar' | 'line';
  data: { labels: string[]; datasets: { label: string; data: (number | null)[]; backgroundColor?: string; borderColor?: string; type?: 'bar' | 'line'; yAxisID?: string; stack?: string }[] };
  options?: Record<string, unknown>;
}

/** Colours with at least 3:1 contrast on white, told apart without relying on hue alone (order). */
export const PALETTE = ['#1f5fa8', '#b3541e', '#2e7d32', '#7b3fa0', '#a61b4a', '#00696f', '#6b5d00', '#4a4a4a'];

const minutes = (s: number | null): number | null => (s === null ? null : Math.round((s / 60) * 10) / 10);

/** Every chart of the report, in the UI language. */
export function reportCharts(r: DemandReport, ui: Lang): ChartSpec[] {
  const days = [...new Set(r.daily.map((d) => d.day))].sort();
  const perDay = (key: 'channel' | 'lang') => {
    const groups = [...new Set(r.daily.map((d) => d[key]))].sort();
    return groups.map((g, i) => ({
      label: g,
      data: days.map((day) => r.daily.filter((d) => d.day === day && d[key] === g && !d.suppressed).reduce((a, d) => a + (d.conversations ?? 0), 0)),
      backgroundColor: PALETTE[i % PALETTE.length],
      borderColor: PALETTE[i % PALETTE.length],
      ...(key === 'channel' ? { stack: 'c' } : {}),
    }));
  };
  const docs = r.topDocuments.filter((d) => !d.suppressed).slice(0, 10);
  const domains = r.topDomains.filter((d) => !d.suppressed);
  const topics = r.topics.topics.filter((x) => !x.suppressed);
  const teams = r.handoffs.filter((h) => !h.suppressed);
  const parity = r.parity.filter((p) => !p.suppressed);
  const horizontal = { indexAxis: 'y', plugins: { legend: { display: false } } };
  const weekdays = t(ui, 'insight.timing.weekdays').split('\n');
  const charts: ChartSpec[] = [
    { id: 'chart-daily-channel', section: 'daily', title: t(ui, 'insight.daily.byChannel'), type: 'bar', data: { labels: days, datasets: perDay('channel') }, options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } },
    { id: 'chart-daily-lang', section: 'daily', title: t(ui, 'insight.daily.byLang'), type: days.length > 1 ? 'line' : 'bar', data: { labels: days, datasets: perDay('lang') }, options: { scales: { y: { beginAtZero: true } } } },
    { id: 'chart-documents', section: 'documents', title: t(ui, 'insight.documents.chart'), type: 'bar', data: { labels: docs.map((d) => d.title), datasets: [{ label: t(ui, 'insight.documents.answered'), data: docs.map((d) => d.answered), backgroundColor: PALETTE[0] }] }, options: horizontal },
    { id: 'chart-domains', section: 'domains', title: t(ui, 'insight.domains.chart'), type: 'bar', data: { labels: domains.map((d) => d.domain), datasets: [{ label: t(ui, 'insight.domains.answered'), data: domains.map((d) => d.answered), backgroundColor: PALETTE[2] }] }, options: horizontal },
    {
      id: 'chart-topics',
      section: 'topics',
      title: t(ui, 'insight.topics.chart'),
      type: 'bar',
      data: {
        labels: topics.map((x) => x.topic || t(ui, 'insight.topics.noTopic')),
        datasets: (['unanswered', 'notSure', 'lowConfidence', 'unhelpful'] as const).map((k, i) => ({ label: t(ui, `insight.topics.${k}`), data: topics.map((x) => x[k]), backgroundColor: PALETTE[i + 1], stack: 'g' })),
      },
      options: { indexAxis: 'y', scales: { x: { stacked: true }, y: { stacked: true } } },
    },
    {
      id: 'chart-handoffs',
      section: 'handoffs',
      title: t(ui, 'insight.handoffs.chart'),
      type: 'bar',
      data: {
        labels: teams.map((h) => h.team),
        datasets: [
          { label: `${t(ui, 'insight.handoffs.firstReplyP50')} (min)`, data: teams.map((h) => minutes(h.firstReplyP50)), backgroundColor: PALETTE[0] },
          { label: `${t(ui, 'insight.handoffs.firstReplyP90')} (min)`, data: teams.map((h) => minutes(h.firstReplyP90)), backgroundColor: PALETTE[1] },
        ],
      },
    },
    {
      id: 'chart-weekday',
      section: 'handoffs_by_weekday',
      title: t(ui, 'insight.timing.weekdayChart'),
      type: 'bar',
      data: { labels: r.handoffTiming.byWeekday.map((w) => weekdays[w.weekday] ?? String(w.weekday)), datasets: [{ label: t(ui, 'insight.handoffs.handoffs'), data: r.handoffTiming.byWeekday.map((w) => w.handoffs), backgroundColor: PALETTE[5] }] },
      options: { plugins: { legend: { display: false } } },
    },
    {
      id: 'chart-hour',
      section: 'handoffs_by_hour',
      title: t(ui, 'insight.timing.hourChart', { tz: r.handoffTiming.timeZone }),
      type: 'bar',
      data: { labels: r.handoffTiming.byHour.map((h) => String(h.hour)), datasets: [{ label: t(ui, 'insight.handoffs.handoffs'), data: r.handoffTiming.byHour.map((h) => h.handoffs), backgroundColor: PALETTE[5] }] },
      options: { plugins: { legend: { display: false } } },
    },
    {
      id: 'chart-parity',
      section: 'parity',
      title: t(ui, 'insight.parity.chart'),
      type: 'bar',
      data: {
        labels: parity.map((p) => `${t(ui, `insight.parity.dimensions.${p.dimension}`)}: ${p.group}`),
        datasets: [
          { label: `${t(ui, 'insight.parity.answerRate')} (%)`, data: parity.map((p) => (p.answerRate === null ? null : Math.round(p.answerRate * 100))), backgroundColor: PALETTE[0] },
          { label: `${t(ui, 'insight.parity.helpfulRate')} (%)`, data: parity.map((p) => (p.helpfulRate === null ? null : Math.round(p.helpfulRate * 100))), backgroundColor: PALETTE[2] },
        ],
      },
      options: { scales: { y: { beginAtZero: true, max: 100 } } },
    },
  ];
  return charts;
}
