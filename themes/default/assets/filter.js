/* Offline filter for the year index: finds items by code or Thai words as you type. */
(function () {
  "use strict";
  var box = document.querySelector(".filter");
  var input = document.getElementById("filter");
  if (!box || !input) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("li.item[data-search]"));
  var count = document.getElementById("filter-count");
  var thaiDigits = "๐๑๒๓๔๕๖๗๘๙";
  function norm(s) {
    return s.normalize("NFC").toLowerCase().replace(/[๐-๙]/g, function (d) { return String(thaiDigits.indexOf(d)); })
      .replace(/\s+/g, " ").trim();
  }
  var texts = items.map(function (li) { return norm(li.getAttribute("data-search")); });
  function apply() {
    var q = norm(input.value);
    var shown = 0;
    items.forEach(function (li, i) {
      var code = texts[i].split(" ")[0];
      var hit = !q || texts[i].indexOf(q) !== -1 || (/^o\d+$/.test(q) && code.indexOf(q) === 0);
      li.hidden = !hit;
      if (hit) { shown += 1; }
    });
    document.querySelectorAll("section.sub").forEach(function (sec) {
      sec.hidden = !sec.querySelector("li.item:not([hidden])");
    });
    count.textContent = q ? "พบ " + shown + " ข้อ" : "";
  }
  box.hidden = false;
  input.addEventListener("input", apply);
}());
