/* The served page: sends the draft to POST /v1/review as it changes and shows the review page of
   its findings (the HTML report, decisions kept by the service) in the frame below. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var text = $('text'), story = $('story'), title = $('title'), who = $('who');
  var frame = $('review'), state = $('state'), exportLink = $('export');
  var timer = null, sent = '', running = false, again = false;
  var WAIT_MS = 900; // after the last keystroke: a check per pause, not per key

  try { who.value = window.localStorage.getItem('factcheck.serve.who') || ''; } catch (e) { /* no storage */ }
  who.addEventListener('change', function () {
    try { window.localStorage.setItem('factcheck.serve.who', who.value); } catch (e) { /* no storage */ }
    if (frame.dataset.url) show(frame.dataset.url);
  });

  function say(msg, bad) { state.textContent = msg; state.className = bad ? 'bad' : ''; }
  function show(url) {
    frame.dataset.url = url;
    frame.src = url + '?who=' + encodeURIComponent(who.value) + '&t=' + Date.now();
    frame.hidden = false;
  }
  function check(force) {
    var body = JSON.stringify({ text: text.value, story: story.value || 'draft', title: title.value || null, who: who.value });
    if (!text.value.trim()) { say('Paste a draft to check it.'); return; }
    if (body === sent && !force) return;
    if (running) { again = true; return; }
    running = true; sent = body;
    say('Checking…');
    fetch('/v1/review', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body, credentials: 'same-origin' })
      .then(function (r) { return r.json().then(function (j) { return [r, j]; }); })
      .then(function (rj) {
        var r = rj[0], j = rj[1];
        if (!r.ok) { say((j.error ? j.error.code + ' ' + j.error.message + '. ' + j.error.fix : 'HTTP ' + r.status), true); return; }
        var s = j.by_severity;
        say(j.findings + ' finding' + (j.findings === 1 ? '' : 's') + ' (' + s.error + ' error, ' + s.warning + ' warning, ' +
            s.info + ' info) in ' + j.seconds.toFixed(2) + ' s' + (j.errors.length ? '; ' + j.errors[0].message : ''));
        exportLink.href = '/v1/decisions/' + j.key + '?download=true';
        exportLink.hidden = false;
        show(j.url);
      })
      .catch(function (e) { say('The service did not answer (' + e.message + ').', true); })
      .then(function () { running = false; if (again) { again = false; check(false); } });
  }
  text.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(check, WAIT_MS); });
  $('draft-form').addEventListener('submit', function (ev) { ev.preventDefault(); clearTimeout(timer); check(true); });
  $('file').addEventListener('change', function () {
    var f = this.files && this.files[0];
    if (!f) return;
    var reader = new FileReader();
    reader.onload = function () {
      text.value = String(reader.result);
      if (!title.value) title.value = f.name.replace(/\.[^.]*$/, '');
      check(true);
    };
    reader.readAsText(f);
    this.value = '';
  });
}());
