/**
 * The topics residents can subscribe to, in their language: every announcement (`all`), programs
 * they may be eligible for (`recommendations`), the knowledge base's domains, the city's areas
 * (eligibility/areas.yaml) and single documents (`program:<id>`, from "Tell me when this changes").
 */
import { t } from '../locales/i18n';
import type { Lang } from '../locales/lang';
import { ALL_TOPIC, RECOMMENDATIONS_TOPIC, type AlertTopic, type AlertTopicChoice } from './ports';

/** A knowledge document as the catalog needs it. */
export interface CatalogDocument {
  id: string;
  title: string;
  domain: string;
  region: string;
}

/** An area with the names residents use for it. */
export interface CatalogArea {
  id: string;
  names: Partial<Record<Lang, string[]>>;
}

/** Where the catalog reads documents and areas. */
export interface TopicCatalogSource {
  documents(): Promise<CatalogDocument[]>;
  areas(): CatalogArea[];
  /** Whether any program can be screened (else `recommendations` is not offered). */
  canRecommend(): boolean;
}

/** Topic labels and the list offered. */
export class TopicCatalog {
  constructor(private readonly source: TopicCatalogSource) {}

  /** The topics offered: all news, recommendations, each domain, each area. */
  async choices(lang: Lang): Promise<AlertTopicChoice[]> {
    const docs = await this.source.documents();
    const domains = [...new Set(docs.map((d) => d.domain))].sort();
    const topics: AlertTopic[] = [
      ALL_TOPIC,
      ...(this.source.canRecommend() ? [RECOMMENDATIONS_TOPIC] : []),
      ...domains.map((d) => `domain:${d}`),
      ...this.source.areas().map((a) => `area:${a.id}`),
    ];
    return Promise.all(topics.map(async (topic) => ({ topic, label: await this.label(topic, lang, docs) })));
  }

  /** A topic in the resident's language. */
  async label(topic: AlertTopic, lang: Lang, docs?: CatalogDocument[]): Promise<string> {
    if (topic === ALL_TOPIC) return t(lang, 'alerts.topics.all');
    if (topic === RECOMMENDATIONS_TOPIC) return t(lang, 'alerts.topics.recommendations');
    const [kind, id = ''] = splitTopic(topic);
    if (kind === 'domain') {
      const key = `alerts.domains.${id}`;
      const name = t(lang, key);
      return t(lang, 'alerts.topics.domain', { name: name === key ? id : name });
    }
    if (kind === 'area') {
      const area = this.source.areas().find((a) => a.id === id);
      return t(lang, 'alerts.topics.area', { name: area?.names[lang]?.[0] ?? area?.names.en?.[0] ?? id });
    }
    if (kind === 'program') {
      const doc = (docs ?? (await this.source.documents())).find((d) => d.id === id);
      return t(lang, 'alerts.topics.program', { title: doc?.title ?? id });
    }
    return topic;
  }

  /** The region of a program topic's document (its quiet hours), if any. */
  async regionOf(topic: AlertTopic): Promise<string | undefined> {
    const [kind, id] = splitTopic(topic);
    if (kind !== 'program') return undefined;
    return (await this.source.documents()).find((d) => d.id === id)?.region;
  }

  /** Whether a topic names something that exists (a known domain, area or document). */
  async isKnown(topic: AlertTopic): Promise<boolean> {
    if (topic === ALL_TOPIC) return true;
    if (topic === RECOMMENDATIONS_TOPIC) return this.source.canRecommend();
    const [kind, id] = splitTopic(topic);
    if (kind === 'area') return this.source.areas().some((a) => a.id === id);
    const docs = await this.source.documents();
    if (kind === 'domain') return docs.some((d) => d.domain === id);
    if (kind === 'program') return docs.some((d) => d.id === id);
    return false;
  }
}

/** `domain:welfare` → `['domain', 'welfare']`. */
export function splitTopic(topic: AlertTopic): [string, string | undefined] {
  const i = topic.indexOf(':');
  return i < 0 ? [topic, undefined] : [topic.slice(0, i), topic.slice(i + 1)];
}
