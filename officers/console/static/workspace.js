/* Madoguchi officer console, knowledge desk: search and ask the city's documents beside the case,
   insert a passage (with its citation) into the reply, keyboard shortcuts. Plain script, no build
   step, no inline code (CSP script-src 'self'); works through window.MadoguchiConsole. */
(function () {
  'use strict';
  var C = window.MadoguchiConsole;
  if (!C) return;
  var desk = { results: [], answer: null, caret: null, templates: [] };
  var TEAM_KEY = 'mdg-officer-team';

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function caseLang() { return C.state.detail ? C.state.detail.handoff.lang : null; }
  function canReply() {
    var d = C.state.detail;
    if (!d || !C.state.me) return false;
    var h = d.handoff;
    return h.assignedOfficerId === C.state.me.id && (h.status === 'assigned' || h.status === 'active');
  }

  /** "— Title · Section (2025-01-15) https://…": the source, in no particular language. */
  function citation(hit) {
    var parts = hit.title + (hit.section ? ' · ' + hit.section : '') + (hit.updated ? ' (' + hit.updated + ')' : '');
    return '— ' + parts + (hit.url ? ' ' + hit.url : '');
  }
  /** Puts `text` into the reply at the caret (or at its end), separated by blank lines. */
  function insertIntoReply(text) {
    var box = $('reply-text');
    var value = box.value;
    var at = desk.caret === null ? value.length : Math.min(desk.caret, value.length);
    var before = value.slice(0, at).replace(/\s+$/, '');
    var after = value.slice(at).replace(/^\s+/, '');
    var joined = (before ? before + '\n\n' : '') + text + (after ? '\n\n' + after : '');
    box.value = joined.slice(0, 4000);
    var caret = Math.min((before ? before.length + 2 : 0) + text.length, box.value.length);
    box.focus();
    box.setSelectionRange(caret, caret);
    desk.caret = caret;
    C.say(C.t('desk.inserted'));
  }

  function renderResults() {
    var list = $('desk-results');
    list.textContent = '';
    desk.results.forEach(function (hit, i) {
      var li = el('li', 'hit');
      var titleId = 'desk-hit-' + i;
      var title = el('h3', 'hit-title');
      title.id = titleId;
      if (hit.url) {
        var link = el('a', '', hit.title);
        link.href = hit.url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        title.appendChild(link);
      } else {
        title.textContent = hit.title;
      }
      li.appendChild(title);
      var meta = el('p', 'meta');
      if (hit.section) meta.appendChild(el('span', '', hit.section));
      meta.appendChild(el('span', 'badge', hit.lang.toUpperCase()));
      if (hit.updated) meta.appendChild(el('span', '', C.t('desk.updated', { date: hit.updated })));
      li.appendChild(meta);
      var text = el('p', 'desk-text', hit.text);
      text.lang = hit.lang;
      li.appendChild(text);
      var insert = el('button', 'insert', C.t('desk.insert'));
      insert.type = 'button';
      insert.setAttribute('data-index', String(i));
      insert.setAttribute('aria-describedby', titleId);
      insert.disabled = !canReply();
      insert.addEventListener('click', function () { insertIntoReply(hit.text + '\n' + citation(hit)); });
      li.appendChild(insert);
      list.appendChild(li);
    });
  }
  function renderAnswer() {
    var a = desk.answer;
    $('desk-answer').hidden = !a;
    if (!a) return;
    $('desk-answer-mode').textContent = C.t(a.mode === 'llm' ? 'desk.modeLlm' : 'desk.modeExtractive');
    var sources = (a.citations || []).map(function (c) { return '[' + c.n + '] ' + c.title + (c.updated ? ' (' + c.updated + ')' : '') + (c.url ? ' ' + c.url : ''); });
    $('desk-answer-text').textContent = a.text + (sources.length ? '\n\n' + sources.join('\n') : '');
    $('desk-answer-insert').disabled = !canReply();
  }
  function supervisor() { return C.state.me && C.state.me.role !== 'officer'; }
  /** Templates of every team: the team list, and the chosen team's templates in the case's language. */
  function loadTemplates() {
    return C.api('GET', '/templates').then(function (res) {
      if (C.failed(res)) return;
      desk.templates = res.body.templates;
      var teams = [];
      desk.templates.forEach(function (x) { if (teams.indexOf(x.team) < 0) teams.push(x.team); });
      var select = $('tpl-team');
      var saved = null;
      try { saved = window.localStorage.getItem(TEAM_KEY); } catch (err) { saved = null; }
      var chosen = C.state.team || (teams.indexOf(saved) >= 0 ? saved : teams[0]) || '';
      select.textContent = '';
      teams.forEach(function (team) {
        var opt = el('option', '', team);
        opt.value = team;
        select.appendChild(opt);
      });
      select.value = chosen;
      C.state.team = chosen || null;
      renderTemplates();
    });
  }
  function renderTemplates() {
    var list = $('tpl-list');
    list.textContent = '';
    var lang = caseLang() || C.state.lang;
    var shown = desk.templates.filter(function (x) { return x.team === C.state.team && x.lang === lang; });
    $('tpl-none').hidden = shown.length > 0;
    shown.forEach(function (x, i) {
      var li = el('li');
      var kind = el('span', 'tpl-kind', C.t('templates.kinds.' + x.kind) + ' (' + x.lang.toUpperCase() + ')');
      kind.id = 'tpl-kind-' + i;
      li.appendChild(kind);
      var text = el('span', '', x.text);
      text.lang = x.lang;
      li.appendChild(text);
      var actions = el('div', 'actions');
      var insert = el('button', 'tpl-insert', C.t('desk.insert'));
      insert.type = 'button';
      insert.setAttribute('aria-describedby', kind.id);
      insert.disabled = !canReply();
      insert.addEventListener('click', function () { insertIntoReply(x.text); });
      actions.appendChild(insert);
      if (supervisor()) {
        var del = el('button', '', C.t('templates.delete'));
        del.type = 'button';
        del.setAttribute('aria-describedby', kind.id);
        del.addEventListener('click', function () {
          C.api('DELETE', '/templates/' + encodeURIComponent(x.id)).then(function (res) {
            if (C.failed(res)) return;
            C.say(C.t('templates.deleted'));
            loadTemplates();
          });
        });
        actions.appendChild(del);
      }
      li.appendChild(actions);
      list.appendChild(li);
    });
    $('tpl-manage').hidden = !supervisor();
    $('gap-export').hidden = !supervisor();
  }

  /** The screening form as an eligibility profile: empty fields stay unknown. */
  function screeningFacts() {
    var facts = {};
    var num = function (id) { var v = $(id).value.trim(); return v === '' ? null : Number(v); };
    var tri = function (id) { var v = $(id).value; return v === 'yes' ? true : v === 'no' ? false : null; };
    if (num('sf-age') !== null) facts.age = num('sf-age');
    if (num('sf-household') !== null) facts.householdSize = num('sf-household');
    if (num('sf-income') !== null) facts.income = { amount: num('sf-income'), currency: $('sf-currency').value, period: $('sf-period').value };
    var area = $('sf-area').value.trim().toLowerCase();
    if (area) facts.residence = num('sf-years') === null ? { area: area } : { area: area, years: num('sf-years') };
    var children = $('sf-children').value.trim();
    if (children) {
      if (/^(none|no|0|없음|なし|いない)$/i.test(children)) facts.childrenAges = [];
      else {
        var ages = children.split(/[,、，\s]+/).filter(Boolean).map(Number);
        if (ages.some(function (n) { return !Number.isInteger(n) || n < 0; })) return null;
        facts.childrenAges = ages;
      }
    }
    [['sf-disability', 'disability'], ['sf-pregnant', 'pregnant'], ['sf-single', 'singleParent']].forEach(function (pair) {
      var v = tri(pair[0]);
      if (v !== null) facts[pair[1]] = v;
    });
    if ($('sf-employment').value) facts.employment = $('sf-employment').value;
    return facts;
  }
  function renderScreening() {
    var list = $('screen-results');
    list.textContent = '';
    var results = desk.screening ? desk.screening.results : [];
    results.forEach(function (r) {
      var li = el('li');
      li.appendChild(el('span', '', r.title + ' — '));
      li.appendChild(el('span', 'verdict ' + r.status, C.t('screen.verdicts.' + r.status)));
      if (r.reasons.length) li.appendChild(el('div', 'muted', r.reasons.join(', ')));
      if (r.missing.length) li.appendChild(el('div', 'muted', C.t('screen.missing', { facts: r.missing.join(', ') })));
      li.setAttribute('data-id', r.id);
      li.setAttribute('data-status', r.status);
      list.appendChild(li);
    });
    $('screen-insert').hidden = !desk.screening;
    $('screen-insert').disabled = !canReply();
  }

  function refreshButtons() {
    var reply = canReply();
    document.querySelectorAll('#desk-results .insert').forEach(function (b) { b.disabled = !reply; });
    $('desk-answer-insert').disabled = !reply || !desk.answer;
    $('desk-from-case').disabled = !C.state.selected;
    $('gap-flag').disabled = !C.state.selected;
    $('screen-insert').disabled = !reply;
    document.querySelectorAll('#tpl-list .tpl-insert').forEach(function (b) { b.disabled = !reply; });
  }

  function search(q) {
    if (!q) { $('desk-query').focus(); return; }
    $('desk-count').textContent = C.t('desk.searching');
    C.api('GET', '/knowledge/search?q=' + encodeURIComponent(q)).then(function (res) {
      if (C.failed(res)) { $('desk-count').textContent = ''; return; }
      desk.results = res.body.results;
      renderResults();
      var count = C.t(desk.results.length ? 'desk.count' : 'desk.none', { count: desk.results.length });
      $('desk-count').textContent = count;
      C.announce(count);
    });
  }
  function ask(q) {
    if (!q) { $('desk-query').focus(); return; }
    $('desk-count').textContent = C.t('desk.asking');
    // Answer in the resident's language when a case is open: the answer can then go into the reply.
    var body = { question: q };
    if (caseLang()) body.lang = caseLang();
    C.api('POST', '/knowledge/ask', body).then(function (res) {
      $('desk-count').textContent = '';
      if (C.failed(res)) return;
      desk.answer = res.body.answer;
      renderAnswer();
      C.announce(desk.answer ? C.t('desk.answered') : C.t('desk.noAnswer'));
      if (!desk.answer) $('desk-count').textContent = C.t('desk.noAnswer');
    });
  }

  function bind() {
    $('desk-form').addEventListener('submit', function (e) {
      e.preventDefault();
      search($('desk-query').value.trim());
    });
    $('desk-ask').addEventListener('click', function () { ask($('desk-query').value.trim()); });
    $('desk-from-case').addEventListener('click', function () {
      if (!C.state.selected) return;
      C.api('GET', '/handoffs/' + encodeURIComponent(C.state.selected) + '/question').then(function (res) {
        if (C.failed(res)) return;
        if (!res.body.question) { C.say(C.t('desk.noQuestion')); return; }
        $('desk-query').value = res.body.question;
        search(res.body.question);
      });
    });
    $('desk-answer-insert').addEventListener('click', function () {
      var a = desk.answer;
      if (!a) return;
      var sources = (a.citations || []).map(function (c) { return '[' + c.n + '] ' + c.title + (c.updated ? ' (' + c.updated + ')' : '') + (c.url ? ' ' + c.url : ''); });
      insertIntoReply(a.text + (sources.length ? '\n' + sources.join('\n') : ''));
    });
    // Where the caret was when the officer left the reply box (an insert goes there; none: at the end).
    $('reply-text').addEventListener('blur', function (e) { desk.caret = e.target.value ? e.target.selectionEnd : null; });
    $('tpl-team').addEventListener('change', function (e) {
      C.state.team = e.target.value || null;
      try { window.localStorage.setItem(TEAM_KEY, e.target.value); } catch (err) { /* private mode */ }
      renderTemplates();
    });
    $('tpl-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var body = { team: $('tpl-form-team').value.trim(), lang: $('tpl-form-lang').value, kind: $('tpl-form-kind').value, text: $('tpl-form-text').value.trim() };
      if (!body.team) { $('tpl-form-team').focus(); return; }
      if (!body.text) { $('tpl-form-text').focus(); return; }
      C.api('PUT', '/templates', body).then(function (res) {
        if (C.failed(res)) return;
        $('tpl-form-text').value = '';
        C.state.team = body.team;
        C.say(C.t('templates.saved'));
        loadTemplates();
      });
    });
    $('screen-form').addEventListener('submit', function (e) {
      e.preventDefault();
      $('screen-error').textContent = '';
      var facts = screeningFacts();
      if (!facts) { $('screen-error').textContent = C.t('screen.badChildren'); $('sf-children').focus(); return; }
      // Reasons in the resident's language when a case is open (they may go into the reply).
      C.api('POST', '/screening', { facts: facts, lang: caseLang() || C.state.lang }).then(function (res) {
        if (res.status === 400) { $('screen-error').textContent = res.body.error; return; }
        if (C.failed(res)) return;
        desk.screening = res.body;
        renderScreening();
        C.announce(C.t('screen.done', { count: res.body.results.length }));
      });
    });
    $('screen-insert').addEventListener('click', function () { if (desk.screening) insertIntoReply(desk.screening.replyText); });
    $('gap-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var note = $('gap-note').value.trim();
      if (!C.state.selected) return;
      if (!note) { $('gap-note').focus(); return; }
      C.api('POST', '/handoffs/' + encodeURIComponent(C.state.selected) + '/gaps', { note: note }).then(function (res) {
        if (C.failed(res)) return;
        $('gap-note').value = '';
        C.say(C.t('gaps.flagged'));
      });
    });
    var lastCase = null;
    document.addEventListener('mdg:detail', function () {
      refreshButtons();
      // The templates follow the open case's language.
      if (C.state.selected !== lastCase) { lastCase = C.state.selected; renderTemplates(); }
      if (!desk.loaded && C.state.me) { desk.loaded = true; loadTemplates(); }
    });
    document.addEventListener('mdg:login', function () { desk.loaded = true; loadTemplates(); refreshButtons(); });
    document.addEventListener('mdg:strings', function () { renderResults(); renderAnswer(); renderTemplates(); renderScreening(); refreshButtons(); });
    document.addEventListener('keydown', shortcut);
    // Screen readers announce the shortcuts on the controls they act on.
    $('claim').setAttribute('aria-keyshortcuts', 'Alt+C');
    $('send').setAttribute('aria-keyshortcuts', 'Control+Enter');
    $('resolve-form').querySelector('button').setAttribute('aria-keyshortcuts', 'Alt+R');
    refreshButtons();
  }

  function shortcut(e) {
    if (!C.state.me) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target && e.target.id === 'reply-text') {
      e.preventDefault();
      if (!$('send').disabled) $('reply-form').requestSubmit();
      return;
    }
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    var key = e.code;
    if (key === 'KeyC') {
      e.preventDefault();
      if (!$('claim').disabled && !$('case-view').hidden) $('claim').click();
    } else if (key === 'KeyK') {
      e.preventDefault();
      $('desk-query').focus();
    } else if (key === 'KeyI') {
      e.preventDefault();
      var focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest('#desk-results .hit') : null;
      var button = focused ? focused.querySelector('.insert') : document.querySelector('#desk-results .insert');
      if (button && !button.disabled) button.click();
      else if (!$('desk-answer-insert').disabled) $('desk-answer-insert').click();
    } else if (key === 'KeyR') {
      e.preventDefault();
      var outcome = $('outcome');
      if (!outcome.value.trim()) outcome.focus();
      else if (!$('resolve-form').querySelector('button').disabled) $('resolve-form').requestSubmit();
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', bind); else bind();
})();
