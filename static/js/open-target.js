// Opens the folded <details> that the address's #fragment points at or into, so a link such
// as /facts/#fact-KEY or /facts/#facts-TOPIC lands on something visible.
(function () {
  "use strict";
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var folded = false;
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) { el.open = true; folded = true; }
    }
    if (folded) { target.scrollIntoView(); }
  }
  reveal();
  window.addEventListener("hashchange", reveal);
})();
