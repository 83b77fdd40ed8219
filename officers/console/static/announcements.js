/* Madoguchi announcements page: plain script, no build step, no inline code (CSP script-src 'self').
   Compose (publishers), list, status with delivery counts, approve (another publisher) and cancel,
   through /api/officer/announcements with the console's session cookie and CSRF token. */
(function () {
  'use strict';
  var API = '/api/officer';
  var LANGS = ['ko', 'ja', 'en'];
  var STATUSES = ['pending', 'sending', 'waiting', 'sent', 'failed', 'skipped'];
  var ROUTES = ['line', 'telegram', 'kakao', 'webchat', 'botframework'];
  var state = { strings: {}, lang: 'en', me: null, csrf: '', publisher: false, fourEyes: true, list: [], selected: null, detail: null, timer: null, topics: [] };

  var kit = window.MadoguchiConsole.kit(state);
  var $ = kit.$, lookup = kit.lookup, t = kit.t, el = kit.el;
  function say(text) { $('status').textContent = text; }
  function when(iso) { return iso ? new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—'; }
  function num(v) { return new Intl.NumberFormat(state.lang).format(v || 0); }
  function call(method, path, body) {
    var headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = state.csrf;
    return fetch(API + path, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) { return { status: res.status, ok: res.ok, body: json }; });
    }, function () { return { status: 0, ok: false, body: { error: 'network' } }; });
  }
  function refuse(text) {
    $('page').hidden = true;
    $('refused').textContent = text;
    $('refused').hidden = false;
    say('');
  }
  function statusText(s) { return t('states.' + s); }

  function topicLabel(topic) {
    var known = state.topics.filter(function (c) { return c.topic === topic; })[0];
    return known ? known.label : topic;
  }

  function renderTopics(topics) {
    state.topics = topics;
    var box = $('c-topics');
    box.textContent = '';
    topics.forEach(function (topic) {
      var label = el('label');
      var input = el('input');
      input.type = 'checkbox';
      input.name = 'c-topic';
      input.value = topic.topic;
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + topic.label));
      box.appendChild(label);
    });
  }

  function renderList() {
    var body = $('list').querySelector('tbody');
    body.textContent = '';
    $('list-empty').hidden = state.list.length > 0;
    state.list.forEach(function (a) {
      var tr = el('tr');
      tr.appendChild(el('td', '', a.title));
      tr.appendChild(el('td', 'state ' + a.status, statusText(a.status)));
      tr.appendChild(el('td', '', t(a.origin === 'kb_import' ? (a.kind === 'recommendation' ? 'origins.recommendation' : 'origins.kb') : 'origins.officer')));
      tr.appendChild(el('td', '', when(a.createdAt)));
      var cell = el('td');
      var open = el('button', 'secondary', t('list.show'));
      open.type = 'button';
      open.setAttribute('aria-label', t('list.showNamed', { title: a.title }));
      open.addEventListener('click', function () { select(a.id, true); });
      cell.appendChild(open);
      tr.appendChild(cell);
      body.appendChild(tr);
    });
  }

  function countsTable(rowsByRoute, columns) {
    var table = $('detail-counts');
    var head = table.querySelector('thead');
    var body = table.querySelector('tbody');
    head.textContent = '';
    body.textContent = '';
    var hr = el('tr');
    hr.appendChild(el('th', '', t('detail.channel')));
    columns.forEach(function (c) { var th = el('th', '', c.label); th.scope = 'col'; hr.appendChild(th); });
    head.appendChild(hr);
    ROUTES.concat(['total']).forEach(function (route) {
      var row = rowsByRoute[route];
      if (!row) return;
      var tr = el('tr');
      var th = el('th', '', t('routes.' + route));
      th.scope = 'row';
      tr.appendChild(th);
      columns.forEach(function (c) { tr.appendChild(el('td', 'n', num(row[c.key]))); });
      body.appendChild(tr);
    });
  }

  function renderDetail() {
    var d = state.detail;
    $('detail').hidden = !d;
    if (!d) return;
    var a = d.announcement;
    $('detail-heading').textContent = a.title;
    var facts = $('detail-facts');
    facts.textContent = '';
    function fact(label, value) { facts.appendChild(el('dt', '', label)); facts.appendChild(el('dd', '', value)); }
    fact(t('detail.status'), statusText(a.status));
    LANGS.forEach(function (l) { if (a.texts[l]) fact(t('compose.text' + l.charAt(0).toUpperCase() + l.slice(1)), a.texts[l]); });
    fact(t('detail.topics'), a.topics.length ? a.topics.map(topicLabel).join(', ') : t('detail.everyone'));
    if (a.langs.length) fact(t('detail.langs'), a.langs.join(', '));
    if (a.linkUrl) fact(t('compose.link'), a.linkUrl);
    fact(t('detail.created'), when(a.createdAt));
    if (a.approvedAt) fact(t('detail.approved'), when(a.approvedAt));
    if (a.finishedAt) fact(t('detail.finished'), when(a.finishedAt));
    if (d.recipients) {
      // Before sending: the residents it would reach now, per channel.
      $('counts-heading').textContent = t('detail.recipients');
      var rows = {};
      var total = 0;
      Object.keys(d.recipients).forEach(function (r) { rows[r] = { n: d.recipients[r] }; total += d.recipients[r]; });
      rows.total = { n: total };
      countsTable(rows, [{ key: 'n', label: t('detail.residents') }]);
    } else {
      $('counts-heading').textContent = t('detail.deliveries');
      var byRoute = {};
      Object.keys(d.deliveries.byRoute).forEach(function (r) { byRoute[r] = d.deliveries.byRoute[r]; });
      byRoute.total = d.deliveries.byStatus;
      countsTable(byRoute, STATUSES.map(function (s) { return { key: s, label: t('deliveryStates.' + s) }; }));
    }
    var targets = $('detail-targets');
    targets.textContent = '';
    if (d.targets && d.targets.length) {
      targets.appendChild(el('h3', '', t('detail.targets', { n: d.targets.length })));
      var list = el('ul');
      d.targets.forEach(function (target) { list.appendChild(el('li', '', target.detail.reasons.join(' · '))); });
      targets.appendChild(list);
    }
    var mine = state.me && a.createdBy === state.me.id;
    $('approve').hidden = !(state.publisher && a.status === 'pending_approval' && !(state.fourEyes && mine));
    $('cancel').hidden = !(state.publisher && ['pending_approval', 'approved', 'sending'].indexOf(a.status) >= 0);
  }

  function loadList() {
    return call('GET', '/announcements?limit=50').then(function (res) {
      if (res.status === 401) { refuse(t('loginFirst')); return false; }
      if (res.status === 403) { refuse(t('refused')); return false; }
      if (!res.ok) { say(t('error', { error: res.body.error || res.status })); return false; }
      state.list = res.body.announcements;
      state.publisher = res.body.publisher;
      state.fourEyes = res.body.fourEyes;
      $('page').hidden = false;
      $('compose-panel').hidden = !state.publisher;
      $('four-eyes-note').hidden = !state.fourEyes;
      renderList();
      return true;
    });
  }

  function select(id, focus) {
    state.selected = id;
    return call('GET', '/announcements/' + encodeURIComponent(id)).then(function (res) {
      if (!res.ok) { $('detail-error').textContent = t('error', { error: res.body.error || res.status }); return; }
      state.detail = res.body;
      $('detail-error').textContent = '';
      renderDetail();
      if (focus) $('detail-heading').focus();
      // While it is being sent, the counts are refreshed.
      clearTimeout(state.timer);
      if (['approved', 'sending'].indexOf(res.body.announcement.status) >= 0) {
        state.timer = setTimeout(function () { if (state.selected === id) select(id, false); loadList(); }, 2000);
      }
    });
  }

  function act(action) {
    var id = state.selected;
    if (!id) return;
    return call('POST', '/announcements/' + encodeURIComponent(id) + '/' + action).then(function (res) {
      if (!res.ok) { $('detail-error').textContent = t('error', { error: res.body.error || res.status }); return; }
      say(t(action === 'approve' ? 'detail.approvedNow' : 'detail.cancelledNow'));
      return loadList().then(function () { return select(id, false); });
    });
  }

  function compose(e) {
    e.preventDefault();
    var texts = {};
    LANGS.forEach(function (l) { var v = $('c-text-' + l).value.trim(); if (v) texts[l] = v; });
    var checked = function (name) { return Array.prototype.slice.call(document.querySelectorAll('input[name="' + name + '"]:checked')).map(function (i) { return i.value; }); };
    var iso = function (id) { var v = $(id).value; return v ? new Date(v).toISOString() : null; };
    var body = { title: $('c-title').value.trim(), texts: texts, topics: checked('c-topic'), langs: checked('c-lang'), linkUrl: $('c-link').value.trim() || null, sendAt: iso('c-send-at'), expiresAt: iso('c-expires-at') };
    if (!Object.keys(texts).length) { $('compose-error').textContent = t('compose.needText'); $('c-text-' + state.lang).focus(); return; }
    call('POST', '/announcements', body).then(function (res) {
      if (!res.ok) { $('compose-error').textContent = t('error', { error: res.body.error || res.status }); return; }
      $('compose-error').textContent = '';
      $('compose').reset();
      var total = Object.keys(res.body.recipients).reduce(function (s, k) { return s + res.body.recipients[k]; }, 0);
      say(t('compose.saved', { n: num(total) }));
      loadList().then(function () { select(res.body.announcement.id, true); });
    });
  }

  function loadStrings(lang) {
    return fetch('../i18n/' + lang + '/announcements').then(function (r) { return r.json(); }).then(function (strings) {
      state.strings = strings;
      state.lang = lang;
      document.documentElement.lang = lang;
      document.title = t('title');
      document.querySelectorAll('[data-i18n]').forEach(function (node) { node.textContent = t(node.getAttribute('data-i18n')); });
      $('lang-select').value = lang;
      renderList();
      renderDetail();
      return call('GET', '/announcements/topics?lang=' + lang).then(function (res) {
        if (res.ok) renderTopics(res.body.topics);
        renderDetail();
      });
    });
  }

  function start() {
    var saved = null;
    try { saved = window.localStorage.getItem('mdg-officer-lang'); } catch (err) { saved = null; }
    var guess = (navigator.language || 'en').slice(0, 2);
    var lang = LANGS.indexOf(saved) >= 0 ? saved : LANGS.indexOf(guess) >= 0 ? guess : 'en';
    $('lang-select').addEventListener('change', function (e) {
      try { window.localStorage.setItem('mdg-officer-lang', e.target.value); } catch (err) { /* private mode */ }
      loadStrings(e.target.value);
    });
    $('compose').addEventListener('submit', compose);
    $('approve').addEventListener('click', function () { act('approve'); });
    $('cancel').addEventListener('click', function () { act('cancel'); });
    call('GET', '/me').then(function (res) {
      if (res.ok) { state.me = res.body.officer; state.csrf = res.body.csrfToken; }
      return loadStrings(lang);
    }).then(function () {
      if (!state.me) { refuse(t('loginFirst')); return; }
      return loadList();
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
