/**
 * The demo page at `GET /`: a fictional city's home page that embeds the widget with one
 * script tag, with a ko/ja/en language switch. All text comes from `locales/<lang>/webchat.json`.
 */
import express, { type Router } from 'express';
import { isLang, LANGS, type Lang } from '../../locales/lang';
import { widgetStrings } from './webchat-assets';

const LANGUAGE_NAMES: Record<Lang, string> = { ko: '한국어', ja: '日本語', en: 'English' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Renders the page for one language. */
export function renderDemoPage(lang: Lang, webchatPath = '/webchat'): string {
  const s = widgetStrings(lang) as { demo: Record<string, string> };
  const d = s.demo;
  const nav = LANGS.map((l) =>
    l === lang
      ? `<li><a href="/?lang=${l}" lang="${l}" aria-current="page">${LANGUAGE_NAMES[l]}</a></li>`
      : `<li><a href="/?lang=${l}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a></li>`,
  ).join('');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.pageTitle ?? '')}</title>
<link rel="stylesheet" href="${webchatPath}/demo.css">
</head>
<body>
<header class="city-header">
  <p class="city-name">${esc(d.cityName ?? '')}</p>
  <nav aria-label="${esc(d.languageNav ?? '')}"><ul class="lang-switch">${nav}</ul></nav>
</header>
<main>
  <h1>${esc(d.cityName ?? '')}</h1>
  <p class="tagline">${esc(d.tagline ?? '')}</p>
  <p>${esc(d.intro ?? '')}</p>
  <section aria-labelledby="news-heading">
    <h2 id="news-heading">${esc(d.newsHeading ?? '')}</h2>
    <ul><li>${esc(d.news1 ?? '')}</li><li>${esc(d.news2 ?? '')}</li><li>${esc(d.news3 ?? '')}</li></ul>
  </section>
</main>
<footer><p>${esc(d.footer ?? '')}</p></footer>
<script src="${webchatPath}/widget.js" data-lang="${lang}" defer></script>
</body>
</html>`;
}

/** Router serving the demo page at `/` (`?lang=ko|ja|en`, default from the constructor). */
export function createDemoPageRouter(options: { defaultLang?: Lang; webchatPath?: string } = {}): Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    const q = typeof req.query.lang === 'string' ? req.query.lang : '';
    const lang = isLang(q) ? q : (options.defaultLang ?? 'en');
    res.type('html').set('cache-control', 'no-store').send(renderDemoPage(lang, options.webchatPath));
  });
  return router;
}
