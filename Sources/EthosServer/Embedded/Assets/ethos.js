// Progressive enhancement: every form works without this script.
// 1. The live hint on the feedback and mentoring forms: what the scorer reads in the text so
//    far, from POST /api/v1/score, shown in a polite live region.
// 2. The people page: a chosen CSV file is read into the text area.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  var text = document.querySelector("textarea[data-hint]");
  var hint = document.getElementById("hint");
  if (text && hint && token && window.fetch) {
    var timer = null, latest = 0;
    var render = function (result) {
      hint.textContent = "";
      var evidenced = result.verdicts.filter(function (v) { return v.verdict !== "not-evidenced"; });
      var heading = document.createElement("p");
      heading.className = "hint";
      heading.textContent = evidenced.length ? "So far this reads as:" : "No principle is evidenced yet.";
      hint.appendChild(heading);
      var list = document.createElement("ul");
      list.className = "verdicts";
      evidenced.forEach(function (v) {
        var item = document.createElement("li");
        var badge = document.createElement("span");
        badge.className = "badge " + v.verdict;
        badge.textContent = v.verdict === "aligned" ? "Aligned" : "Misaligned";
        item.appendChild(badge);
        item.appendChild(document.createTextNode(" " + (names[v.principle] || v.principle)));
        var reasons = (v.evidence || []).filter(function (e) { return !e.tone; }).slice(0, 2);
        if (reasons.length) {
          var why = document.createElement("span");
          why.className = "hint";
          why.textContent = " — " + reasons.map(function (e) { return e.reason; }).join(" ");
          item.appendChild(why);
        }
        list.appendChild(item);
      });
      hint.appendChild(list);
      (result.notes || []).forEach(function (note) {
        var p = document.createElement("p"); p.className = "hint"; p.textContent = note; hint.appendChild(p);
      });
    };
    var names = {};
    document.querySelectorAll("input[name=principle]").forEach(function (box) {
      var label = document.querySelector('label[for="' + box.id + '"]');
      if (label) { names[box.value] = label.textContent.trim(); }
    });
    var ask = function () {
      var value = text.value;
      if (!value.trim()) { hint.textContent = ""; return; }
      var mine = ++latest;
      fetch("/api/v1/score", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token.content },
        body: JSON.stringify({ text: value, kind: text.dataset.hint })
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (result) { if (result && mine === latest) { render(result); } })
        .catch(function () {});
    };
    text.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 400); });
    if (text.value.trim()) { ask(); }
  }
  var file = document.getElementById("csv-file"), area = document.getElementById("csv");
  if (file && area && window.FileReader) {
    file.addEventListener("change", function () {
      if (!file.files.length) { return; }
      var reader = new FileReader();
      reader.onload = function () { area.value = reader.result; };
      reader.readAsText(file.files[0]);
    });
  }
})();
