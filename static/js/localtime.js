// Shows assignment times in the reader's own time zone; without JavaScript they read in UTC.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  document.querySelectorAll("time.local-time[datetime]").forEach(function (el) {
    var moment = Date.parse(el.getAttribute("datetime"));
    if (!isNaN(moment)) { el.textContent = format.format(new Date(moment)); }
  });
})();
