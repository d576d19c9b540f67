// Flip-card review from the keyboard: Space shows the answer, 1-4 rate it (Again, Hard,
// Good, Easy). The page works without this: the answer is a <details>, the ratings are
// submit buttons in a real form; this only adds the keys.
(function () {
  "use strict";
  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var card = document.querySelector("[data-flip-card]");
    if (!card) return;
    var answer = card.querySelector("details.flip-answer");
    if (!answer) return;
    if (event.key === " " && !answer.open) {
      // A focused <summary> or button already acts on Space by itself.
      if (event.target.closest("summary, button, a")) return;
      event.preventDefault();
      answer.open = true;
      answer.querySelector("summary").focus();
      return;
    }
    if (/^[1-4]$/.test(event.key) && answer.open) {
      var form = answer.querySelector("form");
      var button = form && form.querySelector('button[name="rating"][value="' + event.key + '"]');
      if (!button || form.dataset.sent) return;
      // One rating per showing; the server also counts a resent one once.
      form.dataset.sent = "1";
      event.preventDefault();
      button.click();
    }
  });
})();
