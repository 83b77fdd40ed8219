/*
 * Madoguchi web chat widget. Embed with one tag:
 *   <script src="https://bot.example.city/webchat/widget.js" data-lang="ko" defer></script>
 * Plain JavaScript, no framework. Messages go by POST; answers arrive over Server-Sent Events
 * (read with fetch so the conversation token travels in a header, never in a URL).
 * Accessibility: the transcript is a role="log" polite live region; a streamed answer is shown
 * as it grows but kept out of the accessibility tree (aria-hidden) until it is final, then
 * added once, so screen readers announce each answer exactly once.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || document.querySelector('[data-madoguchi-webchat]')) return;
  var base = new URL('.', script.src).href; // …/webchat/
  var lang = (script.getAttribute('data-lang') || document.documentElement.lang || 'en').slice(0, 2);
  if (['ko', 'ja', 'en'].indexOf(lang) < 0) lang = 'en';
  var STORE = 'madoguchi.webchat';
  var s = {}; // interface strings
  var state = { conv: null, ready: null, ctrl: null, streams: {}, open: false, typingTimer: null };
  var el = {};

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (attrs[k] !== false && attrs[k] != null) node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function load() { try { return JSON.parse(localStorage.getItem(STORE) || 'null'); } catch (e) { return null; } }
  function save(v) { try { if (v) localStorage.setItem(STORE, JSON.stringify(v)); else localStorage.removeItem(STORE); } catch (e) { /* private mode */ } }
  function api(path, opts) {
    opts = opts || {};
    var headers = { 'content-type': 'application/json' };
    if (state.conv) headers.authorization = 'Bearer ' + state.conv.token;
    return fetch(base + 'api/conversations' + path, { method: opts.method || 'GET', headers: headers, body: opts.body ? JSON.stringify(opts.body) : undefined, cache: 'no-store' });
  }

  function build() {
    var css = h('link', { rel: 'stylesheet', href: base + 'widget.css' });
    document.head.appendChild(css);
    el.launcher = h('button', { type: 'button', class: 'mdg-launcher', 'aria-expanded': 'false', 'aria-controls': 'mdg-panel' }, [
      h('span', { class: 'mdg-launcher-icon', 'aria-hidden': 'true', text: '💬' }),
      el.launcherText = h('span', { class: 'mdg-launcher-text', text: s.launcher })
    ]);
    el.close = h('button', { type: 'button', class: 'mdg-close', 'aria-label': s.close }, [h('span', { 'aria-hidden': 'true', text: '×' })]);
    el.log = h('div', { class: 'mdg-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-labelledby': 'mdg-title', tabindex: '0' });
    el.status = h('div', { class: 'mdg-status', role: 'status' });
    el.typing = h('div', { class: 'mdg-typing', 'aria-hidden': 'true', hidden: true }, [h('span'), h('span'), h('span')]);
    el.suggestions = h('div', { class: 'mdg-suggestions', role: 'group', 'aria-label': s.suggestions, hidden: true });
    el.input = h('input', { id: 'mdg-input', class: 'mdg-input', type: 'text', autocomplete: 'off', maxlength: '1000', placeholder: s.placeholder });
    el.send = h('button', { type: 'submit', class: 'mdg-send', text: s.send });
    el.form = h('form', { class: 'mdg-form' }, [h('label', { for: 'mdg-input', class: 'mdg-visually-hidden', text: s.inputLabel }), el.input, el.send]);
    el.panel = h('section', { id: 'mdg-panel', class: 'mdg-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'mdg-title', hidden: true }, [
      h('div', { class: 'mdg-header' }, [h('h2', { id: 'mdg-title', class: 'mdg-title', text: s.title }), el.close]),
      h('p', { class: 'mdg-privacy', text: s.privacy }),
      el.log, el.typing, el.status, el.suggestions, el.form
    ]);
    el.root = h('aside', { class: 'mdg-root', lang: lang, 'aria-label': s.title, 'data-madoguchi-webchat': true }, [el.panel, el.launcher]);
    document.body.appendChild(el.root);
    el.launcher.addEventListener('click', function () { if (state.open) closePanel(); else openPanel(true); });
    el.close.addEventListener('click', closePanel);
    el.root.addEventListener('keydown', function (e) { if (e.key === 'Escape' && state.open) { e.preventDefault(); closePanel(); } });
    el.form.addEventListener('submit', function (e) { e.preventDefault(); send(el.input.value); });
  }

  function openPanel(focus) {
    state.open = true;
    el.panel.hidden = false;
    el.launcher.setAttribute('aria-expanded', 'true');
    el.launcherText.textContent = s.launcherClose || s.close; // the launcher now closes the chat
    el.root.classList.add('mdg-open');
    var st = load() || {}; st.open = true; if (st.conversationId) save(st);
    start();
    if (focus) el.input.focus();
  }
  function closePanel() {
    state.open = false;
    el.panel.hidden = true;
    el.launcher.setAttribute('aria-expanded', 'false');
    el.launcherText.textContent = s.launcher;
    el.root.classList.remove('mdg-open');
    var st = load(); if (st) { st.open = false; save(st); }
    el.launcher.focus();
  }

  function scroll() { el.log.scrollTop = el.log.scrollHeight; }

  // from: 'user', 'bot' or 'officer'. An officer's message carries a visible label, so the
  // resident can tell a person's answer from the bot's (the others name their author to
  // screen readers only).
  function bubble(from, text, citations) {
    var body = h('p', { class: 'mdg-text', text: text });
    var label = from === 'officer'
      ? h('p', { class: 'mdg-author' }, [document.createTextNode(s.officer), h('span', { class: 'mdg-visually-hidden', text: ': ' })])
      : h('span', { class: 'mdg-visually-hidden', text: (from === 'user' ? s.you : s.bot) + ': ' });
    var node = h('div', { class: 'mdg-msg mdg-msg-' + from }, [label, body]);
    if (citations && citations.length) {
      var list = h('ul');
      citations.forEach(function (c) {
        var label = '[' + c.n + '] ' + c.title;
        var item = c.url
          ? h('a', { href: c.url, target: '_blank', rel: 'noopener noreferrer' }, [document.createTextNode(label), h('span', { class: 'mdg-visually-hidden', text: ' ' + s.opensNewWindow })])
          : document.createTextNode(label);
        list.appendChild(h('li', {}, [item]));
      });
      node.appendChild(h('div', { class: 'mdg-cites' }, [h('p', { class: 'mdg-cites-title', text: s.sources }), list]));
    }
    return node;
  }
  function addMessage(from, text, citations) {
    el.log.appendChild(bubble(from, text, citations));
    scroll();
  }
  function showSuggestions(actions) {
    el.suggestions.textContent = '';
    el.suggestions.hidden = !actions || !actions.length;
    (actions || []).forEach(function (a) {
      var b = h('button', { type: 'button', class: 'mdg-suggestion', text: a.title });
      b.addEventListener('click', function () { send(a.value); });
      el.suggestions.appendChild(b);
    });
  }
  function setTyping(on) {
    clearTimeout(state.typingTimer);
    el.typing.hidden = !on;
    if (on) {
      if (el.status.textContent !== s.typing) el.status.textContent = s.typing;
      state.typingTimer = setTimeout(function () { setTyping(false); }, 30000);
    } else if (el.status.textContent === s.typing) {
      el.status.textContent = '';
    }
  }

  function onEvent(type, data) {
    if (type === 'ready') { el.status.textContent = ''; return; }
    if (type === 'typing') { setTyping(true); return; }
    if (type === 'partial') {
      setTyping(true);
      var p = state.streams[data.streamId];
      if (!p) {
        // Shown while it grows, hidden from assistive technology until final.
        p = state.streams[data.streamId] = bubble('bot', '', null);
        p.setAttribute('aria-hidden', 'true');
        p.classList.add('mdg-streaming');
        el.log.appendChild(p);
      }
      p.querySelector('.mdg-text').textContent = data.text;
      scroll();
      return;
    }
    if (type === 'message') {
      setTyping(false);
      if (data.streamId && state.streams[data.streamId]) {
        state.streams[data.streamId].remove();
        delete state.streams[data.streamId];
      }
      if (data.text || (data.citations && data.citations.length)) addMessage(data.author === 'officer' ? 'officer' : 'bot', data.text, data.citations);
      showSuggestions(data.actions);
    }
  }

  function connect() {
    if (state.ctrl) state.ctrl.abort();
    var ctrl = state.ctrl = new AbortController();
    var resolveReady;
    state.ready = new Promise(function (r) { resolveReady = r; });
    var first = true;
    fetch(base + 'api/conversations/' + encodeURIComponent(state.conv.conversationId) + '/events', {
      headers: { authorization: 'Bearer ' + state.conv.token, accept: 'text/event-stream' }, signal: ctrl.signal, cache: 'no-store'
    }).then(function (res) {
      if (res.status === 401) { reset(); return; }
      if (!res.ok || !res.body) throw new Error('events ' + res.status);
      var reader = res.body.getReader(), dec = new TextDecoder(), buf = '';
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) throw new Error('closed');
          buf += dec.decode(r.value, { stream: true }).replace(/\r\n/g, '\n');
          var i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            var block = buf.slice(0, i); buf = buf.slice(i + 2);
            var type = 'message', data = '';
            block.split('\n').forEach(function (line) {
              if (line.indexOf('event:') === 0) type = line.slice(6).trim();
              else if (line.indexOf('data:') === 0) data += line.slice(5).trim();
            });
            if (!data) continue;
            try { onEvent(type, JSON.parse(data)); } catch (e) { /* ignore a bad event */ }
            if (type === 'ready' && first) { first = false; resolveReady(); }
          }
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      if (ctrl.signal.aborted) return;
      el.status.textContent = s.reconnecting;
      setTimeout(function () { if (state.ctrl === ctrl) { connect(); restoreHistory(); } }, 3000);
    });
  }

  function restoreHistory() {
    return api('/' + encodeURIComponent(state.conv.conversationId) + '/history').then(function (res) {
      if (res.status === 401) { reset(); return false; }
      if (!res.ok) return true;
      return res.json().then(function (body) {
        // Restored lines are not news: keep the live region quiet while they are inserted.
        el.log.setAttribute('aria-live', 'off');
        el.log.textContent = '';
        (body.messages || []).forEach(function (m) {
          addMessage(m.from === 'user' ? 'user' : m.author === 'officer' ? 'officer' : 'bot', m.text, m.citations);
        });
        setTimeout(function () { el.log.setAttribute('aria-live', 'polite'); }, 50);
        return true;
      });
    });
  }

  function reset() {
    save(null);
    state.conv = null;
    state.started = null;
    if (state.ctrl) state.ctrl.abort();
    el.log.textContent = '';
    if (state.open) start();
  }

  function start() {
    if (state.started) return state.started;
    var saved = load();
    if (saved && saved.conversationId && saved.token) {
      state.conv = saved;
      state.started = restoreHistory().then(function (ok) { if (ok !== false && state.conv) { connect(); return state.ready; } return state.started; });
      return state.started;
    }
    state.started = fetch(base + 'api/conversations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      .then(function (res) { if (!res.ok) throw new Error('create ' + res.status); return res.json(); })
      .then(function (c) {
        state.conv = { conversationId: c.conversationId, token: c.token, open: state.open };
        save(state.conv);
        connect();
        return state.ready.then(function () { return api('/' + encodeURIComponent(c.conversationId) + '/join', { method: 'POST', body: { lang: lang } }); });
      })
      .catch(function () { state.started = null; el.status.textContent = s.error; });
    return state.started;
  }

  function send(text) {
    text = (text || '').trim();
    if (!text) return;
    el.input.value = '';
    showSuggestions([]);
    addMessage('user', text);
    Promise.resolve(start()).then(function () { return state.ready; }).then(function () {
      return api('/' + encodeURIComponent(state.conv.conversationId) + '/messages', { method: 'POST', body: { text: text, lang: lang } });
    }).then(function (res) {
      // No typing indicator here: the bot sends 'typing' when it is working on an answer. While an
      // officer has the conversation (or the resident waits for one) no bot answer is coming.
      if (!res.ok) throw new Error('send ' + res.status);
    }).catch(function () { el.status.textContent = s.error; });
  }

  fetch(base + 'locales/' + lang + '.json').then(function (r) { return r.json(); }).then(function (strings) {
    s = strings;
    build();
    var saved = load();
    if (saved && saved.open) openPanel(false);
  });
})();
