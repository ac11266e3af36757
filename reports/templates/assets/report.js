/* Optional enhancements of the report: filter by impact, rule and engine; sort the pages table.
   The report is complete without this script; nothing is remembered between pages. */
(function () {
  "use strict";
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function fmt(n) { return n.toLocaleString("en"); }

  function setUpFilters(form) {
    var groups = document.querySelectorAll("section.rule[data-rule]");
    var rows = document.querySelectorAll("tr[data-f]");
    var outlines = document.querySelectorAll(".thumb .box[data-rule]");
    var status = form.querySelector(".filter-status");
    // The impacts, most severe first, as the report wrote them into the filter's checkboxes.
    var impacts = Array.prototype.map.call(form.querySelectorAll("input[name=impact]"), function (box) { return box.value; });
    form.hidden = false;

    function wanted() {
      var impacts = {};
      each(form.querySelectorAll("input[name=impact]"), function (box) { impacts[box.value] = box.checked; });
      return { impacts: impacts, rule: form.elements.rule.value, engine: form.elements.engine.value };
    }
    function matches(w, rule, engine, impact) {
      return (!w.rule || w.rule === rule) && (!w.engine || w.engine === engine) && w.impacts[impact] !== false;
    }
    function apply() {
      var w = wanted(), shown = 0, total = 0;
      each(groups, function (g) {
        var ok = matches(w, g.dataset.rule, g.dataset.engine, g.dataset.impact);
        g.hidden = !ok; total += 1; if (ok) shown += 1;
      });
      each(outlines, function (box) {  // the page thumbnail outlines only what the filters show
        box.hidden = !matches(w, box.dataset.rule, box.dataset.engine, box.dataset.impact);
      });
      each(rows, function (row) {
        var sums = { review: 0 }, any = false;
        impacts.forEach(function (i) { sums[i] = 0; });
        row.dataset.f.split(";").forEach(function (entry) {
          var p = entry.split(" ");
          if (p.length < 5 || !matches(w, p[0], p[1], p[2])) return;
          any = true;
          sums[p[3] === "failed" ? p[2] : "review"] += parseInt(p[4], 10) || 0;
        });
        each(row.querySelectorAll("td[data-col]"), function (cell) {
          var n = sums[cell.dataset.col] || 0;
          cell.textContent = fmt(n);
          cell.dataset.v = n;
          cell.classList.toggle("has", n > 0);
        });
        var filtering = w.rule || w.engine || impacts.some(function (i) { return !w.impacts[i]; });
        row.hidden = filtering && !any;
        total += 1; if (!row.hidden) shown += 1;
      });
      var what = rows.length ? "pages" : "rules";
      status.textContent = shown === total ? "" : "Showing " + shown + " of " + total + " " + what + ".";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  }

  function setUpSorting(table) {
    var heads = table.querySelectorAll("thead th[data-sort]");
    each(heads, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.dataset.sort === "num";
        var current = th.getAttribute("aria-sort");
        var dir = current ? (current === "ascending" ? "descending" : "ascending") : (numeric ? "descending" : "ascending");
        each(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col], r;
          if (numeric) {
            r = (parseInt(x.textContent.replace(/\D/g, ""), 10) || 0) - (parseInt(y.textContent.replace(/\D/g, ""), 10) || 0);
          } else {
            r = x.textContent.trim().localeCompare(y.textContent.trim());
          }
          return dir === "ascending" ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  var form = document.getElementById("filters");
  if (form) setUpFilters(form);
  each(document.querySelectorAll("table.sortable"), setUpSorting);
})();
