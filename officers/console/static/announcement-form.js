/* Madoguchi announcements page: the compose form's values, for a new announcement and for an edit
   (plain script, no build step, no inline code: CSP script-src 'self'). Reads the form into the
   API's body, fills it from a stored announcement, and keeps of an edit only what changed. */
(function () {
  'use strict';
  var LANGS = ['ko', 'ja', 'en'];
  function $(id) { return document.getElementById(id); }
  function checked(name) {
    return Array.prototype.slice.call(document.querySelectorAll('input[name="' + name + '"]:checked')).map(function (i) { return i.value; });
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  /** An ISO time as a datetime-local value in the browser's zone ('' for none). */
  function localValue(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  function isoOf(id) { var v = $(id).value; return v ? new Date(v).toISOString() : null; }

  /** The form as the API's body (texts only in the languages written). */
  function read() {
    var texts = {};
    LANGS.forEach(function (l) { var v = $('c-text-' + l).value.trim(); if (v) texts[l] = v; });
    return { title: $('c-title').value.trim(), texts: texts, topics: checked('c-topic'), langs: checked('c-lang'), linkUrl: $('c-link').value.trim() || null, sendAt: isoOf('c-send-at'), expiresAt: isoOf('c-expires-at') };
  }

  /** Fills the form from a stored announcement; `ensureTopic(topic)` adds a box for a topic the list lacks. */
  function fill(a, ensureTopic) {
    $('c-title').value = a.title;
    LANGS.forEach(function (l) { $('c-text-' + l).value = a.texts[l] || ''; });
    a.topics.forEach(ensureTopic);
    document.querySelectorAll('input[name="c-topic"]').forEach(function (i) { i.checked = a.topics.indexOf(i.value) >= 0; });
    document.querySelectorAll('input[name="c-lang"]').forEach(function (i) { i.checked = a.langs.indexOf(i.value) >= 0; });
    $('c-link').value = a.linkUrl || '';
    $('c-send-at').value = localValue(a.sendAt);
    $('c-expires-at').value = localValue(a.expiresAt);
  }

  /**
   * What an edit changes: the fields of `body` that differ from `a` (times compared to the minute,
   * as the form shows them, so an untouched time is not sent back rounded).
   */
  function changes(a, body) {
    var out = {};
    Object.keys(body).forEach(function (key) {
      var before = a[key] === undefined ? null : a[key];
      var same;
      if (key === 'sendAt' || key === 'expiresAt') same = localValue(before) === localValue(body[key]);
      else if (key === 'topics' || key === 'langs') same = before.slice().sort().join('\n') === body[key].slice().sort().join('\n');
      else if (key === 'texts') same = LANGS.every(function (l) { return (before[l] || '') === (body.texts[l] || ''); });
      else same = before === body[key];
      if (!same) out[key] = body[key];
    });
    return out;
  }

  window.MadoguchiAnnouncementForm = { read: read, fill: fill, changes: changes };
})();
