/* Offline filter for the year index: finds items by code or Thai words as you type.
   Contract with the templates (any theme can reuse it):
   - .filter       the box, rendered `hidden`; shown here, so it never appears without JavaScript;
   - #filter       the search input; #filter-count the live status line (data-numerals="thai|arabic");
   - [data-search] one element per item whose text is "CODE title";
   - [data-filter-group] a container hidden when none of its items match (a heading, a sub-indicator).
   No network, no storage: it works from disk (file://) as well as from a server. */
(function () {
  "use strict";
  var box = document.querySelector(".filter");
  var input = document.getElementById("filter");
  if (!box || !input) { return; }
  var count = document.getElementById("filter-count");
  var thai = count && count.getAttribute("data-numerals") === "thai";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-filter-group]"));
  var thaiDigits = "๐๑๒๓๔๕๖๗๘๙";

  // Thai digits → Arabic, zero-width characters out, one space between words, lower case (o21 = O21).
  function norm(s) {
    return s.normalize("NFC").toLowerCase()
      .replace(/[๐-๙]/g, function (d) { return String(thaiDigits.indexOf(d)); })
      .replace(/[\u200b-\u200d\ufeff]/g, "")
      .replace(/\s+/g, " ").trim();
  }
  function shownDigits(n) {
    var s = String(n);
    return thai ? s.replace(/[0-9]/g, function (d) { return thaiDigits.charAt(+d); }) : s;
  }

  var entries = items.map(function (el) {
    var text = norm(el.getAttribute("data-search"));
    return { el: el, code: text.split(" ")[0], text: text };
  });

  // A query like "o2" matches codes that start with it (O2, O20 … O29); other words must all
  // appear somewhere in the code or title, in any order ("แผน จัดซื้อ").
  function matches(entry, words) {
    return words.every(function (w) {
      if (/^o\d+$/.test(w)) { return entry.code.indexOf(w) === 0; }
      return entry.text.indexOf(w) !== -1;
    });
  }

  function apply() {
    var q = norm(input.value);
    var words = q ? q.split(" ") : [];
    var shown = 0;
    entries.forEach(function (entry) {
      var hit = matches(entry, words);
      entry.el.hidden = !hit;
      if (hit) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-search]:not([hidden])");
    });
    if (count) {
      count.textContent = !q ? "" : shown ? "พบ " + shownDigits(shown) + " ข้อ" : "ไม่พบข้อที่ตรงกับคำค้น";
    }
  }

  box.hidden = false;
  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && input.value) { input.value = ""; apply(); }
  });
  if (input.value) { apply(); }  // the browser may restore the text on "back"
}());
