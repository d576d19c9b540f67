// The keyboard and the clock of a quiz or exam page. The page works without it: this adds
// shortcuts, a live countdown with spoken warnings, and local times. The server keeps and
// enforces the deadline; at zero this script only asks the server again.
(function () {
  "use strict";

  var WARNINGS = [
    { seconds: 60, text: "One minute left. Unsaved answers are lost when the time is up." },
    { seconds: 300, text: "Five minutes left." }
  ];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function showDuration(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return h ? h + " h " + pad(m) + " min" : m + " min " + pad(s) + " s";
  }

  function startTimer(timer) {
    var countdown = timer.querySelector(".countdown");
    var warning = timer.querySelector(".time-warning");
    if (!countdown || countdown.dataset.msLeft === undefined) { return; }
    // Count from the server's figure with the page's monotonic clock, never the wall clock.
    var end = performance.now() + Number(countdown.dataset.msLeft);
    var warned = WARNINGS.length;
    var interval;
    function tick() {
      var left = Math.max(0, Math.ceil((end - performance.now()) / 1000));
      if (left === 0) {
        clearInterval(interval);
        countdown.textContent = "time is up";
        warning.textContent = "Time is up: your exam is being submitted.";
        // Half a second's grace so that the server's clock has passed the deadline too.
        setTimeout(function () { window.location.assign(timer.dataset.expireUrl); }, 500);
        return;
      }
      countdown.textContent = showDuration(left);
      for (var i = 0; i < WARNINGS.length; i++) {
        if (left <= WARNINGS[i].seconds && i < warned) {
          warned = i;
          warning.textContent = WARNINGS[i].text;
          timer.classList.add("timer-low");
          break;
        }
      }
    }
    tick();
    interval = setInterval(tick, 250);
  }

  function showLocalTimes(root) {
    root.querySelectorAll("time.local-time[datetime]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when.getTime())) { return; }
      el.textContent = when.toLocaleTimeString([], {
        hour: "2-digit", minute: "2-digit", timeZoneName: "short"
      });
    });
  }

  function isTyping(el) {
    if (!el) { return false; }
    if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") {
      return true;
    }
    if (el.tagName !== "INPUT") { return false; }
    return ["radio", "checkbox", "button", "submit", "reset"].indexOf(el.type) === -1;
  }

  function activate(selector) {
    var el = document.querySelector(selector);
    if (!el) { return false; }
    el.click();
    return true;
  }

  function toggleShortcuts() {
    var details = document.getElementById("shortcuts");
    if (!details) { return false; }
    details.open = !details.open;
    if (details.open) { details.querySelector("summary").focus(); }
    return true;
  }

  function pickChoice(number) {
    var choices = document.querySelectorAll("#attempt-body .answer-form input[name=choice]");
    var input = choices[number - 1];
    if (!input || input.disabled) { return false; }
    input.checked = input.type === "checkbox" ? !input.checked : true;
    input.focus();
    return true;
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) { return; }
    var target = event.target;
    var handled = false;
    if (event.key === "Enter" && target.name === "choice" && target.form) {
      // Enter on a choice saves it, as Enter in a text box would.
      target.form.requestSubmit();
      handled = true;
    } else if (/^[1-9]$/.test(event.key)) {
      handled = pickChoice(Number(event.key));
    } else if (event.key === "n" || event.key === "N") {
      handled = activate("#attempt-body a[rel=next]");
    } else if (event.key === "p" || event.key === "P") {
      handled = activate("#attempt-body a[rel=prev]");
    } else if (event.key === "f" || event.key === "F") {
      handled = activate("#attempt-body .flag-form button");
    } else if (event.key === "?") {
      handled = toggleShortcuts();
    } else if (event.key === "Escape") {
      var details = document.getElementById("shortcuts");
      if (details && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
        handled = true;
      }
    }
    if (handled) { event.preventDefault(); }
  }

  document.querySelectorAll(".timer[data-expire-url]").forEach(startTimer);
  showLocalTimes(document);
  document.addEventListener("keydown", onKey);
})();
