// The wizard's live panel: after each change, the form's unsaved answers are sent to
// the server, which plans them with the same planner and answers the panel's HTML.
(function () {
  "use strict";
  const form = document.getElementById("wizard-form");
  const panel = document.getElementById("live-panel");
  if (!form || !panel || !form.dataset.previewUrl) {
    return;
  }
  let timer = null;
  let sequence = 0;

  let changed = "";

  function refresh() {
    const data = new FormData(form);
    data.set("changed", changed);  // lets the panel say why a switch moved nothing
    const current = panel.querySelector("[data-applicable]");
    data.set("previous", current ? current.dataset.applicable : "");
    data.delete("action");
    const mine = ++sequence;
    panel.setAttribute("aria-busy", "true");
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        if (mine === sequence) {  // a slower, older answer must not win
          panel.innerHTML = html;
        }
      })
      .catch(function () { /* the saved plan stays shown */ })
      .finally(function () {
        if (mine === sequence) {  // a newer request is still on its way otherwise
          panel.removeAttribute("aria-busy");
        }
      });
  }

  form.addEventListener("change", function (event) {
    changed = event.target.name || "";
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
})();
