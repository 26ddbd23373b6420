// The station page's progress: polls the status endpoint until the connection is
// done, failed or expired, and then offers the proposals.
(function () {
  "use strict";
  const panel = document.getElementById("station-progress");
  if (!panel || !panel.dataset.statusUrl) {
    return;
  }
  const state = document.getElementById("station-state");
  const error = document.getElementById("station-error");
  const done = document.getElementById("station-done");
  const link = document.getElementById("station-proposals");

  function show(status) {
    state.textContent = status.label;
    state.dataset.state = status.state || "";
    error.textContent = status.error || "";
    error.classList.toggle("d-none", !status.error);
    if (status.proposals_url) {
      link.href = status.proposals_url;
      done.classList.remove("d-none");
    }
  }

  function poll() {
    fetch(panel.dataset.statusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (status) {
          show(status);
        }
        if (!status || !status.finished) {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
