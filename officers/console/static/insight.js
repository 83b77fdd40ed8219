/* Madoguchi insight pages: plain script, no build step, no inline code (CSP script-src 'self').
   Figures from /api/officer/insight (supervisors and up); charts by Chart.js, served from the project. */
(function () {
  'use strict';
  var API = '/api/officer';
  var LANGS = ['ko', 'ja', 'en'];
  var PALETTE = ['#1f5fa8', '#b3541e', '#2e7d32', '#7b3fa0', '#a61b4a', '#00696f', '#6b5d00', '#4a4a4a'];
  var state = { strings: {}, lang: 'en', report: null, charts: [], query: {} };

  var kit = window.MadoguchiConsole.kit(state);
  var $ = kit.$, lookup = kit.lookup, t = kit.t, el = kit.el;
  function say(text) { $('status').textContent = text; }
  function num(v) { return new Intl.NumberFormat(state.lang).format(v); }
  function duration(s) {
    if (s < 120) return t('seconds', { n: s });
    if (s < 7200) return t('minutes', { n: Math.round(s / 60) });
    return t('hours', { n: Math.round(s / 360) / 10 });
  }
  function get(path) {
    return fetch(API + path, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) { return { status: res.status, ok: res.ok, body: body }; });
    }, function () { return { status: 0, ok: false, body: { error: 'network' } }; });
  }

  /* Columns: [field, label key, kind]. Kinds: label, n (count), s (seconds), pct (rate), and a few named ones. */
  var HANDOFF_COLS = [['handoffs', 'handoffs.handoffs', 'n'], ['firstReplyP50', 'handoffs.firstReplyP50', 's'], ['firstReplyP90', 'handoffs.firstReplyP90', 's'], ['resolveP50', 'handoffs.resolveP50', 's'], ['resolveP90', 'handoffs.resolveP90', 's'], ['unanswered', 'handoffs.unanswered', 'n']];
  var GAP_COLS = [['notSure', 'gaps.notSure', 'n'], ['lowConfidence', 'gaps.lowConfidence', 'n'], ['unhelpful', 'gaps.unhelpful', 'n'], ['total', 'gaps.total', 'n']];
  function tables(r) {
    return {
      daily: { caption: 'daily.heading', cols: [['day', 'daily.day', 'label'], ['channel', 'daily.channel', 'label'], ['lang', 'daily.lang', 'label'], ['conversations', 'daily.conversations', 'n'], ['messages', 'daily.messages', 'n']], rows: r.daily },
      documents: { caption: 'documents.heading', cols: [['title', 'documents.document', 'label'], ['domain', 'documents.domain', 'label'], ['answered', 'documents.answered', 'n'], ['helpful', 'documents.helpful', 'n'], ['unhelpful', 'documents.unhelpful', 'n'], ['unhelpfulReason', 'documents.unhelpfulReason', 'n'], ['unhelpfulSkipped', 'documents.unhelpfulSkipped', 'n']], rows: r.topDocuments },
      domains: { caption: 'domains.heading', cols: [['domain', 'domains.domain', 'label'], ['answered', 'domains.answered', 'n'], ['helpful', 'domains.helpful', 'n'], ['unhelpful', 'domains.unhelpful', 'n'], ['unhelpfulReason', 'domains.unhelpfulReason', 'n'], ['unhelpfulSkipped', 'domains.unhelpfulSkipped', 'n']], rows: r.topDomains },
      topics: { caption: 'topics.heading', cols: [['topic', 'topics.topic', 'topic'], ['residents', 'topics.residents', 'n'], ['questions', 'topics.questions', 'n'], ['unanswered', 'topics.unanswered', 'n'], ['notSure', 'topics.notSure', 'n'], ['lowConfidence', 'topics.lowConfidence', 'n'], ['unhelpful', 'topics.unhelpful', 'n'], ['langs', 'topics.langs', 'list'], ['closest', 'topics.closest', 'closest']], rows: r.topics.topics },
      gaps_by_document: { caption: 'gapsByDocument.heading', cols: [['title', 'gapsByDocument.document', 'gapdoc']].concat(GAP_COLS), rows: r.gapsByDocument },
      gaps_by_domain: { caption: 'gapsByDomain.heading', cols: [['key', 'gapsByDomain.domain', 'gapdomain']].concat(GAP_COLS), rows: r.gapsByDomain },
      handoffs: { caption: 'handoffs.heading', cols: [['team', 'handoffs.team', 'label']].concat(HANDOFF_COLS), rows: r.handoffs },
      handoffs_by_weekday: { caption: 'timing.weekdayChart', cols: [['weekday', 'timing.weekday', 'weekday']].concat(HANDOFF_COLS), rows: r.handoffTiming.byWeekday },
      handoffs_by_hour: { caption: 'timing.hourChart', cols: [['hour', 'timing.hour', 'label']].concat(HANDOFF_COLS), rows: r.handoffTiming.byHour },
      office_hours: { caption: 'timing.officeHours', cols: [['open', 'timing.officeHours', 'open']].concat(HANDOFF_COLS), rows: r.handoffTiming.officeHours },
      crisis: { caption: 'crisis.heading', cols: [['escalations', 'crisis.escalations', 'n'], ['claimP50', 'crisis.claimP50', 's'], ['claimP90', 'crisis.claimP90', 's'], ['firstReplyP50', 'crisis.firstReplyP50', 's'], ['firstReplyP90', 'crisis.firstReplyP90', 's']], rows: [r.crisis] },
      parity: { caption: 'parity.heading', cols: [['dimension', 'parity.dimension', 'dim'], ['group', 'parity.group', 'label'], ['answerRate', 'parity.answerRate', 'pct'], ['handoffRate', 'parity.handoffRate', 'pct'], ['helpfulRate', 'parity.helpfulRate', 'pct'], ['replyP50', 'parity.replyP50', 's'], ['flags', 'parity.flags', 'flags']], rows: r.parity }
    };
  }
  var SECTIONS = [
    { id: 'daily', heading: 'daily.heading', tables: ['daily'], charts: ['dailyChannel', 'dailyLang'] },
    { id: 'documents', heading: 'documents.heading', tables: ['documents'], charts: ['documents'] },
    { id: 'domains', heading: 'domains.heading', tables: ['domains'], charts: ['domains'] },
    { id: 'topics', heading: 'topics.heading', intro: 'topics.intro', tables: ['topics'], charts: ['topics'], examples: true },
    { id: 'gaps', heading: 'gapsByDocument.heading', tables: ['gaps_by_document', 'gaps_by_domain'] },
    { id: 'handoffs', heading: 'handoffs.heading', tables: ['handoffs'], charts: ['handoffs'] },
    { id: 'timing', heading: 'timing.heading', tables: ['office_hours', 'handoffs_by_weekday', 'handoffs_by_hour'], charts: ['weekday', 'hour'] },
    { id: 'crisis', heading: 'crisis.heading', tables: ['crisis'] },
    { id: 'parity', heading: 'parity.heading', intro: 'parity.intro', tables: ['parity'], charts: ['parity'] }
  ];
  var LABEL_KINDS = ['label', 'topic', 'gapdoc', 'gapdomain', 'weekday', 'open', 'dim'];

  function cellText(kind, row, field) {
    var v = row[field];
    switch (kind) {
      case 'topic': return row.suppressed ? t('topics.hidden') : (v || t('topics.noTopic'));
      case 'gapdoc': return row.key === '' ? t('gapsByDocument.none') : row.title;
      case 'gapdomain': return v === '' ? t('gapsByDomain.none') : v;
      case 'weekday': return (lookup('timing.weekdays') || [])[v] || String(v);
      case 'open': return t(v ? 'timing.open' : 'timing.closed');
      case 'dim': return t('parity.dimensions.' + v);
      case 'flags': return v.length ? v.map(function (f) { return t('parity.flagNames.' + f); }).join(', ') : '—';
      case 'list': return v.join(', ');
      case 'closest': return v.map(function (d) { return d.title; }).join(' · ');
    }
    if (v === null || v === undefined) return '–';
    if (kind === 'n') return num(v);
    if (kind === 's') return duration(v);
    if (kind === 'pct') return Math.round(v * 100) + ' %';
    return String(v);
  }

  function renderTable(name, spec, min) {
    var table = el('table');
    table.id = 'table-' + name;
    table.appendChild(el('caption', '', t(spec.caption, { tz: state.report.handoffTiming.timeZone })));
    var head = el('tr');
    spec.cols.forEach(function (c) { var th = el('th', '', t(c[1])); th.scope = 'col'; head.appendChild(th); });
    table.appendChild(el('thead')).appendChild(head);
    var body = table.appendChild(el('tbody'));
    if (spec.rows.length === 0) {
      var none = el('td', '', t('none'));
      none.colSpan = spec.cols.length;
      body.appendChild(el('tr')).appendChild(none);
    }
    spec.rows.forEach(function (row) {
      var tr = el('tr');
      if (row.suppressed) tr.className = 'suppressed';
      spec.cols.forEach(function (c, i) {
        var isLabel = LABEL_KINDS.indexOf(c[2]) >= 0;
        var cell = el(i === 0 && isLabel ? 'th' : 'td');
        if (i === 0 && isLabel) cell.scope = 'row';
        cell.setAttribute('data-col', c[0]);
        if (row.suppressed && !isLabel && c[2] !== 'flags') {
          var abbr = el('abbr', '', '<' + min);
          abbr.title = t('suppressed', { min: min });
          cell.appendChild(abbr);
          cell.className = 'suppressed-cell';
        } else {
          cell.textContent = cellText(c[2], row, c[0]);
          if (c[2] === 'flags' && row.flags.length) cell.className = 'flagged';
        }
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    var wrap = el('div', 'table-wrap');
    wrap.appendChild(table);
    var link = el('a', 'csv', t('csvNamed', { table: t(spec.caption, { tz: state.report.handoffTiming.timeZone }) }));
    link.href = API + '/insight/export?' + new URLSearchParams(Object.assign({ table: name }, state.query)).toString();
    link.setAttribute('download', '');
    link.id = 'csv-' + name;
    wrap.appendChild(link);
    return wrap;
  }

  function minutes(s) { return s === null ? null : Math.round(s / 6) / 10; }
  function chartSpec(id, r) {
    var days = Array.from(new Set(r.daily.map(function (d) { return d.day; }))).sort();
    function perDay(key) {
      return Array.from(new Set(r.daily.map(function (d) { return d[key]; }))).sort().map(function (g, i) {
        return { label: g, backgroundColor: PALETTE[i % 8], borderColor: PALETTE[i % 8], stack: key === 'channel' ? 'c' : undefined, data: days.map(function (day) {
          return r.daily.filter(function (d) { return d.day === day && d[key] === g && !d.suppressed; }).reduce(function (a, d) { return a + d.conversations; }, 0);
        }) };
      });
    }
    function shown(list) { return list.filter(function (x) { return !x.suppressed; }); }
    var horizontal = { indexAxis: 'y', plugins: { legend: { display: false } } };
    var docs = shown(r.topDocuments).slice(0, 10), domains = shown(r.topDomains), topics = shown(r.topics.topics), teams = shown(r.handoffs), parity = shown(r.parity);
    var weekdays = lookup('timing.weekdays') || [];
    var specs = {
      dailyChannel: { title: t('daily.byChannel'), type: 'bar', data: { labels: days, datasets: perDay('channel') }, options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } },
      dailyLang: { title: t('daily.byLang'), type: days.length > 1 ? 'line' : 'bar', data: { labels: days, datasets: perDay('lang') }, options: { scales: { y: { beginAtZero: true } } } },
      documents: { title: t('documents.chart'), type: 'bar', data: { labels: docs.map(function (d) { return d.title; }), datasets: [{ label: t('documents.answered'), data: docs.map(function (d) { return d.answered; }), backgroundColor: PALETTE[0] }] }, options: horizontal },
      domains: { title: t('domains.chart'), type: 'bar', data: { labels: domains.map(function (d) { return d.domain; }), datasets: [{ label: t('domains.answered'), data: domains.map(function (d) { return d.answered; }), backgroundColor: PALETTE[2] }] }, options: horizontal },
      topics: { title: t('topics.chart'), type: 'bar', data: { labels: topics.map(function (x) { return x.topic || t('topics.noTopic'); }), datasets: ['unanswered', 'notSure', 'lowConfidence', 'unhelpful'].map(function (k, i) {
        return { label: t('topics.' + k), data: topics.map(function (x) { return x[k]; }), backgroundColor: PALETTE[i + 1], stack: 'g' };
      }) }, options: { indexAxis: 'y', scales: { x: { stacked: true }, y: { stacked: true } } } },
      handoffs: { title: t('handoffs.chart'), type: 'bar', data: { labels: teams.map(function (h) { return h.team; }), datasets: [
        { label: t('handoffs.firstReplyP50') + ' (min)', data: teams.map(function (h) { return minutes(h.firstReplyP50); }), backgroundColor: PALETTE[0] },
        { label: t('handoffs.firstReplyP90') + ' (min)', data: teams.map(function (h) { return minutes(h.firstReplyP90); }), backgroundColor: PALETTE[1] }] } },
      weekday: { title: t('timing.weekdayChart'), type: 'bar', data: { labels: r.handoffTiming.byWeekday.map(function (w) { return weekdays[w.weekday] || String(w.weekday); }), datasets: [{ label: t('handoffs.handoffs'), data: r.handoffTiming.byWeekday.map(function (w) { return w.handoffs; }), backgroundColor: PALETTE[5] }] }, options: { plugins: { legend: { display: false } } } },
      hour: { title: t('timing.hourChart', { tz: r.handoffTiming.timeZone }), type: 'bar', data: { labels: r.handoffTiming.byHour.map(function (h) { return String(h.hour); }), datasets: [{ label: t('handoffs.handoffs'), data: r.handoffTiming.byHour.map(function (h) { return h.handoffs; }), backgroundColor: PALETTE[5] }] }, options: { plugins: { legend: { display: false } } } },
      parity: { title: t('parity.chart'), type: 'bar', data: { labels: parity.map(function (p) { return t('parity.dimensions.' + p.dimension) + ': ' + p.group; }), datasets: [
        { label: t('parity.answerRate') + ' (%)', data: parity.map(function (p) { return p.answerRate === null ? null : Math.round(p.answerRate * 100); }), backgroundColor: PALETTE[0] },
        { label: t('parity.helpfulRate') + ' (%)', data: parity.map(function (p) { return p.helpfulRate === null ? null : Math.round(p.helpfulRate * 100); }), backgroundColor: PALETTE[2] }] }, options: { scales: { y: { beginAtZero: true, max: 100 } } } }
    };
    return specs[id];
  }

  function renderChart(id, r) {
    var spec = chartSpec(id, r);
    var figure = el('figure', 'chart-figure');
    var box = figure.appendChild(el('div', 'chart'));
    var canvas = box.appendChild(el('canvas'));
    canvas.id = 'chart-' + id;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', spec.title);
    figure.appendChild(el('figcaption', '', spec.title));
    if (window.Chart) {
      var options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, spec.options || {});
      state.charts.push(new window.Chart(canvas, { type: spec.type, data: spec.data, options: options }));
    }
    return figure;
  }

  function renderExamples(r) {
    var box = el('div', 'examples');
    var withExamples = r.topics.topics.filter(function (x) { return !x.suppressed && x.examples.length; });
    if (!withExamples.length) return box;
    box.appendChild(el('h3', '', t('topics.examples')));
    withExamples.forEach(function (x) {
      var details = el('details');
      details.appendChild(el('summary', '', (x.topic || t('topics.noTopic')) + ' (' + num(x.questions) + ')'));
      var list = details.appendChild(el('ul'));
      x.examples.forEach(function (e) {
        var li = list.appendChild(el('li'));
        var q = li.appendChild(el('q', '', e.text));
        q.lang = e.lang;
        li.appendChild(el('span', 'muted', ' — ' + t('topics.' + e.kind)));
        if (e.reason) {
          var reason = li.appendChild(el('p', 'reason', t('topics.reason') + ': '));
          reason.appendChild(el('q', '', e.reason)).lang = e.lang;
        }
      });
      box.appendChild(details);
    });
    return box;
  }

  function render() {
    var r = state.report;
    if (!r) return;
    state.charts.forEach(function (c) { c.destroy(); });
    state.charts = [];
    $('f-from').value = r.period.from;
    $('f-to').value = r.period.to;
    fillSelect('f-channel', r.choices.channels, r.filters.channel);
    fillSelect('f-lang', r.choices.langs, r.filters.lang);
    fillSelect('f-domain', r.choices.domains, r.filters.domain);
    $('notes').textContent = t('generated', { at: new Date(r.generatedAt).toLocaleString(state.lang) }) + ' ' + t('suppressedNote', { min: r.minResidents, tz: r.handoffTiming.timeZone }) + ' ' + t('domainNote');
    var totals = $('totals');
    totals.textContent = '';
    [['conversations', 'totals.conversations'], ['messages', 'totals.messages']].forEach(function (p) {
      totals.appendChild(el('dt', '', t(p[1])));
      var dd = totals.appendChild(el('dd', '', r.totals.suppressed ? '<' + r.minResidents : num(r.totals[p[0]])));
      dd.id = 'total-' + p[0];
    });
    var all = tables(r);
    var container = $('sections');
    container.textContent = '';
    SECTIONS.forEach(function (s) {
      var section = el('section', 'panel');
      section.id = 'section-' + s.id;
      var h = section.appendChild(el('h2', '', t(s.heading)));
      h.id = 'heading-' + s.id;
      section.setAttribute('aria-labelledby', h.id);
      if (s.intro) section.appendChild(el('p', 'muted', t(s.intro, { gap: Math.round(r.parityGap * 100) })));
      if (s.id === 'topics' && r.topics.archived) {
        var archived = section.appendChild(el('p', 'muted', t('topics.archived', { from: r.topics.archived.from, to: r.topics.archived.to })));
        archived.id = 'topics-archived';
      }
      if (s.id === 'topics' && r.topics.sampled) section.appendChild(el('p', 'muted', t('topics.sampled', { n: r.topics.questionsRead })));
      var charts = section.appendChild(el('div', 'charts'));
      (s.charts || []).forEach(function (c) { charts.appendChild(renderChart(c, r)); });
      s.tables.forEach(function (name) { section.appendChild(renderTable(name, all[name], r.minResidents)); });
      if (s.examples) section.appendChild(renderExamples(r));
      container.appendChild(section);
    });
  }

  function fillSelect(id, values, selected) {
    var select = $(id);
    select.textContent = '';
    var all = select.appendChild(el('option', '', t('filters.all')));
    all.value = '';
    values.forEach(function (v) { var o = select.appendChild(el('option', '', v)); o.value = v; });
    select.value = selected || '';
  }

  function load() {
    say(t('loading'));
    return get('/insight?' + new URLSearchParams(state.query).toString()).then(function (res) {
      if (res.status === 401) return refuse(t('loginFirst'));
      if (res.status === 403) return refuse(t('refused'));
      if (!res.ok) { say(t('error', { error: res.body.error || res.status })); return; }
      state.report = res.body;
      state.query = { from: res.body.period.from, to: res.body.period.to };
      ['channel', 'lang', 'domain'].forEach(function (k) { if (res.body.filters[k]) state.query[k] = res.body.filters[k]; });
      $('insight').hidden = false;
      render();
      say(t('loaded', { from: res.body.period.from, to: res.body.period.to }));
    });
  }

  function refuse(text) {
    $('insight').hidden = true;
    $('refused').textContent = text;
    $('refused').hidden = false;
    say('');
  }

  function loadStrings(lang) {
    return fetch('../i18n/' + lang + '/insight').then(function (r) { return r.json(); }).then(function (strings) {
      state.strings = strings;
      state.lang = lang;
      document.documentElement.lang = lang;
      document.title = t('title');
      document.querySelectorAll('[data-i18n]').forEach(function (node) { node.textContent = t(node.getAttribute('data-i18n')); });
      $('lang-select').value = lang;
      render();
    });
  }

  function start() {
    var lang = kit.language(LANGS, loadStrings);
    var params = new URLSearchParams(window.location.search);
    ['from', 'to', 'channel', 'lang', 'domain'].forEach(function (k) { if (params.get(k)) state.query[k] = params.get(k); });
    $('filters').addEventListener('submit', function (e) {
      e.preventDefault();
      state.query = {};
      ['from', 'to', 'channel', 'lang', 'domain'].forEach(function (k) { var v = $('f-' + k).value; if (v) state.query[k] = v; });
      window.history.replaceState(null, '', '?' + new URLSearchParams(state.query).toString());
      load();
    });
    loadStrings(lang).then(load);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
