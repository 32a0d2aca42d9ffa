/* itagen edit: document rows (add, move, remove), file or link, and the text's live preview.
   The form works without this script (one empty row, both fields shown); it only adds comfort. */
(function () {
  "use strict";
  var form = document.querySelector("form.editor");
  if (!form) return;
  var list = form.querySelector("ol.rows");
  var template = document.getElementById("row-template");
  var added = 0;

  function number() {
    var rows = list.querySelectorAll("li.row");
    rows.forEach(function (row, i) {
      row.querySelector(".n").textContent = String(i + 1);
      row.querySelector("button.up").disabled = i === 0;
      row.querySelector("button.down").disabled = i === rows.length - 1;
    });
  }

  function showKind(row) {
    var url = row.querySelector('input[type="radio"][value="url"]').checked;
    row.querySelector(".for-file").hidden = url;
    row.querySelector(".for-url").hidden = !url;
  }

  function addRow() {
    added += 1;
    var id = "n" + (1000 + added);
    var html = template.innerHTML.replace(/NEW/g, id);
    list.insertAdjacentHTML("beforeend", html);
    var row = list.lastElementChild;
    showKind(row);
    number();
    row.querySelector('input[type="text"]').focus();
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var row = button.closest("li.row");
    if (button.classList.contains("up") && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (button.classList.contains("down") && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    } else if (button.classList.contains("remove")) {
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      if (next) next.querySelector("button.remove").focus();
      number();
      return;
    } else {
      return;
    }
    number();
    button.focus();
  });
  list.addEventListener("change", function (event) {
    if (event.target.type === "radio") showKind(event.target.closest("li.row"));
  });
  form.querySelector("button.add").addEventListener("click", addRow);
  list.querySelectorAll("li.row").forEach(showKind);
  number();

  var body = form.querySelector("#body");
  var out = form.querySelector(".md-preview");
  if (!body || !out) return;
  var timer = null;
  var sent = null;
  function preview() {
    if (body.value === sent) return;
    sent = body.value;
    var data = new FormData();
    data.append("body", body.value);
    fetch(form.dataset.preview, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        out.innerHTML = answer.html;  /* the build's renderer, raw HTML off */
        answer.problems.forEach(function (text) {
          var p = document.createElement("p");
          p.className = "error";
          p.textContent = text;
          out.appendChild(p);
        });
      })
      .catch(function () { sent = null; });
  }
  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(preview, 300);
  });
  preview();
})();
