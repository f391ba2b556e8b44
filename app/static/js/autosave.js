// Autosave for the response form: saves a few seconds after the last keystroke.
// Without JavaScript the "Lagre utkast" button does the same.
(function () {
  "use strict";
  var form = document.getElementById("response-form");
  if (!form || !form.dataset.autosaveUrl || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var timer = null, saving = false, dirty = false, stopped = false;

  function show(text) { if (status) { status.textContent = text; } }

  function save() {
    if (saving || stopped) { dirty = true; return; }
    saving = true; dirty = false;
    show(form.dataset.textSaving);
    fetch(form.dataset.autosaveUrl, {method: "POST", body: new FormData(form), credentials: "same-origin",
                                     headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json().then(function (body) { return [response.status, body]; }); })
      .then(function (result) {
        var body = result[1];
        if (body.saved) {
          if (version) { version.value = body.version; }
          show(form.dataset.textSaved.replace("{time}", body.saved_at));
        } else {
          show(body.message || form.dataset.textNotSaved);
          if (result[0] === 409) { stopped = true; }
        }
      })
      .catch(function () { show(form.dataset.textOffline); })
      .then(function () { saving = false; if (dirty) { schedule(); } });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 3000);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function () { window.clearTimeout(timer); stopped = true; });
})();
