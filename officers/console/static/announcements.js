/* Madoguchi announcements page: plain script, no build step, no inline code (CSP script-src 'self').
   Compose and edit before sending (publishers), list, status with delivery counts, approve (another
   publisher) and cancel, through /api/officer/announcements with the console's session cookie and
   CSRF token. The form's values: announcement-form.js. */
(function () {
  'use strict';
  var LANGS = ['ko', 'ja', 'en'];
  var STATUSES = ['pending', 'sending', 'waiting', 'sent', 'unknown', 'failed', 'skipped'];
  var ROUTES = ['line', 'telegram', 'kakao', 'webchat', 'botframework'];
  var EDITABLE = ['pending_approval', 'approved'];
  var state = { strings: {}, lang: 'en', me: null, csrf: '', publisher: false, fourEyes: true, list: [], selected: null, detail: null, timer: null, topics: [], editing: null };
  var form = window.MadoguchiAnnouncementForm;

  var kit = window.MadoguchiConsole.kit(state);
  var $ = kit.$, lookup = kit.lookup, t = kit.t, el = kit.el;
  function say(text) { $('status').textContent = text; }
  function when(iso) { return iso ? new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—'; }
  function num(v) { return new Intl.NumberFormat(state.lang).format(v || 0); }
  var call = kit.api;
  var refuse = kit.refuse;
  function statusText(s) { return t('states.' + s); }

  function topicLabel(topic) {
    var known = state.topics.filter(function (c) { return c.topic === topic; })[0];
    return known ? known.label : topic;
  }

  function topicBox(topic, label, on) {
    var box = el('label');
    var input = el('input');
    input.type = 'checkbox';
    input.name = 'c-topic';
    input.value = topic;
    input.checked = on;
    box.appendChild(input);
    box.appendChild(document.createTextNode(' ' + label));
    $('c-topics').appendChild(box);
  }
  /** Adds a box for a topic the list lacks (a program or area an announcement targets). */
  function ensureTopic(topic) {
    if (!document.querySelector('input[name="c-topic"][value="' + CSS.escape(topic) + '"]')) topicBox(topic, topic, false);
  }

  function renderTopics(topics) {
    // Relabelled in another language: what was ticked (and topics outside the list) stay.
    var ticked = Array.prototype.slice.call(document.querySelectorAll('input[name="c-topic"]:checked')).map(function (i) { return i.value; });
    state.topics = topics;
    $('c-topics').textContent = '';
    topics.forEach(function (topic) { topicBox(topic.topic, topic.label, ticked.indexOf(topic.topic) >= 0); });
    ticked.forEach(function (topic) { ensureTopic(topic); document.querySelector('input[name="c-topic"][value="' + CSS.escape(topic) + '"]').checked = true; });
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
    if (a.sendAt) fact(t('detail.sendAt'), when(a.sendAt));
    if (a.expiresAt) fact(t('detail.expiresAt'), when(a.expiresAt));
    fact(t('detail.created'), when(a.createdAt));
    if (a.editedAt) fact(t('edit.edited'), t('edit.editedFact', { when: when(a.editedAt), n: a.revision }));
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
    // Four-eyes: neither its author nor anyone who edited it approves it.
    var mine = state.me && (a.createdBy === state.me.id || (a.editors || []).indexOf(state.me.id) >= 0);
    $('approve').hidden = !(state.publisher && a.status === 'pending_approval' && !(state.fourEyes && mine));
    $('edit').hidden = !(state.publisher && EDITABLE.indexOf(a.status) >= 0);
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
      // The publisher role is granted by admins (the page and its API refuse others).
      $('publishers-link').hidden = !(state.me && state.me.role === 'admin');
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
    // An approval names the revision the approver read: an edit made meanwhile is not approved unseen.
    var body = action === 'approve' && state.detail ? { revision: state.detail.announcement.revision } : undefined;
    return call('POST', '/announcements/' + encodeURIComponent(id) + '/' + action, body).then(function (res) {
      if (!res.ok) { $('detail-error').textContent = t('error', { error: res.body.error || res.status }); return; }
      var later = res.body.announcement && res.body.announcement.sendAt && Date.parse(res.body.announcement.sendAt) > Date.now();
      say(t(action === 'approve' ? (later ? 'detail.approvedLater' : 'detail.approvedNow') : 'detail.cancelledNow', { when: later ? when(res.body.announcement.sendAt) : '' }));
      return loadList().then(function () { return select(id, false); });
    });
  }

  function total(recipients) { return Object.keys(recipients).reduce(function (s, k) { return s + recipients[k]; }, 0); }

  /** The compose panel as a new announcement, or as the edit of `state.editing`. */
  function renderEditMode() {
    var a = state.editing;
    $('compose-heading').textContent = a ? t('edit.heading', { title: a.title }) : t('compose.heading');
    $('compose-submit').textContent = a ? t('edit.submit') : t('compose.submit');
    $('edit-stop').hidden = !a;
    $('edit-note').hidden = !a;
    $('edit-note').className = a && a.status === 'approved' ? 'note warn' : 'note';
    if (a) $('edit-note').textContent = t(a.status === 'approved' ? 'edit.noteApproved' : 'edit.note', { n: a.revision });
  }
  function startEdit() {
    if (!state.detail) return;
    state.editing = state.detail.announcement;
    form.fill(state.editing, ensureTopic);
    $('compose-error').textContent = '';
    renderEditMode();
    $('compose-heading').focus();
  }
  function stopEdit() {
    state.editing = null;
    $('compose').reset();
    $('compose-error').textContent = '';
    renderEditMode();
  }

  function compose(e) {
    e.preventDefault();
    var body = form.read();
    if (!Object.keys(body.texts).length) { $('compose-error').textContent = t('compose.needText'); $('c-text-' + state.lang).focus(); return; }
    var editing = state.editing;
    if (editing) {
      body = form.changes(editing, body);
      if (!Object.keys(body).length) { $('compose-error').textContent = t('edit.nothing'); return; }
      body.revision = editing.revision;
    }
    var request = editing ? call('PATCH', '/announcements/' + encodeURIComponent(editing.id), body) : call('POST', '/announcements', body);
    request.then(function (res) {
      if (!res.ok) { $('compose-error').textContent = t('error', { error: res.body.error || res.status }); return; }
      var n = num(total(res.body.recipients));
      stopEdit();
      if (editing) say(t(res.body.approvalWithdrawn ? 'edit.savedWithdrawn' : 'edit.saved', { n: n, revision: res.body.announcement.revision }));
      else say(t('compose.saved', { n: n }));
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
      renderEditMode();
      renderList();
      renderDetail();
      return call('GET', '/announcements/topics?lang=' + lang).then(function (res) {
        if (res.ok) renderTopics(res.body.topics);
        renderDetail();
      });
    });
  }

  function start() {
    var lang = kit.language(LANGS, loadStrings);
    $('compose').addEventListener('submit', compose);
    $('approve').addEventListener('click', function () { act('approve'); });
    $('cancel').addEventListener('click', function () { act('cancel'); });
    $('edit').addEventListener('click', startEdit);
    $('edit-stop').addEventListener('click', function () { stopEdit(); if (state.selected) $('detail-heading').focus(); });
    kit.signIn(loadStrings, lang).then(function (signedIn) {
      if (!signedIn) { refuse(t('loginFirst')); return; }
      return loadList();
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
