(function () {
  "use strict";
  function valueOf(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.trim() : "";
  }
  function compare(a, b) {
    if (a !== "" && b !== "" && isFinite(a) && isFinite(b)) { return Number(a) - Number(b); }
    if (a === "") { return b === "" ? 0 : 1; }
    if (b === "") { return -1; }
    return a.localeCompare(b, "ru");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.data"), function (table) {
    var body = table.tBodies[0];
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(valueOf(r1, i), valueOf(r2, i));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (input) {
    var target = document.getElementById(input.getAttribute("data-filter"));
    var counter = document.getElementById(input.getAttribute("data-count"));
    if (!target) { return; }
    var items = target.tagName === "TABLE" ? target.tBodies[0].rows
                                           : target.querySelectorAll(".doc");
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var hit = !query || item.textContent.toLowerCase().indexOf(query) >= 0;
        item.hidden = !hit;
        if (hit) { shown += 1; }
      });
      if (counter) { counter.textContent = String(shown); }
    });
  });
  // a link to a document's text (a table's doc_id) opens it
  function openTarget() {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.documentElement.setAttribute("data-ready", "1");
})();
