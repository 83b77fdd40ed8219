/* Madoguchi officer console: the small helpers every console page shares (element lookup, translated
   strings with {placeholders}, element creation, the officer API, signing in and the refused screen). Plain script, no build step (CSP script-src 'self'). */
(function () {
  'use strict';
  /** Helpers bound to a page's state; `state.strings` is read at call time (it is loaded later). */
  function kit(state) {
    function lookup(key) {
      return key.split('.').reduce(function (node, part) { return node && typeof node === 'object' ? node[part] : undefined; }, state.strings);
    }
    /** A JSON call to the officer API with the session cookie and, for writes, the CSRF token in `state.csrf`. */
    function api(method, path, body) {
      var headers = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (method !== 'GET') headers['x-csrf-token'] = state.csrf;
      return fetch('/api/officer' + path, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (json) { return { status: res.status, ok: res.ok, body: json }; });
      }, function () { return { status: 0, ok: false, body: { error: 'network' } }; });
    }
    return {
      api: api,
      /** Hides the page (`#page`) and says why (`#refused`); the status line is cleared. */
      refuse: function (text) {
        document.getElementById('page').hidden = true;
        var refused = document.getElementById('refused');
        refused.textContent = text;
        refused.hidden = false;
        var status = document.getElementById('status');
        if (status) status.textContent = '';
      },
      /**
       * Reads who is signed in (`state.me`, `state.csrf`), then the page's strings in `lang`;
       * resolves to whether an officer is signed in.
       */
      signIn: function (loadStrings, lang) {
        return api('GET', '/me').then(function (res) {
          if (res.ok) { state.me = res.body.officer; state.csrf = res.body.csrfToken; }
          return loadStrings(lang);
        }).then(function () { return !!state.me; });
      },
      $: function (id) { return document.getElementById(id); },
      lookup: lookup,
      t: function (key, vars) {
        var s = lookup(key);
        if (typeof s !== 'string') return key;
        return s.replace(/\{(\w+)\}/g, function (whole, name) { return vars && name in vars ? String(vars[name]) : whole; });
      },
      /**
       * The officer's language (saved choice, else the browser's, else English), and the page's
       * language menu wired to save a new choice and call `onChange(lang)`.
       */
      language: function (langs, onChange) {
        var saved = null;
        try { saved = window.localStorage.getItem('mdg-officer-lang'); } catch (err) { saved = null; }
        var guess = (navigator.language || 'en').slice(0, 2);
        document.getElementById('lang-select').addEventListener('change', function (e) {
          try { window.localStorage.setItem('mdg-officer-lang', e.target.value); } catch (err) { /* private mode */ }
          onChange(e.target.value);
        });
        return langs.indexOf(saved) >= 0 ? saved : langs.indexOf(guess) >= 0 ? guess : 'en';
      },
      el: function (tag, className, text) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined && text !== null) node.textContent = text;
        return node;
      },
    };
  }
  window.MadoguchiConsole = { kit: kit };
})();
