// A page opened at an anchor shows what the anchor points at: a folded part (<details>) there, or the one
// it sits in, is unfolded («Be om utsatt frist» reached by its own address, #frist).
(function () {
  "use strict";
  function unfold() {
    var id = decodeURIComponent((location.hash || "").slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var folded = target.tagName === "DETAILS" ? target : (target.closest("details") || target.querySelector(":scope > details"));
    if (folded && !folded.open) { folded.open = true; }
  }
  unfold();
  window.addEventListener("hashchange", unfold);
})();
