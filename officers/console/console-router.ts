/**
 * Serves the officer console (plain HTML/CSS/JS, no build step, no inline script — CSP-friendly) and
 * its interface strings from `locales/<lang>/officer.json`. The host mounts it at `/officer`.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { isLang, type Lang } from '../../locales/lang';

function firstExisting(candidates: string[], probe: string): string {
  for (const dir of candidates) if (fs.existsSync(path.join(dir, probe))) return dir;
  throw new Error(`officer console files not found near ${__dirname}`);
}

/** Folder of index.html, console.js and console.css (from sources or from dist/). */
export function consoleStaticDir(): string {
  return firstExisting([path.join(__dirname, 'static'), path.resolve(__dirname, '..', '..', '..', 'officers', 'console', 'static')], 'index.html');
}

function localesDir(): string {
  return firstExisting([path.resolve(__dirname, '..', '..', 'locales'), path.resolve(__dirname, '..', '..', '..', 'locales')], path.join('en', 'officer.json'));
}

/** The Chart.js UMD build inside the installed `chart.js` package. */
export function chartLibraryPath(): string {
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

/** Builds the console router. */
export function createOfficerConsoleRouter(): Router {
  const router = express.Router();
  const dir = consoleStaticDir();
  const strings = new Map<string, string>();
  const load = (lang: Lang, ns: 'officer' | 'insight' | 'announcements' = 'officer'): string => {
    let s = strings.get(`${lang}/${ns}`);
    if (!s) {
      s = fs.readFileSync(path.join(localesDir(), lang, `${ns}.json`), 'utf8');
      strings.set(`${lang}/${ns}`, s);
    }
    return s;
  };

  router.get('/', (req, res) => {
    // Relative asset URLs need the trailing slash (/officer → /officer/).
    if (!req.originalUrl.split('?')[0].endsWith('/')) {
      res.redirect(301, `${req.originalUrl.split('?')[0]}/`);
      return;
    }
    res.setHeader('cache-control', 'no-store');
    res.sendFile(path.join(dir, 'index.html'));
  });

  router.get('/i18n/:lang', (req, res) => {
    const lang = req.params.lang;
    if (!isLang(lang)) {
      res.status(404).json({ error: 'unknown language' });
      return;
    }
    res.type('application/json').setHeader('cache-control', 'public, max-age=300');
    res.send(load(lang));
  });

  // The insight pages (supervisors; the API behind them checks the role) and their strings.
  router.get('/insight', (req, res) => {
    if (!req.originalUrl.split('?')[0].endsWith('/')) {
      res.redirect(301, `${req.originalUrl.split('?')[0]}/`);
      return;
    }
    res.setHeader('cache-control', 'no-store');
    res.sendFile(path.join(dir, 'insight.html'));
  });
  router.get('/i18n/:lang/insight', (req, res) => {
    const lang = req.params.lang;
    if (!isLang(lang)) {
      res.status(404).json({ error: 'unknown language' });
      return;
    }
    res.type('application/json').setHeader('cache-control', 'public, max-age=300');
    res.send(load(lang, 'insight'));
  });
  // The announcements page (publishers and supervisors; the API behind it checks the role) and its strings.
  router.get('/announcements', (req, res) => {
    if (!req.originalUrl.split('?')[0].endsWith('/')) {
      res.redirect(301, `${req.originalUrl.split('?')[0]}/`);
      return;
    }
    res.setHeader('cache-control', 'no-store');
    res.sendFile(path.join(dir, 'announcements.html'));
  });
  // The publishers page (admins; the API behind it checks the role), with the announcements' strings.
  router.get('/publishers', (req, res) => {
    if (!req.originalUrl.split('?')[0].endsWith('/')) {
      res.redirect(301, `${req.originalUrl.split('?')[0]}/`);
      return;
    }
    res.setHeader('cache-control', 'no-store');
    res.sendFile(path.join(dir, 'publishers.html'));
  });
  router.get('/i18n/:lang/announcements', (req, res) => {
    const lang = req.params.lang;
    if (!isLang(lang)) {
      res.status(404).json({ error: 'unknown language' });
      return;
    }
    res.type('application/json').setHeader('cache-control', 'public, max-age=300');
    res.send(load(lang, 'announcements'));
  });
  // Chart.js, from the installed package (served by the project, never from a CDN).
  router.get('/static/vendor/chart.umd.min.js', (_req, res) => {
    res.type('application/javascript').setHeader('cache-control', 'public, max-age=3600');
    res.sendFile(chartLibraryPath());
  });

  router.use('/static', express.static(dir, { index: false, maxAge: '5m' }));
  return router;
}
