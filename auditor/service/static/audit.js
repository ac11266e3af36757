// Keeps an audit's page up to date while it runs: polls the API, updates the progress,
// reloads the page once the audit has finished. Without JavaScript, the page refreshes itself.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) { return; }
  var id = box.getAttribute("data-audit");
  var labels = { queued: "Waiting", running: "Running", done: "Done", failed: "Failed", interrupted: "Interrupted" };
  var finished = { done: true, failed: true, interrupted: true };
  var last = "";

  function show(audit) {
    var text = document.getElementById("progress-text");
    var bar = document.getElementById("progress-bar");
    var total = audit.progress.total, done = audit.progress.done;
    var line = (labels[audit.status] || audit.status) + " " + done + " of " + total + (total === 1 ? " page" : " pages") + " audited.";
    if (line !== last) {
      text.textContent = line;
      last = line;
    }
    if (bar) { bar.max = total; bar.value = done; }
  }

  function poll() {
    fetch("/api/audits/" + encodeURIComponent(id) + "?results=false", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (audit) {
        if (!audit) { setTimeout(poll, 5000); return; }
        show(audit);
        if (finished[audit.status]) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 500);
})();
