// Corroborate newsroom: keeps the story list live. When the server says stories changed
// (server-sent events from /api/events), the rows are fetched again as HTML and swapped in.
// Nothing else on the site needs a script.
(function () {
  "use strict";
  var live = document.getElementById("live");
  var rows = document.getElementById("rows");
  if (!live || !rows || !window.EventSource) { return; }
  var url = live.getAttribute("data-live");
  var pending = false;
  function reload() {
    if (pending) { return; }
    pending = true;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        var total = response.headers.get("x-total");
        if (total !== null) { document.getElementById("total").textContent = total; }
        return response.text();
      })
      .then(function (html) {
        rows.innerHTML = html;
        live.textContent = "live · updated " + new Date().toLocaleTimeString();
      })
      .catch(function () { live.textContent = "live · update failed, retrying"; })
      .then(function () { pending = false; });
  }
  var events = new EventSource("/api/events");
  events.addEventListener("stories", reload);
  events.onerror = function () { live.textContent = "reconnecting…"; };
})();
