// Live updates of a release page: the release's event stream says when something changed, and
// the page fetches its changing part (rendered by the server, as on first load) and swaps it in.
// Without this script the page still works: its Refresh link reloads it.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || live.dataset.ended === "true" || !window.EventSource) {
    return;
  }

  var busy = false;
  var again = false;

  // Someone typing a reason keeps their text: the swap waits until the field is left.
  function editing() {
    var active = document.activeElement;
    return active && live.contains(active) && (active.tagName === "INPUT" || active.tagName === "TEXTAREA");
  }

  function refresh() {
    if (busy || editing()) {
      again = true;
      return;
    }

    busy = true;
    fetch(live.dataset.fragment, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }

        return response.text().then(function (html) {
          live.innerHTML = html;
        });
      })
      .catch(function () {
        again = true;
      })
      .finally(function () {
        busy = false;
        if (again) {
          again = false;
          window.setTimeout(refresh, 1000);
        }
      });
  }

  var source = new EventSource(live.dataset.events);
  source.addEventListener("progress", refresh);
  source.addEventListener("end", function () {
    source.close();
    refresh();
  });
  live.addEventListener("focusout", function () {
    if (again) {
      again = false;
      refresh();
    }
  });
})();
