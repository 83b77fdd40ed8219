/* Madoguchi officer console: plain script, no build step, no inline code (CSP script-src 'self'). */
(function () {
  'use strict';
  var API = '/api/officer';
  var LANGS = ['ko', 'ja', 'en'];
  var state = { strings: {}, lang: 'en', csrf: '', me: null, status: 'queued', items: [], fetchedAt: 0, selected: null, detail: null, officers: [], shownMessages: {}, events: null, refreshTimer: null };

  var kit = window.MadoguchiConsole.kit(state);
  var $ = kit.$, lookup = kit.lookup, t = kit.t, el = kit.el;
  function say(text) { $('status').textContent = text; }
  function announce(text) {
    var a = $('announcer');
    a.textContent = '';
    window.setTimeout(function () { a.textContent = text; }, 50);
  }

  function api(method, path, body) {
    var headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
    return fetch(API + path, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        return res.text().then(function (text) {
          var data = {};
          try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
          return { status: res.status, ok: res.ok, body: data, retryAfter: Number(res.headers.get('retry-after')) || 0 };
        });
      })
      .catch(function () { return { status: 0, ok: false, body: { error: t('errors.network') } }; });
  }
  function failed(res) {
    if (res.status === 401) { showLogin(); return true; }
    if (!res.ok) { say(t('errors.generic', { error: res.body.error || res.status })); return true; }
    return false;
  }

  function loadStrings(lang) {
    return fetch('i18n/' + lang).then(function (r) { return r.json(); }).then(function (strings) {
      state.strings = strings;
      state.lang = lang;
      document.documentElement.lang = lang;
      document.title = t('title');
      document.querySelectorAll('[data-i18n]').forEach(function (node) { node.textContent = t(node.getAttribute('data-i18n')); });
      $('lang-select').value = lang;
      if (state.me) renderWho();
      renderQueue();
      if (state.detail) renderDetail(true);
      document.dispatchEvent(new CustomEvent('mdg:strings'));
    });
  }

  function showLogin() {
    state.me = null;
    if (state.events) { state.events.close(); state.events = null; }
    $('app-view').hidden = true;
    $('logout').hidden = true;
    $('whoami').hidden = true;
    $('insight-link').hidden = true;
    $('announcements-link').hidden = true;
    $('login-view').hidden = false;
    $('login-email').focus();
  }
  function renderWho() {
    $('whoami').textContent = t('loggedInAs', { name: state.me.name, role: t('roles.' + state.me.role) });
    // The insight pages are for supervisors and up (the API refuses officers too).
    $('insight-link').hidden = state.me.role === 'officer';
    // Publishers may hold the role as officers: the page itself says when the API refuses.
    $('announcements-link').hidden = false;
  }
  function showApp(me, csrf) {
    state.me = me;
    state.csrf = csrf;
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('logout').hidden = false;
    $('whoami').hidden = false;
    renderWho();
    api('GET', '/officers').then(function (res) {
      if (failed(res)) return;
      state.officers = res.body.officers;
      var select = $('transfer-to');
      select.textContent = '';
      state.officers.forEach(function (o) {
        if (o.id === state.me.id) return;
        var opt = el('option', '', o.name + ' (' + t('roles.' + o.role) + ')');
        opt.value = o.id;
        select.appendChild(opt);
      });
    });
    loadQueue();
    connectEvents();
    document.dispatchEvent(new CustomEvent('mdg:login'));
  }

  function connectEvents() {
    if (state.events) state.events.close();
    var source = new EventSource(API + '/events');
    state.events = source;
    source.addEventListener('handoff.created', function (e) {
      var data = JSON.parse(e.data);
      announce(t('live.newHandoff') + (data.priority === 'urgent' ? ' ' + t('queue.urgent') : ''));
      scheduleRefresh(data.handoffId, false);
    });
    source.addEventListener('handoff.updated', function (e) { scheduleRefresh(JSON.parse(e.data).handoffId, false); });
    source.addEventListener('handoff.message', function (e) {
      var data = JSON.parse(e.data);
      scheduleRefresh(data.handoffId, data.author === 'resident');
    });
    source.addEventListener('ready', function () { if ($('status').textContent === t('live.connectionLost')) say(''); });
    source.onerror = function () { if (state.me) say(t('live.connectionLost')); };
  }
  var pendingDetail = false;
  var pendingAnnounce = false;
  function scheduleRefresh(handoffId, fromResident) {
    if (state.selected && handoffId === state.selected) {
      pendingDetail = true;
      if (fromResident) pendingAnnounce = true;
    }
    if (state.refreshTimer) return;
    state.refreshTimer = window.setTimeout(function () {
      state.refreshTimer = null;
      loadQueue();
      if (pendingDetail) loadDetail(state.selected, false);
      if (pendingAnnounce) announce(t('live.newMessage'));
      pendingDetail = pendingAnnounce = false;
    }, 150);
  }

  function loadQueue() {
    return api('GET', '/handoffs?status=' + encodeURIComponent(state.status)).then(function (res) {
      if (failed(res)) return;
      state.items = res.body.handoffs;
      state.fetchedAt = Date.now();
      renderQueue();
    });
  }
  function waitingMinutes(item) {
    var extra = item.status === 'resolved' || item.status === 'cancelled' ? 0 : (Date.now() - state.fetchedAt) / 1000;
    return Math.floor((item.waitingSeconds + extra) / 60);
  }
  function renderQueue() {
    var list = $('queue-list');
    if (!list || !state.me) return;
    var focusedId = document.activeElement && document.activeElement.getAttribute('data-id');
    list.textContent = '';
    $('queue-empty').hidden = state.items.length > 0;
    state.items.forEach(function (item) {
      var li = el('li');
      var b = el('button', 'queue-item');
      b.type = 'button';
      b.setAttribute('data-id', item.id);
      b.setAttribute('aria-current', item.id === state.selected ? 'true' : 'false');
      var meta = el('span', 'meta');
      meta.appendChild(el('span', 'badge' + (item.priority === 'urgent' ? ' urgent' : ''), t('queue.' + item.priority)));
      if (item.position) meta.appendChild(el('span', '', t('queue.position', { position: item.position })));
      meta.appendChild(el('span', 'waiting', t('queue.waiting', { minutes: waitingMinutes(item) })));
      meta.appendChild(el('span', '', item.lang.toUpperCase() + ' · ' + item.channelId));
      if (item.assignedOfficerName) meta.appendChild(el('span', '', t('queue.assignedTo', { name: item.assignedOfficerName })));
      b.appendChild(meta);
      b.appendChild(el('span', 'summary', item.summary || t('reasons.' + item.reason)));
      b.addEventListener('click', function () { select(item.id); });
      li.appendChild(b);
      list.appendChild(li);
      if (focusedId === item.id) b.focus();
    });
  }

  function select(id) {
    state.selected = id;
    state.shownMessages = {};
    $('messages').textContent = '';
    renderQueue();
    loadDetail(id, true);
  }
  function loadDetail(id, focus) {
    if (!id) return;
    return api('GET', '/handoffs/' + encodeURIComponent(id)).then(function (res) {
      if (failed(res)) return;
      if (id !== state.selected) return;
      state.detail = res.body;
      renderDetail(false);
      if (focus) $('case-heading').focus();
    });
  }
  function canAct(h) {
    var mine = h.assignedOfficerId === state.me.id;
    var senior = state.me.role !== 'officer';
    var open = h.status === 'queued' || h.status === 'assigned' || h.status === 'active';
    return { claim: h.status === 'queued', reply: mine && (h.status === 'assigned' || h.status === 'active'), resolve: (mine || senior) && (h.status === 'assigned' || h.status === 'active'), back: open && (h.status === 'queued' || mine || senior), transfer: open && (mine || senior) };
  }
  function renderDetail(relabel) {
    var d = state.detail;
    if (!d) return;
    var h = d.handoff;
    $('case-none').hidden = true;
    $('case-view').hidden = false;
    $('f-status').textContent = t('queue.statuses.' + h.status);
    $('f-priority').textContent = t('queue.' + h.priority);
    $('f-lang').textContent = h.lang.toUpperCase();
    $('f-channel').textContent = h.channelId;
    $('f-reason').textContent = t('reasons.' + h.reason);
    $('f-assignee').textContent = h.assignedOfficerName || t('detail.unassigned');
    $('f-summary').textContent = h.summary || '—';
    var can = canAct(h);
    $('claim').disabled = !can.claim;
    $('return-to-bot').disabled = !can.back;
    $('send').disabled = !can.reply;
    $('suggest').disabled = !can.reply;
    $('resolve-form').querySelector('button').disabled = !can.resolve;
    $('transfer-form').querySelector('button').disabled = !can.transfer || !$('transfer-to').options.length;
    var tr = $('transcript');
    tr.textContent = '';
    d.transcript.forEach(function (line) {
      var li = el('li', line.author);
      li.appendChild(el('span', 'who', t('authors.' + line.author) + ':'));
      li.appendChild(document.createTextNode(line.text));
      tr.appendChild(li);
    });
    if (relabel) { state.shownMessages = {}; $('messages').textContent = ''; }
    var list = $('messages');
    d.messages.forEach(function (m) {
      var existing = state.shownMessages[m.id];
      if (existing && existing.getAttribute('data-delivery') === m.delivery) return;
      var li = el('li', m.internal ? 'officer note' : m.author);
      li.setAttribute('data-delivery', m.delivery);
      var who = m.internal ? t('note.tag') : t('authors.' + m.author);
      li.appendChild(el('span', 'who', who + ':'));
      li.appendChild(document.createTextNode(m.text));
      if (m.delivery === 'failed' && m.author === 'officer') {
        li.appendChild(el('span', 'failed', t('reply.failed')));
        var retry = el('button', '', t('reply.retry'));
        retry.type = 'button';
        retry.addEventListener('click', function () { act('/handoffs/' + h.id + '/messages/' + m.id + '/retry', undefined, t('reply.sent')); });
        li.appendChild(retry);
      }
      if (existing) list.replaceChild(li, existing); else list.appendChild(li);
      state.shownMessages[m.id] = li;
    });
    document.dispatchEvent(new CustomEvent('mdg:detail'));
  }

  function act(path, body, doneText) {
    return api('POST', path, body).then(function (res) {
      if (failed(res)) { loadDetail(state.selected, false); return res; }
      if (doneText) say(doneText);
      loadQueue();
      loadDetail(state.selected, false);
      return res;
    });
  }

  function bind() {
    $('lang-select').addEventListener('change', function (e) {
      var lang = e.target.value;
      try { window.localStorage.setItem('mdg-officer-lang', lang); } catch (err) { /* private mode */ }
      loadStrings(lang);
    });
    $('login-form').addEventListener('submit', function (e) {
      e.preventDefault();
      $('login-error').textContent = '';
      api('POST', '/login', { email: $('login-email').value, password: $('login-password').value }).then(function (res) {
        if (res.ok) {
          $('login-password').value = '';
          showApp(res.body.officer, res.body.csrfToken);
          $('queue-heading').focus();
        } else {
          $('login-error').textContent = res.status === 429 ? t('login.throttled', { seconds: res.retryAfter || 60 }) : res.status === 401 ? t('login.failed') : t('errors.generic', { error: res.body.error || res.status });
        }
      });
    });
    $('logout').addEventListener('click', function () { api('POST', '/logout').then(function () { state.csrf = ''; showLogin(); }); });
    $('status-filter').addEventListener('change', function (e) { state.status = e.target.value; loadQueue(); });
    $('claim').addEventListener('click', function () { act('/handoffs/' + state.selected + '/claim', undefined, t('done.claimed')).then(function () { $('reply-text').focus(); }); });
    $('return-to-bot').addEventListener('click', function () { act('/handoffs/' + state.selected + '/return-to-bot', undefined, t('done.returned')); });
    $('transfer-form').addEventListener('submit', function (e) {
      e.preventDefault();
      act('/handoffs/' + state.selected + '/transfer', { officerId: $('transfer-to').value }, t('done.transferred'));
    });
    $('reply-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var text = $('reply-text').value.trim();
      if (!text) return;
      act('/handoffs/' + state.selected + '/messages', { text: text, fromDraft: state.fromDraft === state.selected }, t('reply.sent')).then(function (res) {
        if (res.ok) { $('reply-text').value = ''; state.fromDraft = null; }
      });
    });
    $('suggest').addEventListener('click', function () {
      api('GET', '/handoffs/' + state.selected + '/suggestion' + (state.team ? '?team=' + encodeURIComponent(state.team) : '')).then(function (res) {
        if (failed(res)) return;
        var s = res.body.suggestion;
        if (!s) { say(t('reply.suggestionNone')); return; }
        // The draft carries its greeting, sources and closing; it is only sent when the officer sends it.
        $('reply-text').value = s.text;
        state.fromDraft = state.selected;
        say(t('reply.suggestionLoaded'));
        $('reply-text').focus();
      });
    });
    $('note-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var text = $('note-text').value.trim();
      if (!text) return;
      act('/handoffs/' + state.selected + '/notes', { text: text }, t('note.added')).then(function (res) { if (res.ok) $('note-text').value = ''; });
    });
    $('resolve-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var outcome = $('outcome').value.trim();
      if (!outcome) { $('outcome').focus(); return; }
      act('/handoffs/' + state.selected + '/resolve', { outcome: outcome }, t('done.resolved')).then(function (res) { if (res.ok) $('outcome').value = ''; });
    });
    // Waiting times tick without a request; a slow full refresh repairs any missed live event.
    window.setInterval(function () { if (state.me) renderQueue(); }, 15000);
    window.setInterval(function () { if (state.me) loadQueue(); }, 60000);
  }

  function start() {
    bind();
    var saved = null;
    try { saved = window.localStorage.getItem('mdg-officer-lang'); } catch (err) { saved = null; }
    var guess = (navigator.language || 'en').slice(0, 2);
    var lang = LANGS.indexOf(saved) >= 0 ? saved : LANGS.indexOf(guess) >= 0 ? guess : 'en';
    loadStrings(lang).then(function () {
      return api('GET', '/me');
    }).then(function (res) {
      if (res.ok) showApp(res.body.officer, res.body.csrfToken); else showLogin();
    });
  }
  // The knowledge desk (workspace.js) works beside the case through this small surface.
  window.MadoguchiConsole = { api: api, t: t, say: say, announce: announce, failed: failed, act: act, state: state };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
