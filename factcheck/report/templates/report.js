/* factcheck reviewer report. Reads the JSON data block and builds every view with DOM
   APIs: article text only ever reaches the page through textContent / text nodes. */
(function () {
  'use strict';

  var t0 = performance.now();
  var DATA = JSON.parse(document.getElementById('fc-data').textContent);
  var SEV = { error: 2, warning: 1, info: 0 };
  var SEV_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' };
  var PAGE_SIZE = 50;
  var MAX_EVIDENCE = 4; // evidence blocks shown before "show more"
  // One key per report identity (html.py report_key): two archives never share decisions, a rerun
  // over the same archive finds its own.
  var STORE_KEY = 'factcheck.review.v2.' + DATA.key;
  var STATUS_LABEL = { confirmed: 'Accepted', dismissed: 'Dismissed', editing: "I'll edit" };
  var CARRIED = DATA.carried || { decisions: [], hidden: [], rules: [] };
  var DEFAULT_SORT = 'severity'; // errors first, then warnings, then info; each in document order
  var SORT_NAMES = ['severity', 'report', 'confidence', 'rule', 'category'];

  var docs = {};
  var docOrder = {};
  DATA.docs.forEach(function (d, i) { docs[d.id] = d; docOrder[d.id] = i; });
  var findings = DATA.findings;
  var byId = {};
  findings.forEach(function (f, i) { f._i = i; byId[f.id] = f; });

  var $ = function (id) { return document.getElementById(id); };
  var app = $('app');
  var summaryEl = $('summary');
  var controlsEl = $('controls');
  var listEl = $('list');
  var pagerEls = [$('pager-top'), $('pager-bottom')];
  var countEl = $('count');
  var docEl = $('docview');
  var statusEl = $('status');

  // ---------- small DOM helper: attributes are set one by one, text via text nodes ----------
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = v;
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }
  function add(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(el, c); }); return; }
    el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  var announceTimer = null;
  function fmt(n) { return n.toLocaleString('en-GB'); }
  function announce(msg) {
    statusEl.removeAttribute('data-quiet');
    statusEl.textContent = msg;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () { statusEl.textContent = ''; }, 4000);
  }

  // ---------- reviewer decisions (localStorage under this report's key, by finding id) ----------
  // An entry: { status: confirmed|dismissed|editing|'', note, scope: finding|rule, carried }.
  // A dismissal with scope 'rule' ("ignore this rule here") also covers the rule's other findings
  // in the same document, unless they have a decision of their own.
  // Served by `factcheck serve` (DATA.server): the desk's decisions come with the page and each change
  // is posted back to the service, which keeps them with who decided and when.
  var SERVER = DATA.server || null;
  var storageOk = true;
  function loadDecisions() {
    if (SERVER) return {};
    try {
      var raw = window.localStorage.getItem(STORE_KEY);
      var obj = raw ? JSON.parse(raw) : {};
      return obj && typeof obj === 'object' ? obj : {};
    } catch (e) { storageOk = false; return {}; }
  }
  var decisions = loadDecisions();
  // Decisions an earlier run's file carried in fill what this browser has not decided itself.
  CARRIED.decisions.forEach(function (d) {
    if (byId[d.id] && !(decisions[d.id] && decisions[d.id].status) && STATUS_LABEL[d.status]) {
      decisions[d.id] = { status: d.status, note: d.note || '', scope: d.scope || 'finding', carried: true };
    }
  });
  var saved = {};
  if (SERVER) {
    // by id, else (an edit moved the finding) by rule, document and cited text, as an import does
    var spanOf = {};
    findings.forEach(function (f) { spanOf[f.rule + '\u0000' + suspectDocOf(f) + '\u0000' + (f.evidence.length ? f.evidence[0].text : '')] = f; });
    (SERVER.decisions || []).forEach(function (d) {
      var f = byId[d.id] || spanOf[d.rule + '\u0000' + d.doc + '\u0000' + d.text];
      if (f && STATUS_LABEL[d.status]) {
        decisions[f.id] = { status: d.status, note: d.note || '', scope: d.scope || 'finding', who: d.who, at: d.at };
      }
    });
    Object.keys(decisions).forEach(function (id) { saved[id] = JSON.stringify(decisions[id]); });
  }
  function suspectDocOf(f) { return f.evidence.length ? f.evidence[0].doc : ''; }
  var ruleHere = {};
  function suspectDoc(f) { return f.evidence.length ? f.evidence[0].doc : ''; }
  function ruleKey(f) { return f.rule + '\u0000' + suspectDoc(f); }
  function indexRules() {
    ruleHere = {};
    Object.keys(decisions).forEach(function (id) {
      var d = decisions[id], f = byId[id];
      if (f && d.status === 'dismissed' && d.scope === 'rule') ruleHere[ruleKey(f)] = id;
    });
  }
  indexRules();
  function postDecisions() {
    var changes = [];
    findings.forEach(function (f) {
      var d = decisions[f.id];
      var now = d && (d.status || d.note) ? JSON.stringify(d) : '';
      if (now === (saved[f.id] || '')) return;
      changes.push(d && d.status ? entryOf(f, d) : { id: f.id, status: '' });
      if (now) saved[f.id] = now; else delete saved[f.id];
    });
    if (!changes.length) return;
    fetch(SERVER.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
                        body: JSON.stringify({ who: SERVER.who || '', changes: changes }) })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); })
      .catch(function (e) { announce('Decisions not saved on the service (' + e.message + '); export them before closing.'); });
  }
  function saveDecisions() {
    if (SERVER) { postDecisions(); return; }
    if (!storageOk) return;
    try { window.localStorage.setItem(STORE_KEY, JSON.stringify(decisions)); }
    catch (e) { storageOk = false; announce('Decisions cannot be saved in this browser; export them before closing.'); }
  }
  function decisionOf(id) {
    var d = decisions[id];
    if (d && d.status) return d;
    var via = byId[id] && ruleHere[ruleKey(byId[id])];
    if (via && via !== id) return { status: 'dismissed', scope: 'rule', via: via, note: d ? d.note : '' };
    return d || null;
  }
  function statusOf(f) { var d = decisionOf(f.id); return d && d.status ? d.status : ''; }
  function setDecision(f, status, note, scope) {
    var cur = decisions[f.id] || { status: '', note: '' };
    if (status !== undefined) { cur.status = status; cur.scope = status === 'dismissed' ? scope || 'finding' : 'finding'; }
    if (note !== undefined) cur.note = note;
    delete cur.carried;
    if (!cur.status && !cur.note) delete decisions[f.id]; else decisions[f.id] = cur;
    indexRules();
    saveDecisions();
    updateProgress();
  }
  // Undo: each action records the entries it replaced.
  var undoStack = [];
  function snapshot(fs, label) {
    var before = {};
    fs.forEach(function (f) { before[f.id] = decisions[f.id] ? JSON.parse(JSON.stringify(decisions[f.id])) : null; });
    undoStack.push({ before: before, label: label, at: fs.length ? fs[0].id : '' });
    if (undoStack.length > 100) undoStack.shift();
  }
  function undo() {
    var last = undoStack.pop();
    if (!last) { announce('Nothing to undo.'); return; }
    Object.keys(last.before).forEach(function (id) {
      if (last.before[id]) decisions[id] = last.before[id]; else delete decisions[id];
    });
    indexRules();
    saveDecisions();
    updateProgress();
    refreshAll();
    hideToast();
    if (last.at && state.view === 'list') goTo(last.at, true);
    announce('Undone: ' + last.label + '.');
  }
  function entryOf(f, d) {
    var e = { id: f.id, rule: f.rule, doc: suspectDoc(f), text: f.evidence.length ? f.evidence[0].text : '',
              status: d.status };
    if (d.status === 'dismissed') e.scope = d.scope === 'rule' ? 'rule' : 'finding';
    e.note = d.note || '';
    return e;
  }
  function exportDecisions() {
    var out = [];
    findings.forEach(function (f) {
      var d = decisions[f.id];
      if (d && STATUS_LABEL[d.status]) out.push(entryOf(f, d));
    });
    // what this report does not show: findings the file hid, and rules ignored in a document
    var ruleSeen = {};
    out.forEach(function (e) { if (e.scope === 'rule') ruleSeen[e.rule + '\u0000' + e.doc] = 1; });
    CARRIED.hidden.forEach(function (e) { if (!byId[e.id]) out.push(plain(e)); });
    CARRIED.rules.forEach(function (e) { if (!ruleSeen[e.rule + '\u0000' + e.doc]) out.push(plain(e)); });
    var blob = new Blob([JSON.stringify({ version: 2, report: DATA.key, decisions: out }, null, 2) + '\n'],
                        { type: 'application/json' });
    var url = URL.createObjectURL(blob);
    var a = h('a', { href: url, download: 'factcheck-decisions.json', class: 'visually-hidden' });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    announce('Exported ' + out.length + ' decision' + (out.length === 1 ? '' : 's') + '.');
  }
  function plain(e) {
    var out = {};
    ['id', 'rule', 'doc', 'text', 'status', 'scope'].forEach(function (k) { if (e[k]) out[k] = e[k]; });
    out.note = e.note || '';
    return out;
  }
  // An imported decision finds its finding by id, else (version 2, the id moved) by rule, document and text.
  function importDecisions(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var n = 0;
      try {
        var obj = JSON.parse(String(reader.result));
        var bySpan = {};
        findings.forEach(function (f) { bySpan[ruleKey(f) + '\u0000' + (f.evidence.length ? f.evidence[0].text : '')] = f; });
        var todo = (obj && Array.isArray(obj.decisions) ? obj.decisions : []).map(function (d) {
          var f = d && (byId[d.id] || (d.doc ? bySpan[d.rule + '\u0000' + d.doc + '\u0000' + d.text] : null));
          return f && STATUS_LABEL[d.status] ? [f, d] : null;
        }).filter(Boolean);
        snapshot(todo.map(function (x) { return x[0]; }), 'import');
        todo.forEach(function (x) {
          setDecision(x[0], x[1].status, typeof x[1].note === 'string' ? x[1].note : '', x[1].scope);
          n++;
        });
        announce('Imported ' + n + ' decision' + (n === 1 ? '' : 's') + ' for this report.');
      } catch (e) { announce('That file is not a decisions export: ' + e.message); }
      render();
    };
    reader.readAsText(file);
  }
  var progressEl = null;
  function updateProgress() {
    if (!progressEl) return;
    var done = 0;
    findings.forEach(function (f) { if (statusOf(f)) done++; });
    progressEl.textContent = fmt(done) + ' of ' + fmt(findings.length) + ' reviewed';
  }

  // ---------- state <-> URL hash ----------
  function defaults() {
    return { view: 'list', cat: [], sev: [], rule: '', doc: '', st: '', q: '', sort: DEFAULT_SORT, p: 1, id: '', f: '' };
  }
  function parseHash() {
    var s = defaults();
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    var list = function (k) { return (params.get(k) || '').split(',').filter(Boolean); };
    s.view = params.get('view') === 'doc' ? 'doc' : 'list';
    s.cat = list('cat'); s.sev = list('sev');
    s.rule = params.get('rule') || ''; s.doc = params.get('doc') || '';
    s.st = params.get('st') || ''; s.q = params.get('q') || '';
    s.sort = SORT_NAMES.indexOf(params.get('sort')) >= 0 ? params.get('sort') : DEFAULT_SORT;
    s.p = Math.max(1, parseInt(params.get('p') || '1', 10) || 1);
    s.id = params.get('id') || ''; s.f = params.get('f') || '';
    return s;
  }
  function listHash(s) {
    var p = new URLSearchParams();
    if (s.cat.length) p.set('cat', s.cat.join(','));
    if (s.sev.length) p.set('sev', s.sev.join(','));
    if (s.rule) p.set('rule', s.rule);
    if (s.doc) p.set('doc', s.doc);
    if (s.st) p.set('st', s.st);
    if (s.q) p.set('q', s.q);
    if (s.sort !== DEFAULT_SORT) p.set('sort', s.sort);
    if (s.p > 1) p.set('p', String(s.p));
    if (s.f) p.set('f', s.f);
    return '#' + p.toString();
  }
  function docHash(docId, fid) {
    var p = new URLSearchParams();
    p.set('view', 'doc'); p.set('id', docId);
    if (fid) p.set('f', fid);
    return '#' + p.toString();
  }
  var state = parseHash();
  var pendingHash = null; // a hash we set ourselves and have already rendered
  var lastList = state.view === 'list' ? listHash(state) : '#';
  function commit(replace) {
    var hash = listHash(state);
    lastList = hash;
    if (replace) history.replaceState(null, '', hash === '#' ? location.pathname + location.search : hash);
    else { pendingHash = hash; location.hash = hash; }
    render();
  }

  // ---------- filtering and sorting ----------
  var hay = null;
  function haystack(f) {
    if (!hay) hay = {};
    var s = hay[f.id];
    if (s === undefined) {
      var parts = [f.rule, f.category, f.severity, f.message, f.suggestion || ''];
      f.evidence.forEach(function (e) {
        parts.push(e.text, e.doc);
        var d = docs[e.doc];
        if (d && d.title) parts.push(d.title);
      });
      s = hay[f.id] = parts.join('\n').toLowerCase();
    }
    return s;
  }
  function matches(f, s, terms) {
    if (s.cat.length && s.cat.indexOf(f.category) < 0) return false;
    if (s.sev.length && s.sev.indexOf(f.severity) < 0) return false;
    if (s.rule && f.rule !== s.rule) return false;
    if (s.doc && !f.evidence.some(function (e) { return e.doc === s.doc; })) return false;
    if (s.st) {
      var d = decisionOf(f.id);
      var st = d && d.status ? d.status : 'open';
      if (st !== s.st) return false;
    }
    if (terms.length) {
      var text = haystack(f);
      for (var i = 0; i < terms.length; i++) if (text.indexOf(terms[i]) < 0) return false;
    }
    return true;
  }
  var SORTS = {
    report: function (a, b) { return a._i - b._i; },
    severity: function (a, b) { return (SEV[b.severity] || 0) - (SEV[a.severity] || 0) || a._i - b._i; },
    confidence: function (a, b) {
      return (a.severity === 'info') - (b.severity === 'info') || b.confidence - a.confidence || a._i - b._i;
    },
    rule: function (a, b) { return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a._i - b._i; },
    category: function (a, b) {
      return a.category < b.category ? -1 : a.category > b.category ? 1
        : (SEV[b.severity] || 0) - (SEV[a.severity] || 0) || a._i - b._i;
    }
  };
  function filtered(s) {
    var terms = s.q.toLowerCase().split(/\s+/).filter(Boolean);
    var out = findings.filter(function (f) { return matches(f, s, terms); });
    return out.sort(SORTS[s.sort] || SORTS[DEFAULT_SORT]);
  }

  // ---------- building blocks ----------
  // Ids, paths, titles and sources come from the inputs: each is shown isolated (<bdi>, or between
  // U+2068 and U+2069 in plain strings), so an unclosed U+202E cannot reorder the location or text
  // after it, and with control characters as visible escapes, as the terminal shows them.
  var CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
  function shown(s) {
    return String(s).replace(CONTROL, function (c) { return '\\x' + ('0' + c.charCodeAt(0).toString(16)).slice(-2); });
  }
  function iso(s) { return h('bdi', { text: shown(s) }); }
  function isoJoin(parts) {  // nodes: each part isolated, joined by middle dots
    var out = [];
    parts.forEach(function (p, i) { if (i) out.push(' \u00b7 '); out.push(typeof p === 'string' ? iso(p) : p); });
    return out;
  }
  function isoText(s) { return '\u2068' + shown(s).replace(/[\u2066-\u2069]/g, '') + '\u2069'; }
  function docLabel(id) {
    var d = docs[id];
    return d && d.title ? d.title : id;
  }
  function docMeta(id) {
    var d = docs[id] || {};
    return [d.date, d.source].filter(Boolean);
  }
  // Info findings (a count reconciled, a former name) are notes, not suspects: drawn in the info colour.
  function lead(f) { return f.severity === 'info' ? 'noted' : 'suspect'; }
  // As the README reads them: a flag (warning, error) has a confidence, and its severity follows it
  // (95% and above is an error); an info finding is a note for the reviewer, not a flag, so it shows
  // no percentage beside the flags' ones and sorts after them.
  function confText(f) { return f.severity === 'info' ? 'note' : Math.round(f.confidence * 100) + '%'; }
  function confTitle(f) {
    return f.severity === 'info'
      ? 'A note for the reviewer, not a flag: nothing to fix unless it shows a slip'
      : 'Confidence ' + Math.round(f.confidence * 100) + '%: how often findings like this were right on the dev bench '
        + '(from 95% an error, below that a warning)';
  }
  function stateText(f) {
    var d = decisionOf(f.id);
    if (!d || !d.status) return '';
    var t = STATUS_LABEL[d.status] || d.status;
    if (d.scope === 'rule') t += ' (rule here)';
    return d.carried ? t + ' \u00b7 earlier review' : t;
  }
  function stateNode(f) {
    var st = statusOf(f);
    return h('span', { class: 'state' + (st ? ' is-' + st : ''), text: stateText(f) });
  }
  // The head of a margin note; a queue row's open part repeats only what its line leaves out.
  function badges(f, inRow) {
    return h('div', { class: 'card-head' },
      inRow ? null : h('span', { class: 'badge sev sev-' + f.severity, text: SEV_LABEL[f.severity] || f.severity }),
      h('span', { class: 'badge cat', text: f.category }),
      inRow ? null : h('code', { class: 'rule', text: f.rule }),
      h('span', { class: 'conf', title: confTitle(f),
                  text: f.severity === 'info' ? 'note, not a flag' : 'confidence ' + confText(f) }),
      inRow ? null : stateNode(f));
  }
  function shortDoc(id) { var parts = String(id).split('/'); return parts[parts.length - 1]; }
  function whereOf(f) { return where(f); } // previewBulk's own 'where' is the bulk scope
  function where(f) {
    var e = f.evidence[0];
    if (!e) return '';
    return [iso(shortDoc(e.doc)), e.line ? ':' + e.line + ':' + e.col : ''];
  }
  // Context blocks: evidence spans that share a document and sentence are shown once.
  function blocks(f) {
    var out = [];
    var index = {};
    f.evidence.forEach(function (e, k) {
      var key = e.ok ? e.doc + '\u0000' + e.cs + '\u0000' + e.ce : null;
      var b = key !== null ? index[key] : undefined;
      if (b === undefined) {
        b = { doc: e.doc, ev: e, marks: [], suspect: false, lead: lead(f) };
        if (key !== null) index[key] = b;
        out.push(b);
      }
      b.marks.push({ start: e.start, end: e.end, kind: k === 0 ? lead(f) : 'support', k: k });
      if (k === 0) b.suspect = true;
    });
    return out;
  }
  function contextNode(b) {
    var e = b.ev;
    var q = h('blockquote', { class: 'ctx' });
    if (!e.ok) { // text unavailable or offsets do not match: show the cited text alone
      q.appendChild(h('mark', { class: b.marks[0].kind, text: e.text }));
      return q;
    }
    var text = docs[e.doc].text;
    var pos = e.cs;
    if (e.cl) q.appendChild(document.createTextNode('\u2026'));
    b.marks.slice().sort(function (x, y) { return x.start - y.start || x.k - y.k; }).forEach(function (m) {
      var s = Math.max(m.start, pos);
      if (s >= m.end) return; // fully overlapped by an earlier mark
      if (s > pos) q.appendChild(document.createTextNode(text.slice(pos, s)));
      q.appendChild(h('mark', { class: m.kind, title: m.kind === 'support' ? 'evidence span' : m.kind + ' span',
                                text: text.slice(s, m.end) }));
      pos = m.end;
    });
    if (pos < e.ce) q.appendChild(document.createTextNode(text.slice(pos, e.ce)));
    if (e.cr) q.appendChild(document.createTextNode('\u2026'));
    return q;
  }
  // Where an editor finds the span: line and column in the file (and the archive record's own line).
  function lineCol(e) {
    if (!e.line) return '';
    var rec = (docs[e.doc] || {}).record_line;
    return (rec ? 'record at line ' + rec + ', ' : '') + 'line ' + e.line + ', col ' + e.col;
  }
  function evidenceBlock(f, b) {
    var meta = docMeta(b.doc).map(iso).concat(lineCol(b.ev) ? [lineCol(b.ev)] : []);
    var known = !!(docs[b.doc] && docs[b.doc].text !== undefined);
    return h('section', { class: 'ev ' + (b.suspect ? 'ev-' + b.lead : 'ev-support') },
      h('div', { class: 'ev-head' },
        h('span', { class: 'role', text: b.suspect ? (b.lead === 'noted' ? 'Noted' : 'Suspect') : 'Evidence' }),
        meta.length ? h('span', { class: 'meta' }, isoJoin(meta)) : null),
      known ? h('a', { class: 'doc-link', href: docHash(b.doc, f.id),
                       title: isoText(docLabel(b.doc)) + ' \u2014 open this place in the document view' },
                  iso(docLabel(b.doc)))
            : h('span', { class: 'doc-link' }, iso(docLabel(b.doc))),
      contextNode(b));
  }
  function actButton(f, act, label, key, pressed) {
    return h('button', { type: 'button', class: 'btn act-' + act, 'data-act': act, 'aria-pressed': pressed ? 'true' : 'false',
                         'aria-keyshortcuts': key, title: label + ' (' + key + ')' }, label);
  }
  function decisionBar(f) {
    var d = decisionOf(f.id) || {};
    var own = decisions[f.id] || {};
    return h('div', { class: 'decide', role: 'group', 'aria-label': 'Reviewer decision' },
      actButton(f, 'confirmed', '\u2713 Accept', 'a', d.status === 'confirmed'),
      actButton(f, 'dismissed', '\u2715 Dismiss once', 'd', d.status === 'dismissed' && d.scope !== 'rule'),
      actButton(f, 'dismissed-rule', '\u2715 Ignore ' + f.rule + ' in this document', 'i',
                d.status === 'dismissed' && d.scope === 'rule'),
      actButton(f, 'editing', "\u270e I'll edit", 'e', d.status === 'editing'),
      h('input', { type: 'text', class: 'note', placeholder: 'Note (optional)', 'aria-label': 'Reviewer note',
                   value: own.note || '' }));
  }
  // Bulk: the same decision for every open finding of this rule, in this document or in the report.
  function bulkTargets(f, where) {
    var doc = suspectDoc(f);
    return findings.filter(function (g) {
      // one kind and one severity: clearing a rule's info notes never touches its errors
      return g.rule === f.rule && g.severity === f.severity && (where === 'all' || suspectDoc(g) === doc) && !statusOf(g);
    });
  }
  function kindOf(f, n) {
    var sev = f.severity === 'info' ? 'note' : f.severity;
    return f.rule + ' ' + sev + (n === 1 ? '' : 's');
  }
  function bulkBar(f) {
    var here = bulkTargets(f, 'doc').length, all = bulkTargets(f, 'all').length;
    var btn = function (act, scope, n, label, key) {
      return h('button', { type: 'button', class: 'btn bulk', 'data-bulk': scope, 'data-act': act, disabled: n === 0,
                           'aria-keyshortcuts': key || null, title: key ? label + ' (' + key + ')' : label }, label);
    };
    return h('div', { class: 'bulkbar', role: 'group', 'aria-label': 'Decide every open ' + kindOf(f) },
      h('span', { class: 'meta', text: 'All open ' + kindOf(f) + ':' }),
      btn('confirmed', 'doc', here, '\u2713 Accept ' + here + ' in this document', 'Shift+A'),
      btn('dismissed', 'doc', here, '\u2715 Dismiss ' + here + ' in this document', 'Shift+D'),
      btn('confirmed', 'all', all, '\u2713 Accept ' + all + ' in the report'),
      btn('dismissed', 'all', all, '\u2715 Dismiss ' + all + ' in the report'));
  }
  // A row of the queue: one line (severity, rule, document:line:col, message); its evidence,
  // decision buttons and bulk actions open in place when it is the current finding.
  function card(f) {
    var st = statusOf(f);
    var line = h('div', { class: 'line', id: 'l-' + f.id },
      h('span', { class: 'badge sev sev-' + f.severity, text: SEV_LABEL[f.severity] || f.severity }),
      h('code', { class: 'rule', text: f.rule }),
      h('span', { class: 'where', title: f.evidence.length ? isoText(f.evidence[0].doc) : '' }, where(f)),
      h('span', { class: 'msg-line', text: f.message }),
      h('span', { class: 'conf', title: confTitle(f), text: confText(f) }),
      stateNode(f));
    var detail = h('div', { class: 'detail', id: 'd-' + f.id, hidden: true },
      badges(f, true),
      f.suggestion ? h('p', { class: 'sugg' }, h('span', { class: 'lbl', text: 'Suggestion' }), ' ', f.suggestion) : null);
    var bs = blocks(f);
    var grid = h('div', { class: 'ev-grid' });
    bs.forEach(function (b, i) {
      var node = evidenceBlock(f, b);
      if (i >= MAX_EVIDENCE) node.hidden = true;
      grid.appendChild(node);
    });
    detail.appendChild(grid);
    if (bs.length > MAX_EVIDENCE) {
      detail.appendChild(h('button', { type: 'button', class: 'btn more', 'data-act': 'more' },
                           'Show ' + (bs.length - MAX_EVIDENCE) + ' more evidence'));
    }
    detail.appendChild(decisionBar(f));
    detail.appendChild(h('div', { class: 'bulk-slot' }));
    return h('article', { class: 'card sev-' + f.severity + (st ? ' is-' + st : ''), id: 'f-' + f.id, tabindex: '-1',
                          'data-id': f.id, 'aria-labelledby': 'l-' + f.id,
                          'aria-setsize': String(current.length), 'aria-posinset': String(current.indexOf(f) + 1) },
      line, detail);
  }
  // A margin note in the document view: the finding without its context, and where the rest is.
  function note(f, docId) {
    var d = decisionOf(f.id);
    var here = f.evidence[0] && f.evidence[0].doc === docId;
    var el = h('article', { class: 'card note-card sev-' + f.severity + (d && d.status ? ' is-' + d.status : ''),
                            id: 'n-' + f.id, tabindex: '0', 'data-id': f.id, 'aria-labelledby': 'nm-' + f.id },
      badges(f),
      h('p', { class: 'msg', id: 'nm-' + f.id, text: f.message }),
      f.suggestion ? h('p', { class: 'sugg' }, h('span', { class: 'lbl', text: 'Suggestion' }), ' ', f.suggestion) : null,
      here ? null : h('p', { class: 'where', text: 'Cited here as evidence.' }));
    var others = [];
    f.evidence.forEach(function (e, k) {
      if (e.doc === docId) return;
      var known = !!(docs[e.doc] && docs[e.doc].text !== undefined);
      others.push(h('li', null, h('span', { class: 'role', text: k === 0 ? 'Suspect' : 'Evidence' }), ' ',
        h('q', { text: e.text }), ' in ',
        known ? h('a', { href: docHash(e.doc, f.id) }, iso(docLabel(e.doc))) : iso(docLabel(e.doc))));
    });
    if (others.length) el.appendChild(h('ul', { class: 'others' }, others));
    el.appendChild(decisionBar(f));
    return el;
  }

  // ---------- controls ----------
  function countBy(key) {
    var c = {};
    findings.forEach(function (f) { c[f[key]] = (c[f[key]] || 0) + 1; });
    return c;
  }
  var ctl = {};
  function checkGroup(name, legend, values, counts, labels) {
    var fs = h('fieldset', { class: 'chk-group' }, h('legend', { text: legend }));
    values.forEach(function (v) {
      var id = 'chk-' + name + '-' + v.replace(/[^a-z0-9_-]/gi, '_');
      var box = h('input', { type: 'checkbox', id: id, 'data-group': name, value: v });
      fs.appendChild(h('label', { for: id, class: 'chk' + (name === 'sev' ? ' sevchk sev-' + v : '') }, box,
                       (labels && labels[v]) || v, h('span', { class: 'n', text: fmt(counts[v] || 0) })));
    });
    return fs;
  }
  function select(name, label, options) {
    var sel = h('select', { id: 'sel-' + name, 'data-field': name });
    options.forEach(function (o) { sel.appendChild(h('option', { value: o[0], text: o[1] })); });
    ctl[name] = sel;
    return h('label', { class: 'field', for: 'sel-' + name }, h('span', { text: label }), sel);
  }
  function buildControls() {
    var catCounts = countBy('category');
    var cats = DATA.categories.filter(function (c) { return catCounts[c]; });
    var sevCounts = countBy('severity');
    var sevs = ['error', 'warning', 'info'].filter(function (s) { return sevCounts[s]; });
    var ruleCounts = countBy('rule');
    var rules = Object.keys(ruleCounts).sort();
    var docCounts = {};
    findings.forEach(function (f) {
      var seen = {};
      f.evidence.forEach(function (e) {
        // the filter picks a checked document: reference material is only ever cited
        if (!seen[e.doc] && !(docs[e.doc] && docs[e.doc].reference)) { seen[e.doc] = 1; docCounts[e.doc] = (docCounts[e.doc] || 0) + 1; }
      });
    });
    var docIds = Object.keys(docCounts).sort(function (a, b) {
      return (a in docOrder ? docOrder[a] : 1e9) - (b in docOrder ? docOrder[b] : 1e9) || (a < b ? -1 : a > b ? 1 : 0);
    });
    var q = h('input', { type: 'search', id: 'q', placeholder: 'Search messages, spans, titles\u2026',
                         'aria-label': 'Free-text search', autocomplete: 'off' });
    ctl.q = q;
    progressEl = h('span', { class: 'progress' });
    var file = h('input', { type: 'file', id: 'import-file', accept: '.json,application/json', class: 'visually-hidden' });
    file.addEventListener('change', function () { if (file.files && file.files[0]) importDecisions(file.files[0]); file.value = ''; });
    var exportBtn = h('button', { type: 'button', class: 'btn primary', id: 'export' }, 'Export decisions');
    exportBtn.addEventListener('click', exportDecisions);
    var importBtn = h('button', { type: 'button', class: 'btn', id: 'import' }, 'Import\u2026');
    importBtn.addEventListener('click', function () { file.click(); });
    var reset = h('a', { href: '#', class: 'reset', text: 'Clear filters' });

    // One line of controls; the filters fold away under a button that says how many are on.
    var filtersBtn = h('button', { type: 'button', class: 'btn', id: 'filters-toggle', 'aria-expanded': 'false',
                                   'aria-controls': 'filters' }, 'Filters');
    var helpBtn = h('button', { type: 'button', class: 'btn', id: 'help-open', title: 'Keyboard shortcuts (?)',
                                'aria-keyshortcuts': '?' }, '? Keys');
    var filters = h('div', { id: 'filters', class: 'filters', hidden: true },
      h('div', { class: 'row' },
        checkGroup('sev', 'Severity', sevs, sevCounts, SEV_LABEL),
        checkGroup('cat', 'Category', cats, catCounts)),
      h('div', { class: 'row' },
        select('rule', 'Rule', [['', 'All rules']].concat(rules.map(function (r) { return [r, r + ' (' + ruleCounts[r] + ')']; }))),
        select('doc', 'Document', [['', 'All documents']].concat(docIds.map(function (id) {
          var label = docLabel(id);
          return [id, (label !== id ? isoText(label) + ' \u2014 ' + isoText(id) : isoText(id)) + ' (' + docCounts[id] + ')'];
        }))),
        select('st', 'Decision', [['', 'Any'], ['open', 'Not reviewed'], ['confirmed', 'Accepted'],
                                  ['dismissed', 'Dismissed'], ['editing', "I'll edit"]]),
        reset));
    filtersBtn.addEventListener('click', function () { showFilters(filters.hidden); });
    controlsEl.replaceChildren(
      h('div', { class: 'row row-search' },
        h('label', { class: 'field grow', for: 'q' }, h('span', { class: 'visually-hidden', text: 'Search' }), q),
        select('sort', 'Sort', [['severity', 'Severity, then document'], ['report', 'Document order'],
                                ['confidence', 'Confidence'],
                                ['rule', 'Rule code'], ['category', 'Category']]),
        filtersBtn,
        h('div', { class: 'review' }, progressEl, exportBtn, importBtn, file, helpBtn)),
      filters);
    ctl.filtersBtn = filtersBtn;
    ctl.filters = filters;
    if (activeFilters()) showFilters(true);
    updateProgress();

    controlsEl.addEventListener('change', function (ev) {
      var t = ev.target;
      if (t.dataset.group) {
        var group = t.dataset.group;
        state[group] = Array.prototype.slice.call(controlsEl.querySelectorAll('input[data-group="' + group + '"]:checked'))
          .map(function (x) { return x.value; });
      } else if (t.dataset.field) {
        state[t.dataset.field] = t.value;
      } else return;
      state.p = 1; state.f = '';
      commit(true);
    });
    var typing = null;
    q.addEventListener('input', function () {
      clearTimeout(typing);
      typing = setTimeout(function () { state.q = q.value.trim(); state.p = 1; state.f = ''; commit(true); }, 120);
    });
  }
  function activeFilters() {
    return state.sev.length + state.cat.length + (state.rule ? 1 : 0) + (state.doc ? 1 : 0) + (state.st ? 1 : 0);
  }
  function showFilters(open) {
    ctl.filters.hidden = !open;
    ctl.filtersBtn.setAttribute('aria-expanded', open ? 'true' : 'false');
    syncControls();
  }
  function syncControls() {
    var n = activeFilters();
    ctl.filtersBtn.textContent = (ctl.filters.hidden ? '▸ ' : '▾ ') + 'Filters' + (n ? ' (' + n + ' on)' : '');
    controlsEl.querySelectorAll('input[data-group]').forEach(function (x) {
      x.checked = state[x.dataset.group].indexOf(x.value) >= 0;
    });
    ['sort', 'rule', 'doc', 'st'].forEach(function (k) { if (ctl[k]) ctl[k].value = state[k]; });
    if (document.activeElement !== ctl.q) ctl.q.value = state.q;
  }

  // ---------- list view ----------
  var current = [];
  function pager(total, pages) {
    return pagerEls.forEach(function (el) {
      if (pages <= 1) { el.replaceChildren(); el.hidden = true; return; }
      el.hidden = false;
      var mk = function (label, p, disabled) {
        var b = h('button', { type: 'button', class: 'btn', 'data-page': String(p), disabled: disabled }, label);
        return b;
      };
      el.replaceChildren(
        mk('\u2190 Previous', state.p - 1, state.p <= 1),
        h('span', { class: 'pageno', text: 'Page ' + fmt(state.p) + ' of ' + fmt(pages) }),
        mk('Next \u2192', state.p + 1, state.p >= pages));
    });
  }
  function renderList(all) {
    var start = performance.now();
    current = filtered(state);
    var pages = Math.max(1, Math.ceil(current.length / PAGE_SIZE));
    if (state.f) { // a shared link to one finding: open the page that holds it
      var at = current.findIndex(function (f) { return f.id === state.f; });
      if (at >= 0) state.p = Math.floor(at / PAGE_SIZE) + 1;
    }
    if (state.p > pages) state.p = pages;
    var slice = all ? current : current.slice((state.p - 1) * PAGE_SIZE, state.p * PAGE_SIZE);
    var frag = document.createDocumentFragment();
    slice.forEach(function (f) { frag.appendChild(card(f)); });
    if (!slice.length) {
      frag.appendChild(h('p', { class: 'empty', text: findings.length ? 'No finding matches these filters.'
                                                                   : 'No findings: the documents agree with each other.' }));
    }
    listEl.replaceChildren(frag);
    var first = current.length ? (state.p - 1) * PAGE_SIZE + 1 : 0;
    countEl.textContent = current.length === findings.length
      ? fmt(findings.length) + ' finding' + (findings.length === 1 ? '' : 's')
      : fmt(current.length) + ' of ' + fmt(findings.length) + ' findings match';
    if (!all && current.length > PAGE_SIZE) {
      countEl.textContent += ' \u00b7 showing ' + fmt(first) + '\u2013' + fmt(Math.min(current.length, state.p * PAGE_SIZE));
    }
    pager(current.length, all ? 1 : pages);
    syncControls();
    var keep = $('f-' + (state.f || curId));
    setCurrent(keep || listEl.querySelector('.card'), !!state.f);
    if (state.f && keep) keep.classList.add('focus');
    window.__fcRender = { view: 'list', ms: performance.now() - start, shown: slice.length, matched: current.length };
  }
  // The current finding: the one row that is open, in the tab order and announced as current.
  var curId = '';
  function setCurrent(row, focus) {
    var old = listEl.querySelector('.card.cur');
    if (old && old !== row) {
      old.classList.remove('cur');
      old.setAttribute('tabindex', '-1');
      old.removeAttribute('aria-current');
      old.querySelector('.detail').hidden = true;
    }
    if (!row) { curId = ''; return; }
    curId = row.getAttribute('data-id');
    row.classList.add('cur');
    row.setAttribute('tabindex', '0');
    row.setAttribute('aria-current', 'true');
    row.querySelector('.detail').hidden = false;
    refreshBulk(row);
    if (focus) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: 'nearest' });
    }
  }
  function refreshBulk(row) {
    var slot = row.querySelector('.bulk-slot');
    if (slot) slot.replaceChildren(bulkBar(byId[row.getAttribute('data-id')]));
  }
  // Move to the finding ``id`` of the filtered list, turning the page when it is on another.
  function goTo(id, focus) {
    var at = current.findIndex(function (f) { return f.id === id; });
    if (at < 0) return false;
    var page = Math.floor(at / PAGE_SIZE) + 1;
    if (page !== state.p) {
      state.p = page; state.f = '';
      curId = id;
      commit(true);
    }
    setCurrent($('f-' + id), focus);
    return true;
  }
  // After a decision: the next finding nobody has decided, after this one, else from the top.
  function advance(fromId) {
    var at = current.findIndex(function (f) { return f.id === fromId; });
    var order = current.slice(at + 1).concat(current.slice(0, Math.max(0, at)));
    var next = order.find(function (f) { return !statusOf(f); });
    if (next) goTo(next.id, true);
    else announce('Every finding in this list has a decision.');
  }

  // ---------- document view ----------
  function renderDoc() {
    var start = performance.now();
    var d = docs[state.id];
    var back = h('a', { href: lastList, class: 'back', text: '\u2190 All findings' });
    if (!d || d.text === undefined) {
      docEl.replaceChildren(h('nav', { class: 'crumbs' }, back),
                            h('p', { class: 'empty', text: 'This report does not hold the text of document ' + state.id + '.' }));
      return;
    }
    var text = d.text;
    var marks = [];
    var cited = [];
    var anchorAt = {}; // a note sits by the suspect span when it is here, else by the first evidence span
    findings.forEach(function (f) {
      var first = null, suspect = null;
      f.evidence.forEach(function (e, k) {
        if (e.doc !== d.id || !e.ok) return;
        marks.push({ start: e.start, end: e.end, kind: k === 0 ? lead(f) : 'support', f: f.id });
        if (k === 0) suspect = e.start;
        if (first === null || e.start < first) first = e.start;
      });
      if (first === null) return;
      var at = suspect !== null ? suspect : first;
      cited.push({ f: f, at: at });
      anchorAt[f.id] = at;
    });
    cited.sort(function (a, b) { return a.at - b.at || a.f._i - b.f._i; });
    var nSuspect = marks.filter(function (m) { return m.kind === 'suspect'; }).length;

    // paragraphs: non-empty lines, kept with their offsets
    var paras = [];
    var re = /[^\n]+/g, m;
    while ((m = re.exec(text)) !== null) if (m[0].trim()) paras.push([m.index, m.index + m[0].length]);
    if (!paras.length) paras.push([0, text.length]);

    var cuts = {};
    marks.forEach(function (mk) { cuts[mk.start] = 1; cuts[mk.end] = 1; });
    var cutList = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var column = h('div', { class: 'doc-text' });
    paras.forEach(function (pr) {
      var ps = pr[0], pe = pr[1];
      var p = h('p', { class: 'para' });
      var points = [ps].concat(cutList.filter(function (c) { return c > ps && c < pe; }), [pe]);
      for (var i = 0; i + 1 < points.length; i++) {
        var a = points[i], b = points[i + 1];
        var on = marks.filter(function (mk) { return mk.start < b && mk.end > a; });
        var chunk = text.slice(a, b);
        if (!on.length) { p.appendChild(document.createTextNode(chunk)); continue; }
        var kind = ['suspect', 'noted', 'support'].filter(function (kd) {
          return on.some(function (mk) { return mk.kind === kd; });
        })[0];
        var ids = [];
        on.forEach(function (mk) { if (ids.indexOf(mk.f) < 0) ids.push(mk.f); });
        var anchored = ids.filter(function (fid) { return anchorAt[fid] === a; });
        p.appendChild(h('mark', { class: kind + (on.length > 1 ? ' multi' : ''), 'data-f': ids.join(' '),
                                  'data-a': anchored.length ? anchored.join(' ') : null,
                                  title: ids.length + ' finding' + (ids.length === 1 ? '' : 's'), text: chunk }));
      }
      column.appendChild(p);
    });
    var margin = h('aside', { class: 'margin', 'aria-label': 'Findings in this document' });
    cited.forEach(function (c) { margin.appendChild(note(c.f, d.id)); });
    var body = h('div', { class: 'doc-body' }, column, margin);
    var meta = [d.id, d.date, d.source, d.path !== d.id ? d.path : null].filter(Boolean);
    docEl.replaceChildren(
      h('nav', { class: 'crumbs' }, back),
      h('header', { class: 'doc-head' },
        h('h2', { id: 'doc-title' }, iso(d.title || d.id)),
        h('p', { class: 'meta' }, isoJoin(meta)),
        h('p', { class: 'doc-stats' },
          cited.length + ' finding' + (cited.length === 1 ? '' : 's') + ' cite this document: ',
          h('mark', { class: 'suspect', text: nSuspect + ' suspect span' + (nSuspect === 1 ? '' : 's') }), ', ',
          h('mark', { class: 'support', text: (marks.length - nSuspect) + ' evidence span' + (marks.length - nSuspect === 1 ? '' : 's') }),
          '.')),
      body);
    document.title = isoText(d.title || d.id) + ' \u2014 factcheck report';
    if (state.f) focusFinding(state.f, true);
    else { layoutMargin(); window.scrollTo(0, 0); }
    window.__fcRender = { view: 'doc', ms: performance.now() - start, shown: cited.length, matched: cited.length };
  }
  // Margin notes sit level with their first span, pushed down where they would overlap.
  var narrow = window.matchMedia('(max-width: 860px), print');
  function layoutMargin(focusId) {
    var margin = docEl.querySelector('.margin');
    if (!margin) return;
    var notes = Array.prototype.slice.call(margin.children);
    if (narrow.matches) {
      margin.classList.remove('placed');
      margin.style.height = '';
      notes.forEach(function (n) { n.style.top = ''; });
      return;
    }
    margin.classList.add('placed');
    var base = margin.getBoundingClientRect().top;
    var anchors = {};
    ['data-a', 'data-f'].forEach(function (attr) {
      docEl.querySelectorAll('mark[' + attr + ']').forEach(function (mk) {
        mk.getAttribute(attr).split(' ').forEach(function (fid) { if (!anchors[fid]) anchors[fid] = mk; });
      });
    });
    var want = notes.map(function (n) {
      var a = anchors[n.getAttribute('data-id')];
      return a ? a.getBoundingClientRect().top - base - 6 : 0;
    });
    var heights = notes.map(function (n) { return n.offsetHeight; });
    // The focused note sits level with its span; the others stack below and above it.
    var pivot = Math.max(0, notes.findIndex(function (n) { return n.getAttribute('data-id') === focusId; }));
    var tops = [];
    var y = pivot === 0 ? 0 : -Infinity;
    for (var i = pivot; i < notes.length; i++) { tops[i] = Math.max(want[i], y); y = tops[i] + heights[i] + 8; }
    var limit = tops[pivot] - 8;
    for (var j = pivot - 1; j >= 0; j--) { tops[j] = Math.min(want[j], limit - heights[j]); limit = tops[j] - 8; }
    var shift = tops.length && tops[0] < 0 ? -tops[0] : 0;
    notes.forEach(function (n, k) { n.style.top = (tops[k] + shift) + 'px'; });
    margin.style.height = (y + shift) + 'px';
  }
  window.addEventListener('resize', function () { if (state.view === 'doc') layoutMargin(currentFocus()); });
  if (narrow.addEventListener) narrow.addEventListener('change', function () { if (state.view === 'doc') layoutMargin(currentFocus()); });

  function currentFocus() {
    var n = docEl.querySelector('.note-card.focus');
    return n ? n.getAttribute('data-id') : '';
  }
  function focusFinding(fid, scroll) {
    docEl.querySelectorAll('.focus').forEach(function (x) { x.classList.remove('focus'); });
    var marks = docEl.querySelectorAll('mark[data-f]');
    var first = null;
    marks.forEach(function (mk) {
      if ((' ' + mk.getAttribute('data-f') + ' ').indexOf(' ' + fid + ' ') >= 0) {
        mk.classList.add('focus');
        if (!first) first = mk;
      }
    });
    var n = $('n-' + fid);
    if (n) n.classList.add('focus');
    // Focus first: a note's height depends on it (:focus-within opens it), so measuring before the
    // focus moved placed every note by the heights they had a moment earlier and they drifted.
    if (scroll && n) n.focus({ preventScroll: true });
    layoutMargin(fid);
    if (scroll) (first || n || docEl).scrollIntoView({ block: 'center' });
  }

  // ---------- render ----------
  function render(all) {
    var isDoc = state.view === 'doc';
    summaryEl.hidden = isDoc;
    controlsEl.hidden = isDoc;
    $('results').hidden = isDoc;
    docEl.hidden = !isDoc;
    app.setAttribute('data-view', state.view);
    if (isDoc) renderDoc();
    else { document.title = DATA.title; renderList(all); }
  }

  // ---------- events ----------
  function findingOf(el) {
    var c = el && el.closest ? el.closest('.card') : null;
    return c ? byId[c.getAttribute('data-id')] : null;
  }
  function refreshCard(f) {
    document.querySelectorAll('.card[data-id="' + f.id + '"]').forEach(function (c) {
      var d = decisionOf(f.id) || {};
      ['confirmed', 'dismissed', 'editing'].forEach(function (st) { c.classList.toggle('is-' + st, d.status === st); });
      c.querySelectorAll('.state').forEach(function (x) { x.replaceWith(stateNode(f)); });
      c.querySelectorAll('button[data-act]:not([data-bulk])').forEach(function (b) {
        var act = b.getAttribute('data-act');
        var on = act === 'dismissed-rule' ? d.status === 'dismissed' && d.scope === 'rule'
          : act === 'dismissed' ? d.status === 'dismissed' && d.scope !== 'rule' : d.status === act;
        if (act !== 'more') b.setAttribute('aria-pressed', on ? 'true' : 'false');
      });
      if (c.classList.contains('cur')) refreshBulk(c);
    });
  }
  function refreshAll() {
    findings.forEach(function (f) { if ($('f-' + f.id) || $('n-' + f.id)) refreshCard(f); });
  }
  var toastEl = $('toast');
  var pendingBulk = null; // { f, status, where, targets } while its preview asks
  function hideToast() { toastEl.hidden = true; pendingBulk = null; statusEl.removeAttribute('data-quiet'); }
  function toast(msg) {
    pendingBulk = null;
    toastEl.replaceChildren(h('span', { text: msg }), ' ',
      h('button', { type: 'button', class: 'btn', 'data-undo': '1', title: 'Undo (u)' }, 'Undo'));
    toastEl.hidden = false;
    announce(msg + ' Press u to undo.');
    statusEl.setAttribute('data-quiet', ''); // the toast shows it: the live region only reads it out
  }
  // A bulk decision first shows how many findings and which; Apply (Enter) or Cancel (Esc).
  var PREVIEW_MAX = 8;
  function previewBulk(f, status, where) {
    var targets = bulkTargets(f, where);
    if (!targets.length) {
      announce('No open ' + kindOf(f) + ' left ' + (where === 'all' ? 'in the report.' : 'in this document.'));
      return;
    }
    var verb = status === 'confirmed' ? 'Accept' : 'Dismiss';
    var doc = where === 'all' ? null : shortDoc(suspectDoc(f));
    var lead = verb + ' ' + targets.length + ' open ' + kindOf(f, targets.length);
    var title = lead + (doc === null ? ' in the report' : ' in ' + isoText(doc)) + '?';  // read out
    var heading = doc === null ? h('strong', { text: title }) : h('strong', null, lead + ' in ', iso(doc), '?');
    var list = h('ul', { class: 'bulk-list' });
    targets.slice(0, PREVIEW_MAX).forEach(function (g) {
      list.appendChild(h('li', null, h('span', { class: 'where' }, whereOf(g)), ' ', g.message));
    });
    if (targets.length > PREVIEW_MAX) list.appendChild(h('li', { class: 'meta', text: 'and ' + (targets.length - PREVIEW_MAX) + ' more' }));
    var apply = h('button', { type: 'button', class: 'btn primary', 'data-apply': '1' }, verb + ' ' + targets.length);
    toastEl.replaceChildren(h('div', { class: 'bulk-preview' }, heading, list,
      h('div', { class: 'bulk-actions' }, apply, h('button', { type: 'button', class: 'btn', 'data-cancel': '1' }, 'Cancel'))));
    toastEl.hidden = false;
    pendingBulk = { f: f, status: status, where: where, targets: targets };
    announce(title + ' Enter applies, Escape cancels.');
    statusEl.setAttribute('data-quiet', '');
    apply.focus({ preventScroll: true });
  }
  function cancelBulk() {
    var p = pendingBulk;
    hideToast();
    if (p) { var row = $('f-' + p.f.id); if (row) row.focus({ preventScroll: true }); announce('Nothing decided.'); }
  }
  // act: confirmed, dismissed, dismissed-rule or editing. The same act again clears the decision.
  function decide(f, act, advancing) {
    var status = act === 'dismissed-rule' ? 'dismissed' : act;
    var scope = act === 'dismissed-rule' ? 'rule' : 'finding';
    var d = decisions[f.id] || {};
    var same = d.status === status && (d.scope || 'finding') === scope;
    // a rule's scope set or cleared changes how its other findings in the document are drawn
    var touched = findings.filter(function (g) { return ruleKey(g) === ruleKey(f); });
    snapshot([f], same ? f.rule + ' decision cleared' : f.rule + ' ' + (STATUS_LABEL[status] || status).toLowerCase());
    setDecision(f, same ? '' : status, undefined, scope);
    touched.forEach(refreshCard);
    announce(same ? f.rule + ' decision cleared.'
      : f.rule + ' ' + (STATUS_LABEL[status] || status).toLowerCase()
        + (scope === 'rule' ? ' with every ' + f.rule + ' in this document (' + touched.length + ').' : '.'));
    if (!same && advancing) {
      if (state.view === 'list') advance(f.id); else moveNote(f.id, 1);
    }
  }
  function bulk(f, status, where, targets) {
    targets = targets.filter(function (g) { return !statusOf(g); });
    if (!targets.length) { hideToast(); return; }
    var label = (status === 'confirmed' ? 'accepted ' : 'dismissed ') + targets.length + ' ' + kindOf(f, targets.length)
      + (where === 'all' ? ' in the report' : ' in ' + isoText(shortDoc(suspectDoc(f))));
    snapshot(targets, label);
    targets.forEach(function (g) { setDecision(g, status, undefined, 'finding'); });
    targets.forEach(refreshCard);
    toast(label.charAt(0).toUpperCase() + label.slice(1) + '.');
    if (state.view === 'list' && statusOf(f)) advance(f.id); // the current one was among them
  }
  function moveNote(id, step) {
    var notes = Array.prototype.slice.call(docEl.querySelectorAll('.card'));
    var i = notes.findIndex(function (n) { return n.getAttribute('data-id') === id; });
    var n = notes[Math.max(0, Math.min(notes.length - 1, i + step))];
    if (n) { n.focus(); n.scrollIntoView({ block: 'nearest' }); }
  }
  app.addEventListener('click', function (ev) {
    var b = ev.target.closest('button');
    if (!b) {
      var mk = ev.target.closest('mark[data-f]');
      if (mk && state.view === 'doc') { focusFinding(mk.getAttribute('data-f').split(' ')[0], true); return; }
      var line = ev.target.closest('#list .card .line');
      if (line && !ev.target.closest('a')) setCurrent(line.parentNode, true);
      return;
    }
    if (b.hasAttribute('data-page')) {
      state.p = parseInt(b.getAttribute('data-page'), 10); state.f = ''; curId = '';
      commit(false);
      $('results').scrollIntoView();
      return;
    }
    if (b.hasAttribute('data-undo')) { undo(); return; }
    if (b.hasAttribute('data-apply') && pendingBulk) {
      var p = pendingBulk;
      bulk(p.f, p.status, p.where, p.targets);
      return;
    }
    if (b.hasAttribute('data-cancel')) { cancelBulk(); return; }
    if (b.id === 'help-open' || b.id === 'help-close') { toggleHelp(); return; }
    var act = b.getAttribute('data-act');
    var f = findingOf(b);
    if (!f) return;
    if (b.hasAttribute('data-bulk')) previewBulk(f, act, b.getAttribute('data-bulk'));
    else if (act === 'more') {
      b.closest('.card').querySelectorAll('.ev[hidden]').forEach(function (x) { x.hidden = false; });
      b.remove();
    } else if (STATUS_LABEL[act] || act === 'dismissed-rule') decide(f, act, false);
  });
  var noteTimer = null;
  app.addEventListener('input', function (ev) {
    if (!ev.target.classList.contains('note')) return;
    var f = findingOf(ev.target), value = ev.target.value;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(function () { setDecision(f, undefined, value); }, 250);
  });
  app.addEventListener('change', function (ev) {
    if (!ev.target.classList.contains('note')) return;
    clearTimeout(noteTimer);
    setDecision(findingOf(ev.target), undefined, ev.target.value);
  });
  docEl.addEventListener('focusin', function (ev) {
    var c = ev.target.closest('.note-card');
    if (c && !c.classList.contains('focus')) focusFinding(c.getAttribute('data-id'), false);
  });
  listEl.addEventListener('focusin', function (ev) {
    var c = ev.target.closest('.card');
    if (c && !c.classList.contains('cur')) setCurrent(c, false);
  });
  var helpEl = $('help');
  var helpReturn = null;
  function toggleHelp() {
    if (helpEl.hidden) {
      helpReturn = document.activeElement;
      helpEl.hidden = false;
      $('help-close').focus();
    } else {
      helpEl.hidden = true;
      if (helpReturn && helpReturn.focus) helpReturn.focus();
    }
  }
  // Keys: j/k (or arrows on a row) move; a accept, d dismiss once, i ignore the rule in this document,
  // e I'll edit, each then moving to the next open finding; Shift+A / Shift+D the same for every
  // open finding of the rule in this document; u undo; o document view; / search; ? help.
  var KEYS = { a: 'confirmed', c: 'confirmed', d: 'dismissed', x: 'dismissed', i: 'dismissed-rule', e: 'editing' };
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT');
    if (typing) { if (ev.key === 'Escape') t.blur(); return; }
    var key = ev.key;
    if (key === '?') { toggleHelp(); ev.preventDefault(); return; }
    if (key === 'Escape' && !helpEl.hidden) { toggleHelp(); ev.preventDefault(); return; }
    if (key === 'Escape' && pendingBulk) { cancelBulk(); ev.preventDefault(); return; }
    if (pendingBulk && t && t.closest && t.closest('#toast')) return; // Enter and Tab work the preview's buttons
    if (key === 'u') { undo(); ev.preventDefault(); return; }
    var isDoc = state.view === 'doc';
    var cur = isDoc ? (t && t.closest ? t.closest('#docview .card') : null) : $('f-' + curId);
    var onRow = cur && t === cur;
    if (onRow && (key === 'ArrowDown' || key === 'ArrowUp')) key = key === 'ArrowDown' ? 'j' : 'k';
    if (key === 'j' || key === 'k') {
      var step = key === 'j' ? 1 : -1;
      if (isDoc) {
        if (cur) moveNote(cur.getAttribute('data-id'), step);
        else moveNote('', 1);
      } else if (!listEl.contains(document.activeElement) && cur) {
        setCurrent(cur, true); // the first key brings the focus to the current row
      } else {
        var rows = Array.prototype.slice.call(listEl.querySelectorAll('.card'));
        var n = rows[Math.max(0, Math.min(rows.length - 1, rows.indexOf(cur) + step))];
        if (n) setCurrent(n, true);
      }
      ev.preventDefault();
    } else if (KEYS[key] && cur) {
      decide(byId[cur.getAttribute('data-id')], KEYS[key], true);
      ev.preventDefault();
    } else if ((key === 'A' || key === 'D') && cur) {
      previewBulk(byId[cur.getAttribute('data-id')], key === 'A' ? 'confirmed' : 'dismissed', 'doc');
      ev.preventDefault();
    } else if (key === 'o' && cur) {
      var a = cur.querySelector('a.doc-link');
      if (a) { location.hash = a.getAttribute('href'); ev.preventDefault(); }
    } else if (key === '/' && !isDoc) {
      ctl.q.focus(); ev.preventDefault();
    }
  });
  window.addEventListener('hashchange', function () {
    var ours = pendingHash !== null && location.hash === pendingHash;
    pendingHash = null;
    if (ours) return;
    state = parseHash();
    if (state.view === 'list') lastList = listHash(state);
    render();
  });
  // Print everything that matches the filters, not only the current page.
  window.addEventListener('beforeprint', function () { if (state.view === 'list') render(true); });
  window.addEventListener('afterprint', function () { if (state.view === 'list') render(); });

  buildControls();
  if (!storageOk) announce('This browser blocks local storage: decisions last until the page is closed; export them.');
  render();
  // The open finding has the keyboard focus from the start, so the first j moves on from it. Not in a
  // page that does not have the focus (the served review frame while the reviewer types the draft).
  if (state.view === 'list' && curId && document.activeElement === document.body && document.hasFocus()) {
    $('f-' + curId).focus({ preventScroll: true });
  }
  window.__fcFirstRender = performance.now() - t0; // script start to first cards, ms
  window.__fcReadyAt = performance.now(); // since navigation start, ms
  app.setAttribute('data-ready', 'true');
})();
