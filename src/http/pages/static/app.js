// wegwijs: small enhancements for the server-rendered pages. Every page
// works without this file; it only adds place autocomplete and copying the
// "copy as message" text to the clipboard.
(function () {
  "use strict";

  // Place autocomplete: fills the <datalist> of inputs marked
  // data-autocomplete="places" from GET /api/v1/places?q=.
  function placeAutocomplete(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) { return; }
        last = q;
        fetch("/api/v1/places?q=" + encodeURIComponent(q) + "&limit=8", {
          headers: { "Accept": "application/json" },
          credentials: "same-origin"
        }).then(function (res) {
          return res.ok ? res.json() : [];
        }).then(function (data) {
          var places = Array.isArray(data) ? data : (data.places || data.items || []);
          while (list.firstChild) { list.removeChild(list.firstChild); }
          places.slice(0, 8).forEach(function (p) {
            var option = document.createElement("option");
            option.value = p.name;
            option.label = [p.municipality, p.province].filter(Boolean).join(", ");
            list.appendChild(option);
          });
        }).catch(function () { /* autocomplete is optional */ });
      }, 200);
    });
  }

  function copyText(textarea) {
    var text = textarea.value;
    textarea.focus();
    textarea.select();
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
        function () { return legacyCopy(); });
    }
    return Promise.resolve(legacyCopy());
  }

  function legacyCopy() {
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  // Copy as message: opening the block also copies its text.
  function copyBlock(details) {
    var summary = details.querySelector("summary");
    var textarea = details.querySelector("textarea");
    var status = details.querySelector(".copy-status");
    if (!summary || !textarea) { return; }
    function copy() {
      copyText(textarea).then(function (ok) {
        details.setAttribute("data-copied", ok ? "yes" : "no");
        if (status) {
          status.textContent = details.getAttribute(ok ? "data-copied-text" : "data-copy-failed-text");
        }
      });
    }
    summary.addEventListener("click", function () {
      if (!details.open) { setTimeout(copy, 0); }
    });
    var again = document.createElement("button");
    again.type = "button";
    again.className = "copy-again";
    again.textContent = details.getAttribute("data-copy-again-text") || summary.textContent;
    again.addEventListener("click", copy);
    details.appendChild(again);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-autocomplete=places]"), placeAutocomplete);
    Array.prototype.forEach.call(document.querySelectorAll("details.copy"), copyBlock);
    var errors = document.getElementById("errors");
    if (errors) { errors.focus(); }
  });
})();
