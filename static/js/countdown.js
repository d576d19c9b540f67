// Shows the time left of a timed exam. Display only: the server keeps and enforces the deadline.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    document.querySelectorAll("time.countdown[data-deadline]").forEach(function (el) {
      var left = Math.max(0, Math.floor((Date.parse(el.dataset.deadline) - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = h ? h + " h " + pad(m) + " min" : m + " min " + pad(s) + " s";
      if (left === 0 && !el.dataset.expired) {
        el.dataset.expired = "1";
        el.textContent = "time is up";
      }
    });
  }
  tick();
  setInterval(tick, 1000);
})();
