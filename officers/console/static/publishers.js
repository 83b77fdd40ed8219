/* Madoguchi publishers page: who holds the publisher role, grant and revoke (admins; the API
   refuses others). Plain script, no build step, no inline code (CSP script-src 'self'); through
   /api/officer/publishers with the console's session cookie and CSRF token. */
(function () {
  'use strict';
  var LANGS = ['ko', 'ja', 'en'];
  var state = { strings: {}, lang: 'en', me: null, csrf: '', officers: [], shown: false };

  var kit = window.MadoguchiConsole.kit(state);
  var $ = kit.$, t = kit.t, el = kit.el;
  function say(text) { $('status').textContent = text; }
  function when(iso) { return iso ? new Intl.DateTimeFormat(state.lang, { dateStyle: 'medium' }).format(new Date(iso)) : ''; }
  var call = kit.api;
  var refuse = kit.refuse;
  function nameOf(id) {
    var o = state.officers.filter(function (x) { return x.id === id; })[0];
    return o ? o.name : id;
  }

  function holds(o) {
    if (o.via === 'admin') return t('publishers.viaAdmin');
    if (o.via === 'grant') return t('publishers.viaGrant', { by: nameOf(o.grantedBy), when: when(o.grantedAt) });
    return t('publishers.no');
  }

  function render() {
    var body = $('officers').querySelector('tbody');
    body.textContent = '';
    state.officers.forEach(function (o) {
      var tr = el('tr');
      var name = el('th', '', o.name);
      name.scope = 'row';
      tr.appendChild(name);
      tr.appendChild(el('td', '', o.email));
      tr.appendChild(el('td', '', t('publishers.roles.' + o.role)));
      tr.appendChild(el('td', o.publisher ? 'state done' : 'muted', holds(o)));
      var cell = el('td');
      if (o.via !== 'admin') {
        var grant = o.via !== 'grant';
        var button = el('button', grant ? '' : 'secondary', t(grant ? 'publishers.grant' : 'publishers.revoke'));
        button.type = 'button';
        button.setAttribute('data-officer', o.id);
        button.setAttribute('aria-label', t(grant ? 'publishers.grantNamed' : 'publishers.revokeNamed', { name: o.name }));
        button.addEventListener('click', function () { change(o, grant); });
        cell.appendChild(button);
      }
      tr.appendChild(cell);
      body.appendChild(tr);
    });
  }

  function load() {
    return call('GET', '/publishers').then(function (res) {
      if (res.status === 401) { refuse(t('loginFirst')); return; }
      if (res.status === 403) { refuse(t('publishers.refused')); return; }
      if (!res.ok) { say(t('error', { error: res.body.error || res.status })); return; }
      state.officers = res.body.officers;
      $('refused').hidden = true;
      $('page').hidden = false;
      render();
    });
  }

  function change(officer, grant) {
    $('publishers-error').textContent = '';
    return call(grant ? 'PUT' : 'DELETE', '/publishers/' + encodeURIComponent(officer.id)).then(function (res) {
      if (!res.ok) { $('publishers-error').textContent = t('error', { error: res.body.error || res.status }); return; }
      return load().then(function () {
        say(t(grant ? 'publishers.granted' : 'publishers.revoked', { name: officer.name }));
        // Focus stays on the officer's row, now with the opposite button.
        var again = document.querySelector('button[data-officer="' + CSS.escape(officer.id) + '"]');
        if (again) again.focus();
      });
    });
  }

  function loadStrings(lang) {
    return fetch('../i18n/' + lang + '/announcements').then(function (r) { return r.json(); }).then(function (strings) {
      state.strings = strings;
      state.lang = lang;
      document.documentElement.lang = lang;
      document.title = t('publishers.title');
      document.querySelectorAll('[data-i18n]').forEach(function (node) { node.textContent = t(node.getAttribute('data-i18n')); });
      $('lang-select').value = lang;
      say('');
      render();
    });
  }

  function start() {
    var lang = kit.language(LANGS, loadStrings);
    kit.signIn(loadStrings, lang).then(function (signedIn) {
      if (!signedIn) { refuse(t('loginFirst')); return; }
      return load();
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
